"""The human view names a failure without a reason in words, never by its code."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from rich.console import Console

from txdoctor.advise import advise
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import Amount, Failure, FailureKind, TxFacts, TxState
from txdoctor.render.human import report_view

HASH = "0x" + "ab" * 32


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Failure  out of gas"), ("zh-TW", "失敗原因  Gas 不足")]
)
def test_out_of_gas_is_said_in_words(lang: str, words: str) -> None:
    facts = TxFacts(
        chain="ethereum",
        family="evm",
        hash=HASH,
        state=TxState.INCLUDED,
        sender="0x" + "11" * 20,
        recipient="0x" + "22" * 20,
        value=Amount(0, 18, "ETH"),
        success=False,
        block_number=5,
        latest_block=9,
        failure=Failure(FailureKind.OUT_OF_GAS),
    )
    finding = Finding(
        Verdict.FAILED_OUT_OF_GAS,
        {"chain": "ethereum", "gas_limit": 21000, "fee": Decimal("0.00042"), "symbol": "ETH"},
    )
    report = Report(
        input=HASH,
        kind="transaction",
        value=HASH,
        findings=(finding,),
        advice=(advise(finding, lang),),
        lang=lang,
        facts=facts,
    )
    stream = io.StringIO()
    Console(file=stream, width=120, color_system=None).print(report_view(report))
    text = " ".join(stream.getvalue().split(" " * 3))
    assert "out_of_gas" not in text
    assert words.split("  ")[1] in text and words.split("  ")[0] in text
