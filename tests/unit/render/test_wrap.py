"""Chinese in the terminal: lines break between characters, never leaving a numbered step
empty, cutting an identifier shorter than the line, or starting a line with "。" or "）"."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from rich.cells import cell_len
from rich.console import Console

from txdoctor.advise import advise
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.render.human import report_view
from txdoctor.render.wrap import NO_LINE_START, wrap

HASH = "0x" + "ab" * 32
METHOD = "(eth_feeHistory)"
SENTENCE = (
    "说明：交易正在 Ethereum 上等待，但手续费过低，目前无法被打包。它的最高费用（0.5 gwei）"
    f"低于网络的基础费用（2 gwei）。节点 {METHOD} 没有返回。交易哈希：{HASH}。"
)


@pytest.mark.parametrize("width", range(12, 90))
def test_wrap_keeps_identifiers_whole_and_no_line_starts_with_closing_punctuation(
    width: int,
) -> None:
    lines = wrap(SENTENCE, width)
    assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")
    assert all(line and line[0] not in NO_LINE_START for line in lines), lines
    assert all(cell_len(line) <= width + 2 for line in lines), lines  # + a hanging "。"
    for word in re.findall(r"[A-Za-z0-9_.()]+", SENTENCE):
        if len(word) <= width:
            assert any(word in line for line in lines), (word, lines)


def stuck_report(lang: str) -> Report:
    finding = Finding(
        Verdict.PENDING_LOW_FEE,
        {
            "chain": "ethereum",
            "nonce": 7,
            "symbol": "ETH",
            "problem": "below_base_fee",
            "fee_cap_gwei": Decimal("0.5"),
            "base_fee_gwei": Decimal("2"),
            "new_max_fee_gwei": Decimal("4.275"),
            "new_tip_gwei": Decimal("0.275"),
            "new_max_cost": Decimal("0.000089775"),
        },
        family="evm",
    )
    return Report(
        input=HASH,
        kind="transaction",
        value=HASH,
        findings=(finding,),
        advice=(advise(finding, lang, {"ethereum": "Ethereum"}),),
        lang=lang,
        chain="ethereum",
        chain_title="Ethereum",
    )


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW"])
@pytest.mark.parametrize("width", [30, 41, 57, 80])
def test_no_numbered_step_is_left_empty_in_the_terminal(lang: str, width: int) -> None:
    stream = io.StringIO()
    Console(file=stream, width=width, color_system=None).print(report_view(stuck_report(lang)))
    lines = stream.getvalue().splitlines()
    steps = [line for line in lines if re.match(r"^ \d+\. ", line + " ")]
    assert len(steps) == 3, lines
    assert all(re.match(r"^ \d+\. \S", line) for line in steps), steps
    assert not any(line.lstrip()[:1] in NO_LINE_START for line in lines if line.strip()), lines
