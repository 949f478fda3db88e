"""Tron rules on facts: finality, failures, fake tokens, and the details of an address."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from txdoctor.advise import advise
from txdoctor.diagnose import Verdict, diagnose_transaction
from txdoctor.diagnose.address import diagnose_address_search
from txdoctor.diagnose.search import diagnose_search
from txdoctor.facts import (
    AddressFacts,
    Amount,
    ChainLookup,
    Failure,
    FailureKind,
    LookupStatus,
    RecentTransfer,
    TokenInfo,
    TokenStatus,
    TokenTransfer,
    TxFacts,
    TxState,
)
from txdoctor.families.tron.facts import (
    TronAccountDetails,
    TronPrices,
    TronResources,
    TronTxDetails,
)
from txdoctor.families.tron.rules import tron_address_params

SENDER, RECIPIENT, ME = (
    "TX3QoJvDqrmiMkibdyqdhGMhopGMSpVxJE",
    "TFAmKoo4LkQq8NfVEB8otCrQExgt6cqnDb",
    "TWAFRfZFmhVQZjxM3De7Mp5UZ9sLqWqpHp",
)
USDT = TokenInfo(
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "USDT",
    "Tether USD",
    6,
    TokenStatus.OFFICIAL,
    official_name="Tether USD",
)
FAKE = TokenInfo(
    "TB7wbYPkiqs17GfEZnW8D8bE3yDkooTx78",
    "USDT",
    "Tether USD",
    6,
    TokenStatus.IMPOSTOR,
    official_name="Tether USD",
    imitates="USDT",
    official_contract=USDT.contract,
)
PRICES = TronPrices(
    energy=100, bandwidth=1000, create_account=100_000, create_account_in_contract=1_000_000
)


def trx(sun: int) -> Amount:
    return Amount(sun, 6, "TRX")


def usdt_transfer(block: int = 1000, solid: int | None = 1000, **tron: object) -> TxFacts:
    details = TronTxDetails(
        "TriggerSmartContract",
        result="SUCCESS",
        solidified_block=solid,
        selector="a9059cbb",
        **tron,
    )  # type: ignore[arg-type]
    return TxFacts(
        chain="tron",
        family="tron",
        hash="ab" * 32,
        state=TxState.INCLUDED,
        sender=SENDER,
        recipient=USDT.contract,
        value=trx(0),
        success=True,
        block_number=block,
        latest_block=block + 20,
        required_confirmations=19,
        block_time=3,
        fee_paid=trx(345_000),
        transfers=(TokenTransfer(USDT, SENDER, RECIPIENT, 250_000_000),),
        tron=details,
    )


def failed(result: str, kind: FailureKind, resources: TronResources, **extra: object) -> TxFacts:
    facts = usdt_transfer()
    assert facts.tron is not None
    attempted = TokenTransfer(USDT, SENDER, RECIPIENT, 250_000_000)
    tron = replace(
        facts.tron, result=result, resources=resources, attempted=attempted, prices=PRICES
    )
    return replace(
        facts,
        success=False,
        transfers=(),
        tron=tron,
        failure=Failure(kind, **extra),  # type: ignore[arg-type]
        fee_paid=trx(resources.energy_fee + resources.bandwidth_fee),
    )


def test_solidified_block_is_confirmed_with_the_transfer_said() -> None:
    finding = diagnose_transaction(usdt_transfer(block=1000, solid=1003))
    assert finding.code is Verdict.CONFIRMED and finding.family == "tron"
    assert finding.params["tron_transfer"] == "official"
    assert finding.params["amount"] == Decimal(250) and finding.params["recipient"] == RECIPIENT
    text = advise(finding, "en", {"tron": "Tron"}).summary
    assert "irreversible" in text and "250 USDT (the official Tether USD contract)" in text


def test_block_above_the_solidified_one_is_confirming_with_seconds_left() -> None:
    finding = diagnose_transaction(usdt_transfer(block=1000, solid=993))
    assert finding.code is Verdict.CONFIRMING
    assert finding.params["remaining"] == 7 and finding.params["seconds"] == 21
    assert "about 21 s (7 more blocks)" in advise(finding).summary


def test_without_the_solidified_block_confirmations_decide() -> None:
    assert diagnose_transaction(usdt_transfer(solid=None)).code is Verdict.CONFIRMED  # 21 ≥ 19
    facts = replace(usdt_transfer(solid=None), latest_block=1004)
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.CONFIRMING and finding.params["remaining"] == 14


def test_included_without_a_receipt_yet_is_confirming() -> None:
    facts = replace(usdt_transfer(), block_number=None, latest_block=None)
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.CONFIRMING and finding.params["seconds"] == 57


def test_a_fake_usdt_is_fake_token_even_when_it_succeeded() -> None:
    facts = replace(usdt_transfer(), transfers=(TokenTransfer(FAKE, SENDER, RECIPIENT, 10**9),))
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.FAKE_TOKEN
    assert finding.params["official_contract"] == USDT.contract
    advice = advise(finding, "en", {"tron": "Tron"})
    assert FAKE.contract in advice.summary and "no value" in advice.summary
    assert any(USDT.contract in step for step in advice.steps)


def test_the_senders_own_transfer_is_the_one_spoken_about() -> None:
    fee = TokenTransfer(USDT, RECIPIENT, ME, 1)  # e.g. a contract paying someone else first
    own = TokenTransfer(USDT, SENDER, RECIPIENT, 5_000_000)
    facts = replace(usdt_transfer(), transfers=(fee, own))
    assert diagnose_transaction(facts).params["amount"] == Decimal(5)


def test_trx_transfer_names_amount_and_recipient() -> None:
    details = TronTxDetails("TransferContract", result="SUCCESS", solidified_block=2000)
    facts = replace(
        usdt_transfer(), recipient=RECIPIENT, value=trx(6_265_363), transfers=(), tron=details
    )
    finding = diagnose_transaction(facts)
    assert finding.params["tron_transfer"] == "trx"
    assert f"It sent 6.265363 TRX to {RECIPIENT}." in advise(finding).summary


def test_out_of_energy_at_the_fee_limit() -> None:
    res = TronResources(
        fee_limit=13_500_000,
        energy_total=95_790,
        energy_from_stake=32_007,
        energy_fee=13_394_430,
        bandwidth_fee=345_000,
    )
    finding = diagnose_transaction(failed("OUT_OF_ENERGY", FailureKind.OUT_OF_ENERGY, res))
    p = finding.params
    assert finding.code is Verdict.FAILED_OUT_OF_ENERGY
    assert p["tron_energy_limit"] == "fee_limit" and p["tron_attempt"] == "official"
    assert "tron_transfer" not in p  # nothing moved: no "It sent …"
    assert p["cost_used_trx"] == Decimal("9.579") and p["energy_price"] == 100
    assert p["suggested_energy"] == 130_000
    # It paid 210 sun per energy then (13,394,430 / 63,783): the advice budgets at that price.
    assert p["suggested_fee_trx"] == 28
    advice = advise(finding)
    assert "13.5 TRX: the limit was set too low" in advice.summary
    assert "It tried to send 250 USDT" in advice.summary
    assert any("at least 28 TRX" in s for s in advice.steps)


def test_out_of_energy_below_the_fee_limit_blames_the_account() -> None:
    res = TronResources(fee_limit=100_000_000, energy_total=30_000, energy_fee=3_000_000)
    finding = diagnose_transaction(failed("OUT_OF_ENERGY", FailureKind.OUT_OF_ENERGY, res))
    assert finding.params["tron_energy_limit"] == "account"
    assert finding.params["suggested_fee_trx"] == 13  # 130,000 energy at 100 sun
    assert "did not have enough TRX or energy" in advise(finding).summary


def test_out_of_energy_of_another_call_budgets_twice_what_it_used() -> None:
    res = TronResources(fee_limit=50_000_000, energy_total=400_000, energy_fee=40_000_000)
    facts = failed("OUT_OF_ENERGY", FailureKind.OUT_OF_ENERGY, res)
    assert facts.tron is not None
    facts = replace(facts, tron=replace(facts.tron, selector="38ed1739", attempted=None))
    finding = diagnose_transaction(facts)
    assert finding.params["suggested_energy"] == 800_000
    assert "tron_attempt" not in finding.params


def test_revert_with_a_reason() -> None:
    res = TronResources(fee_limit=100_000_000, energy_total=1090, energy_fee=457_800)
    facts = failed("REVERT", FailureKind.REVERTED, res, reason="insufficient balance")
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.FAILED_REVERTED and finding.params["cause"] == "balance"
    summary = advise(finding).summary
    assert "contract call failed" in summary and "insufficient balance" in summary
    assert "REVERT" not in summary and "REVERT" in " ".join(advise(finding).agent_notes)
    assert "frozen (blacklisted)" in summary


def test_out_of_time_charges_the_whole_fee_limit() -> None:
    res = TronResources(fee_limit=150_000_000, energy_total=1_500_000, energy_fee=150_000_000)
    finding = diagnose_transaction(failed("OUT_OF_TIME", FailureKind.FAULT, res))
    assert finding.code is Verdict.FAILED_REVERTED
    assert finding.params["tron_fault"] == "out_of_time"
    summary = advise(finding).summary
    assert "80 ms" in summary and "whole fee limit (150 TRX)" in summary
    assert "The contract's error: OUT_OF_TIME" in summary


@pytest.mark.parametrize(
    ("code", "fault"), [("TRANSFER_FAILED", "transfer_failed"), ("BAD_JUMP_DESTINATION", "vm")]
)
def test_other_vm_codes_are_named(code: str, fault: str) -> None:
    finding = diagnose_transaction(failed(code, FailureKind.FAULT, TronResources()))
    assert finding.params["tron_fault"] == fault and finding.params["error_name"] == code


def test_not_found_on_tron_only_speaks_of_expiration() -> None:
    lookups = [ChainLookup("tron", LookupStatus.NOT_FOUND, family="tron")]
    (finding,) = diagnose_search(lookups, None)
    assert finding.code is Verdict.NOT_FOUND and finding.family == "tron"
    steps = " ".join(advise(finding).steps)
    assert "60 seconds after it was signed" in steps and "safe to send" in steps


def test_unreachable_tron_shows_the_reason() -> None:
    lookups = [
        ChainLookup(
            "tron",
            LookupStatus.UNREACHABLE,
            family="tron",
            reason="TronGrid rate limit: set TRON_PRO_API_KEY",
        )
    ]
    (finding,) = diagnose_search(lookups, None)
    assert finding.code is Verdict.UNREACHABLE and finding.family == "tron"
    assert "TRON_PRO_API_KEY" in " ".join(advise(finding).agent_notes)
    assert "TRON_PRO_API_KEY" not in advise(finding).summary


# -- addresses ------------------------------------------------------------------------


def address(
    trx_sun: int,
    usdt: int,
    *,
    activated: bool = True,
    energy: int = 0,
    bandwidth: int = 600,
    recent: tuple[RecentTransfer, ...] = (),
) -> AddressFacts:
    return AddressFacts(
        chain="tron",
        family="tron",
        address=ME,
        balance=trx(trx_sun),
        token_balances=((USDT, usdt),),
        has_activity=activated or usdt > 0 or bool(recent),
        activated=activated,
        recent=recent,
        tron=TronAccountDetails(energy_left=energy, bandwidth_left=bandwidth, prices=PRICES),
    )


def test_address_with_too_little_trx_to_send_its_usdt() -> None:
    params = tron_address_params(address(2_000_000, 50_000_000))
    assert params["tron_fee_budget"] == "low" and params["transfer_fee_trx"] == 7  # 65k × 100
    assert params["tokens"] == "50 USDT" and "tron_account" not in params


def test_staked_energy_covers_the_fee() -> None:
    params = tron_address_params(address(2_000_000, 50_000_000, energy=70_000))
    assert "tron_fee_budget" not in params


def test_unactivated_address_holding_usdt() -> None:
    params = tron_address_params(address(0, 10_000_000, activated=False, bandwidth=0))
    assert params["tron_account"] == "not_activated_holding"
    assert params["activation_fee_trx"] == Decimal("1.1")
    assert params["transfer_fee_trx"] == 7  # 6.5 TRX energy + 0.345 TRX bandwidth, rounded up


def test_last_transfer_of_a_fake_token_is_flagged() -> None:
    last = RecentTransfer("cd" * 32, RECIPIENT, ME, Amount(10**9, 6, "USDT"), FAKE, 1, True)
    params = tron_address_params(address(5_000_000, 0, recent=(last,)))
    assert params["tron_last"] == "in" and params["last_counterparty"] == RECIPIENT
    assert params["tron_last_fake"] == "yes"


def test_address_verdicts_get_the_tron_wording() -> None:
    lookup = ChainLookup(
        "tron",
        LookupStatus.FOUND,
        family="tron",
        address=address(0, 10_000_000, activated=False, bandwidth=0),
    )
    (finding,) = diagnose_address_search([lookup], None)
    assert finding.code is Verdict.ADDRESS_OK and finding.family == "tron"
    summary = advise(finding).summary
    assert "holds 0 TRX" in summary and "It also holds 10 USDT." in summary
    assert "not activated" in summary and "1.1 TRX" in summary

    unused = ChainLookup(
        "tron", LookupStatus.FOUND, family="tron", address=address(0, 0, activated=False)
    )
    (finding,) = diagnose_address_search([unused], None)
    assert finding.code is Verdict.ADDRESS_UNUSED and finding.family == "tron"
    advice = advise(finding)
    assert "1.1 TRX on top of the amount" in advice.summary
    assert any("130000 energy" in step for step in advice.steps)
