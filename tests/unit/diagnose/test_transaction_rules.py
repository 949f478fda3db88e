"""Every EVM transaction rule, on facts alone (no network)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from txdoctor.advise import advise
from txdoctor.diagnose import Verdict, diagnose_transaction
from txdoctor.facts import (
    Amount,
    EvmFees,
    Failure,
    FailureKind,
    FeeMarket,
    SenderNonces,
    TxFacts,
    TxState,
)
from txdoctor.families.evm.rules_fees import bumped, replacement_fees

GWEI = 10**9


def mined(**changes: object) -> TxFacts:
    facts = TxFacts(
        chain="ethereum",
        family="evm",
        hash="0x" + "ab" * 32,
        state=TxState.INCLUDED,
        sender="0x" + "11" * 20,
        recipient="0x" + "22" * 20,
        value=Amount(10**18, 18, "ETH"),
        success=True,
        nonce=7,
        block_number=100,
        latest_block=111,
        required_confirmations=12,
        block_time=12.0,
        fee_paid=Amount(21000 * 20 * GWEI, 18, "ETH"),
        evm_fees=EvmFees(
            gas_limit=21000,
            gas_used=21000,
            max_fee=30 * GWEI,
            max_priority_fee=GWEI,
            effective_gas_price=20 * GWEI,
        ),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def pending(
    max_fee: int = 30 * GWEI,
    tip: int = 2 * GWEI,
    nonce: int = 7,
    latest: int = 7,
    in_pool: int = 8,
    base: int = 20 * GWEI,
) -> TxFacts:
    return mined(
        state=TxState.PENDING,
        success=None,
        block_number=None,
        fee_paid=None,
        nonce=nonce,
        evm_fees=EvmFees(gas_limit=21000, max_fee=max_fee, max_priority_fee=tip),
        nonces=SenderNonces(latest=latest, pending=in_pool),
        market=FeeMarket(next_base_fee=base, tip_low=GWEI, tip_median=2 * GWEI),
    )


def test_enough_confirmations_is_confirmed() -> None:
    finding = diagnose_transaction(mined(latest_block=111))  # 12 blocks incl. its own
    assert finding.code is Verdict.CONFIRMED
    assert finding.params["confirmations"] == 12


def test_fewer_confirmations_says_how_many_and_how_long() -> None:
    finding = diagnose_transaction(mined(latest_block=104))
    assert finding.code is Verdict.CONFIRMING
    assert (finding.params["confirmations"], finding.params["required"]) == (5, 12)
    assert finding.params["minutes"] == 2  # 7 blocks x 12 s
    assert "5 of the 12 confirmations" in advise(finding).summary


def test_fee_competitive_pending_is_pending() -> None:
    assert diagnose_transaction(pending()).code is Verdict.PENDING


def test_max_fee_below_base_fee_is_low_fee_with_concrete_replacement() -> None:
    finding = diagnose_transaction(pending(max_fee=10 * GWEI, tip=GWEI, base=20 * GWEI))
    assert finding.code is Verdict.PENDING_LOW_FEE
    assert finding.params["problem"] == "below_base_fee"
    # Replacement: both fields at least +10 %, max fee covering a doubled base fee + tip.
    assert finding.params["new_tip_gwei"] == Decimal(2)
    assert finding.params["new_max_fee_gwei"] == Decimal(42)
    text = advise(finding)
    assert "below the network's base fee (20 gwei)" in text.summary
    assert "42 gwei" in text.steps[0] and "nonce 7" in text.steps[0]


def test_tip_far_below_recent_blocks_is_low_fee() -> None:
    finding = diagnose_transaction(pending(tip=GWEI // 10))
    assert finding.code is Verdict.PENDING_LOW_FEE
    assert finding.params["problem"] == "tip_too_low"


def test_earlier_nonce_missing_is_nonce_gap_naming_it() -> None:
    finding = diagnose_transaction(pending(nonce=9, latest=7, in_pool=7))
    assert finding.code is Verdict.PENDING_NONCE_GAP
    assert finding.params["blocking_nonce"] == 7
    assert "missing" in advise(finding).summary


def test_earlier_nonce_pending_in_pool_is_named_too() -> None:
    finding = diagnose_transaction(pending(nonce=9, latest=7, in_pool=8))
    assert finding.code is Verdict.PENDING_NONCE_GAP
    assert finding.params["blocking_in_pool"] == "yes"


def test_nonce_already_used_means_replaced() -> None:
    assert diagnose_transaction(pending(nonce=5, latest=7)).code is Verdict.REPLACED


@pytest.mark.parametrize(
    ("failure", "expected_line"),
    [
        (
            Failure(FailureKind.REVERTED, reason="Ownable: caller is not the owner"),
            "The contract's reason: Ownable: caller is not the owner",
        ),
        (
            Failure(FailureKind.REVERTED, panic_code=0x11, selector="0x4e487b71"),
            "arithmetic overflow or underflow",
        ),
        (
            Failure(
                FailureKind.REVERTED, error_name="V2TooLittleReceived()", selector="0x849eaf98"
            ),
            "slippage tolerance",
        ),
        (Failure(FailureKind.REVERTED, selector="0xdeadbeef"), "error code 0xdeadbeef"),
        (Failure(FailureKind.REVERTED), "gave no reason"),
    ],
)
def test_revert_explains_the_reason(failure: Failure, expected_line: str) -> None:
    finding = diagnose_transaction(mined(success=False, failure=failure))
    assert finding.code is Verdict.FAILED_REVERTED
    assert expected_line in advise(finding).summary


def test_out_of_gas_says_limit_and_fee() -> None:
    facts = mined(success=False, failure=Failure(FailureKind.OUT_OF_GAS))
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.FAILED_OUT_OF_GAS
    assert "used up its whole gas limit of 21000" in advise(finding).summary
    assert "0.00042 ETH" in advise(finding).summary


def test_replacement_of_legacy_transaction_bumps_gas_price() -> None:
    fees = EvmFees(gas_limit=50_000, gas_price=5 * GWEI)
    new = replacement_fees(fees, FeeMarket(next_base_fee=GWEI, tip_low=0, tip_median=GWEI))
    assert new.max_priority_fee is None
    assert new.max_fee >= bumped(5 * GWEI)
    assert new.max_cost == new.max_fee * 50_000
