"""Bitcoin rules on facts: confirmations, fee rate against the market, RBF and CPFP fees,
replacements, an address's unconfirmed money. Pure functions, no network."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from txdoctor.diagnose.transaction import diagnose_transaction
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.facts import AddressFacts, Amount, TxFacts, TxState
from txdoctor.families.bitcoin.facts import (
    BitcoinAddressDetails,
    BitcoinFeeMarket,
    BitcoinOutput,
    BitcoinPackage,
    BitcoinReplacement,
    BitcoinTxDetails,
)
from txdoctor.families.bitcoin.rules import bitcoin_pending_address, diagnose_bitcoin_transaction
from txdoctor.families.bitcoin.rules_fees import cpfp_child, policy, rbf_bump

RECIPIENT = "bc1p5t79edz9w4fcnmkjjk4e6k2tp7kd8cqggz37gal60sp9gyk9x72sk4mk0f"
SENDER = "1stAprEZapjCYGUACUcXohQqSHF9MU5Kj"
# mempool.space's documented recommendation (API docs, websocket "fees" sample).
MARKET = BitcoinFeeMarket(Decimal(7), Decimal(6), Decimal(5), Decimal(4), Decimal(2), "recommended")


def details(
    fee: int = 606,
    weight: int = 932,
    signals: bool = True,
    value: int = 49394,
    script: str = "v1_p2tr",
    **more: object,
) -> BitcoinTxDetails:
    """The replaced transaction 242f3fff… of tests/fixtures/bitcoin: 2.6 sat/vB, 233 vB."""
    return BitcoinTxDetails(
        weight=weight,
        fee_sat=fee,
        version=2,
        signals_rbf=signals,
        input_count=1,
        outputs=(BitcoinOutput(RECIPIENT, value, script),),
        input_addresses=(SENDER,),
        **more,
    )  # type: ignore[arg-type]


def facts(
    btc: BitcoinTxDetails,
    state: TxState = TxState.PENDING,
    block: int | None = None,
    tip: int | None = None,
) -> TxFacts:
    return TxFacts(
        chain="bitcoin",
        family="bitcoin",
        hash="24" * 32,
        state=state,
        sender=SENDER,
        recipient=RECIPIENT,
        value=Amount(49394, 8, "BTC"),
        success=True if state is TxState.INCLUDED else None,
        block_number=block,
        latest_block=tip,
        required_confirmations=4,
        block_time=600,
        fee_paid=Amount(btc.fee_sat, 8, "BTC"),
        bitcoin=btc,
    )


def test_size_and_rate_follow_bip141() -> None:
    d = details()
    assert d.vsize == 233  # 932 / 4
    assert d.fee_rate == Decimal("2.601")  # 606 / 233
    assert details(fee=584, weight=573).vsize == 144  # 573 / 4 = 143.25, rounded up


@pytest.mark.parametrize(
    ("tip", "code", "confirmations"),
    [
        (890448, Verdict.CONFIRMING, 1),  # the tip is the block itself: 1 confirmation
        (890450, Verdict.CONFIRMING, 3),
        (890451, Verdict.CONFIRMED, 4),
    ],
)
def test_confirmations_count_the_block_itself(tip: int, code: Verdict, confirmations: int) -> None:
    finding = diagnose_bitcoin_transaction(facts(details(), TxState.INCLUDED, 890448, tip))
    assert finding.code is code
    assert finding.params["confirmations"] == confirmations
    assert finding.params["required"] == 4


def test_confirming_says_how_long_is_left() -> None:
    finding = diagnose_bitcoin_transaction(facts(details(), TxState.INCLUDED, 890448, 890449))
    assert finding.params["remaining"] == 2
    assert finding.params["minutes"] == 20  # two 10-minute blocks


def test_the_family_picks_the_bitcoin_rules() -> None:
    finding = diagnose_transaction(facts(details(market=MARKET)))
    assert finding.family == "bitcoin"
    assert finding.code is Verdict.PENDING_LOW_FEE


@pytest.mark.parametrize(
    ("fee", "eta"), [(1631, "next_block"), (1398, "half_hour"), (1165, "hour")]
)
def test_a_competitive_rate_is_pending_with_an_estimate(fee: int, eta: str) -> None:
    finding = diagnose_bitcoin_transaction(facts(details(fee=fee, market=MARKET)))
    assert finding.code is Verdict.PENDING
    assert finding.params["btc_eta"] == eta


def test_without_the_market_it_is_pending_and_says_it_cannot_compare() -> None:
    finding = diagnose_bitcoin_transaction(facts(details()))
    assert finding.code is Verdict.PENDING
    assert finding.params["btc_market"] == "unknown"
    assert finding.params["fee_rate"] == Decimal("2.6")


@pytest.mark.parametrize(("fee", "wait"), [(932, "hours"), (606, "days"), (300, "below_minimum")])
def test_a_low_rate_says_how_long_it_may_wait(fee: int, wait: str) -> None:
    finding = diagnose_bitcoin_transaction(facts(details(fee=fee, market=MARKET)))
    assert finding.code is Verdict.PENDING_LOW_FEE
    assert finding.params["btc_wait"] == wait
    assert finding.params["expiry_days"] == 14


def test_low_fee_gives_the_rbf_fee_to_reach_the_half_hour_rate() -> None:
    finding = diagnose_bitcoin_transaction(facts(details(market=MARKET)))
    # 6 sat/vB x 233 vB = 1398 sat, above the rule's 606 + 1 x 233 = 839 sat.
    assert finding.params["rbf_fee_sat"] == Decimal(1398)
    assert finding.params["rbf_rate"] == Decimal("6.0")
    assert finding.params["target_rate"] == Decimal(6)
    assert finding.params["btc_rbf"] == "signalled"


def test_the_replacement_rule_wins_when_the_market_is_cheap() -> None:
    cheap = BitcoinFeeMarket(Decimal(3), Decimal(3), Decimal(3), Decimal(2), Decimal(1), "x")
    bump = rbf_bump(details(fee=600), cheap.half_hour)
    # Market: 3 x 233 = 699; rule: old fee 600 + incremental 1 sat/vB x 233 = 833.
    assert bump.fee_sat == 833
    assert bump.rate == Decimal("3.6")  # 833 / 233 = 3.575..., rounded up


def test_a_replacement_also_pays_for_the_children_it_evicts() -> None:
    d = details(package=BitcoinPackage(descendant_fee_sat=500, descendant_vsize=110))
    assert rbf_bump(d, Decimal(1)).fee_sat == 606 + 500 + 233


def test_unsignalled_transactions_rely_on_full_rbf() -> None:
    finding = diagnose_bitcoin_transaction(facts(details(signals=False, market=MARKET)))
    assert finding.params["btc_rbf"] == "full_rbf"


def test_cpfp_child_brings_the_package_to_the_target() -> None:
    finding = diagnose_bitcoin_transaction(facts(details(market=MARKET)))
    # P2TR child of 111 vB: 6 x (233 + 111) = 2064, minus the parent's 606 = 1458 sat.
    assert finding.params["cpfp_fee_sat"] == Decimal(1458)
    assert finding.params["child_vsize"] == 111
    assert finding.params["cpfp_rate"] == Decimal("13.2")
    assert finding.params["cpfp_output"] == RECIPIENT
    assert finding.params["btc_cpfp"] == "ok"


def test_cpfp_pays_for_unconfirmed_parents_too() -> None:
    d = details(package=BitcoinPackage(ancestor_fee_sat=100, ancestor_vsize=200))
    child = cpfp_child(d, d.outputs[0], Decimal(6))
    assert child.fee_sat == 6 * (233 + 200 + 111) - (606 + 100)


def test_an_output_too_small_for_the_child_cannot_cpfp() -> None:
    finding = diagnose_bitcoin_transaction(facts(details(value=1500, market=MARKET)))
    assert finding.params["btc_cpfp"] == "too_small"  # 1500 - 1458 sat is below dust


def test_unknown_script_types_use_the_conservative_child_size() -> None:
    d = details(script="nonstandard")
    assert cpfp_child(d, d.outputs[0], Decimal(6)).vsize == policy().child_vsize["other"]


def test_a_child_already_paying_enough_makes_it_pending() -> None:
    boosted = details(market=MARKET, package=BitcoinPackage(effective_rate=Decimal("5.5")))
    finding = diagnose_bitcoin_transaction(facts(boosted))
    assert finding.code is Verdict.PENDING
    assert finding.params["btc_package"] == "boosted"
    assert finding.params["effective_rate"] == Decimal("5.5")


def test_unconfirmed_parents_holding_it_back_make_it_low_fee() -> None:
    held = details(fee=1398, market=MARKET, package=BitcoinPackage(effective_rate=Decimal("3.1")))
    finding = diagnose_bitcoin_transaction(facts(held))
    assert finding.code is Verdict.PENDING_LOW_FEE
    assert finding.params["btc_package"] == "held_back"


@pytest.mark.parametrize(
    ("confirmed", "status"), [(True, "confirmed"), (False, "pending"), (None, "unknown")]
)
def test_a_spent_input_means_replaced(confirmed: bool | None, status: str) -> None:
    replaced = details(replaced_by=BitcoinReplacement("b6" * 32, confirmed, "outspend"))
    finding = diagnose_bitcoin_transaction(facts(replaced))
    assert finding.code is Verdict.REPLACED
    assert finding.params["replaced_by"] == "b6" * 32
    assert finding.params["btc_replacement"] == status


def test_replaced_wins_over_confirmed_facts_of_a_stale_view() -> None:
    stale = replace(
        facts(details(replaced_by=BitcoinReplacement("b6" * 32, True, "x"))),
        state=TxState.INCLUDED,
        block_number=1,
        latest_block=9,
    )
    assert diagnose_bitcoin_transaction(stale).code is Verdict.REPLACED


def address(unconfirmed: int, incoming: int = 0, outgoing: int = 0) -> AddressFacts:
    return AddressFacts(
        chain="bitcoin",
        family="bitcoin",
        address=RECIPIENT,
        balance=Amount(0, 8, "BTC"),
        has_activity=True,
        bitcoin=BitcoinAddressDetails(0, incoming, outgoing, 0, unconfirmed, ("24" * 32,)),
    )


def test_an_address_with_unconfirmed_money_is_reported_with_amounts() -> None:
    finding = bitcoin_pending_address([address(1, incoming=49394)])
    assert finding is not None
    assert finding.code is Verdict.ADDRESS_STUCK_PENDING
    assert finding.family == "bitcoin"
    assert finding.params["incoming"] == Decimal("0.00049394")
    assert finding.params["outgoing"] == Decimal(0)
    assert finding.params["txid"] == "24" * 32


def test_an_address_with_nothing_unconfirmed_has_no_pending_finding() -> None:
    assert bitcoin_pending_address([address(0)]) is None


def test_an_accelerated_transaction_says_so() -> None:
    accelerated = details(
        market=MARKET, package=BitcoinPackage(effective_rate=Decimal("15.45"), accelerated=True)
    )
    finding = diagnose_bitcoin_transaction(facts(accelerated))
    assert finding.code is Verdict.PENDING
    assert finding.params["btc_package"] == "accelerated"


def test_without_a_spendable_output_only_the_sender_can_bump() -> None:
    data_only = replace(details(market=MARKET), outputs=(BitcoinOutput(None, 0, "op_return"),))
    finding = diagnose_bitcoin_transaction(facts(data_only))
    assert finding.params["btc_cpfp"] == "none"
    assert "cpfp_fee_sat" not in finding.params
