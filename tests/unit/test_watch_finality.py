"""``watch`` stops when the facts say the transaction is settled on its chain, whatever the
verdict code: every code × every family, settled and not yet settled."""

from __future__ import annotations

from dataclasses import replace

import pytest

from txdoctor.advise.report import Report
from txdoctor.commands.watch import FINAL_WITHOUT_FACTS, is_final
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import Amount, Failure, FailureKind, TxFacts, TxState
from txdoctor.families.solana.facts import Commitment, SolanaTxFacts
from txdoctor.families.tron.facts import TronTxDetails

HASH = "ab" * 32
FAMILIES = ("evm", "bitcoin", "tron", "solana", "aptos")


def facts(family: str, *, settled: bool, success: bool = True) -> TxFacts:
    """An included transaction of ``family``: settled on its chain, or not yet."""
    base = TxFacts(
        chain=family,
        family=family,
        hash=HASH,
        state=TxState.INCLUDED,
        sender="s",
        recipient="r",
        value=Amount(1, 0, "X"),
        success=success,
        block_number=100,
        latest_block=120 if settled else 101,
        required_confirmations=12,
        failure=None if success else Failure(FailureKind.OUT_OF_ENERGY),
    )
    if family == "tron":
        return replace(
            base,
            tron=TronTxDetails(
                contract_type="TriggerSmartContract", solidified_block=100 if settled else 99
            ),
        )
    if family == "aptos":  # final at commit: "not yet settled" is still in the mempool
        if settled:
            return replace(base, latest_block=None)
        return replace(base, state=TxState.PENDING, success=None, block_number=None)
    if family == "solana":
        commitment = Commitment.FINALIZED if settled else Commitment.CONFIRMED
        return replace(base, solana=SolanaTxFacts(commitment=commitment, slot=100))
    return base


def report(code: Verdict, tx: TxFacts | None) -> Report:
    return Report(
        input=HASH,
        kind="transaction",
        value=HASH,
        findings=(Finding(code),),
        advice=(),
        lang="en",
        chain=tx.chain if tx else None,
        facts=tx,
    )


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("code", list(Verdict))
def test_settled_facts_are_final_whatever_the_code(code: Verdict, family: str) -> None:
    assert is_final(report(code, facts(family, settled=True)))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("code", list(Verdict))
def test_unsettled_facts_are_not_final_unless_the_code_ends_it(code: Verdict, family: str) -> None:
    pending = replace(
        facts(family, settled=False), state=TxState.PENDING, success=None, block_number=None
    )
    for tx in (facts(family, settled=False), pending):
        assert is_final(report(code, tx)) is (code in FINAL_WITHOUT_FACTS), tx


@pytest.mark.parametrize("family", ["evm", "tron"])
def test_a_failure_in_a_block_is_final_at_once(family: str) -> None:
    failed = facts(family, settled=False, success=False)
    assert is_final(report(Verdict.FAILED_OUT_OF_ENERGY, failed))
    assert is_final(report(Verdict.FAILED_REVERTED, failed))


def test_a_failed_solana_transaction_waits_for_finalized() -> None:
    failed = facts("solana", settled=False, success=False)
    assert not is_final(report(Verdict.FAILED_REVERTED, failed))
    assert is_final(report(Verdict.FAILED_REVERTED, facts("solana", settled=True, success=False)))


@pytest.mark.parametrize("code", [Verdict.NOT_FOUND, Verdict.UNREACHABLE, Verdict.PENDING])
def test_without_facts_only_replaced_dropped_or_unsupported_end_the_watch(code: Verdict) -> None:
    assert not is_final(report(code, None))
    assert all(is_final(report(c, None)) for c in FINAL_WITHOUT_FACTS)


def test_anything_but_a_transaction_ends_the_watch_at_once() -> None:
    address = replace(report(Verdict.ADDRESS_OK, None), kind="address")
    assert is_final(address)


@pytest.mark.parametrize("success", [True, False])
def test_an_aptos_transaction_is_final_once_committed_without_any_depth(success: bool) -> None:
    committed = replace(facts("aptos", settled=True, success=success), latest_block=None)
    assert committed.confirmations is None
    assert is_final(report(Verdict.CONFIRMED if success else Verdict.FAILED_REVERTED, committed))
