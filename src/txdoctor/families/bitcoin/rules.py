"""Rules for one Bitcoin transaction, and for an address's unconfirmed money. No I/O.

A waiting transaction is compared with the market by the rate miners see (its package's
effective rate when an explorer gave it): at or above the one-hour rate it is PENDING, below
it PENDING_LOW_FEE with the fee to replace it (RBF) and the fee of a child that pulls it
through (CPFP). Params whose name starts with ``btc_`` pick extra sentences (variants).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from txdoctor.core.units import coins
from txdoctor.diagnose.confirmations import base_params, in_block
from txdoctor.diagnose.finality import settled_by_confirmations
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, TxFacts, TxState
from txdoctor.families.bitcoin.facts import (
    BitcoinFeeMarket,
    BitcoinOutput,
    BitcoinReplacement,
    BitcoinTxDetails,
)
from txdoctor.families.bitcoin.rules_fees import cpfp_affordable, cpfp_child, policy, rbf_bump

SHOWN_RATE = Decimal("0.01")


def diagnose_bitcoin_transaction(facts: TxFacts) -> Finding:
    """The verdict for a Bitcoin transaction found on the chain."""
    details = facts.bitcoin
    if details is not None and details.replaced_by is not None:
        return _replaced(facts, details.replaced_by)
    if facts.state is TxState.INCLUDED:
        return in_block(facts)
    return _waiting(facts)


def shown(rate: Decimal) -> Decimal:
    """A fee rate as people read it: two decimals at most."""
    return rate.quantize(SHOWN_RATE, rounding=ROUND_HALF_UP).normalize()


def _replaced(facts: TxFacts, replacement: BitcoinReplacement) -> Finding:
    status = {True: "confirmed", False: "pending", None: "unknown"}[replacement.confirmed]
    return Finding(
        Verdict.REPLACED,
        base_params(facts) | {"replaced_by": replacement.txid, "btc_replacement": status},
    )


def _waiting(facts: TxFacts) -> Finding:
    details = facts.bitcoin
    params = base_params(facts)
    if details is None:
        return Finding(Verdict.PENDING, params)
    params |= {
        "fee_sat": Decimal(details.fee_sat),
        "vsize": details.vsize,
        "fee_rate": shown(details.fee_rate),
    }
    market = details.market
    if market is None:
        return Finding(Verdict.PENDING, params | {"btc_market": "unknown"})
    rate = details.mined_rate
    params |= _market_params(market) | _package_params(details)
    if rate >= market.hour:
        return Finding(Verdict.PENDING, params | {"btc_eta": _eta(rate, market)})
    return Finding(Verdict.PENDING_LOW_FEE, params | _speed_up(facts, details, market, rate))


def _market_params(market: BitcoinFeeMarket) -> dict[str, Param]:
    return {
        "fastest_rate": shown(market.fastest),
        "half_hour_rate": shown(market.half_hour),
        "hour_rate": shown(market.hour),
        "economy_rate": shown(market.economy),
        "minimum_rate": shown(market.minimum),
    }


def _package_params(details: BitcoinTxDetails) -> dict[str, Param]:
    """How its unconfirmed relatives change the rate miners see, when they do."""
    package = details.package
    if package is None or package.effective_rate is None:
        return {}
    effective = shown(package.effective_rate)
    if package.accelerated:
        return {"effective_rate": effective, "btc_package": "accelerated"}
    if effective > shown(details.fee_rate):
        return {"effective_rate": effective, "btc_package": "boosted"}
    if effective < shown(details.fee_rate):
        return {"effective_rate": effective, "btc_package": "held_back"}
    return {}


def _eta(rate: Decimal, market: BitcoinFeeMarket) -> str:
    if rate >= market.fastest:
        return "next_block"
    return "half_hour" if rate >= market.half_hour else "hour"


def _wait(rate: Decimal, market: BitcoinFeeMarket) -> str:
    if rate >= market.economy:
        return "hours"
    return "days" if rate >= market.minimum else "below_minimum"


def _speed_up(
    facts: TxFacts, details: BitcoinTxDetails, market: BitcoinFeeMarket, rate: Decimal
) -> dict[str, Param]:
    """What the sender (RBF) or the recipient (CPFP) can pay to get it mined soon."""
    target = market.half_hour
    bump = rbf_bump(details, target)
    params: dict[str, Param] = {
        "target_rate": shown(target),
        "btc_wait": _wait(rate, market),
        "expiry_days": policy().mempool_expiry_hours // 24,
        "rbf_fee_sat": Decimal(bump.fee_sat),
        "rbf_rate": bump.rate,
        "btc_rbf": "signalled" if details.signals_rbf else "full_rbf",
    }
    output = _cpfp_output(facts, details.outputs)
    if output is None:
        return params | {"btc_cpfp": "none"}
    child = cpfp_child(details, output, target)
    return params | {
        "cpfp_fee_sat": Decimal(child.fee_sat),
        "cpfp_rate": child.rate,
        "child_vsize": child.vsize,
        "cpfp_output": output.address,
        "cpfp_value": coins(output.value_sat, 8),
        "btc_cpfp": "ok" if cpfp_affordable(output, child) else "too_small",
    }


def _cpfp_output(facts: TxFacts, outputs: Sequence[BitcoinOutput]) -> BitcoinOutput | None:
    """The output the recipient would spend in a child: the recipient's, else the largest."""
    spendable = [o for o in outputs if o.address is not None]
    mine = [o for o in spendable if o.address == facts.recipient]
    candidates = mine or spendable
    return max(candidates, key=lambda o: o.value_sat) if candidates else None


def bitcoin_pending_address(facts: Sequence[AddressFacts]) -> Finding | None:
    """ADDRESS_STUCK_PENDING for the first Bitcoin address with unconfirmed transactions."""
    for address in facts:
        details = address.bitcoin
        if details is None or details.unconfirmed_tx_count == 0:
            continue
        symbol = address.balance.symbol if address.balance else "BTC"
        return Finding(
            Verdict.ADDRESS_STUCK_PENDING,
            {
                "chain": address.chain,
                "waiting": details.unconfirmed_tx_count,
                "incoming": coins(details.unconfirmed_in_sat, 8),
                "outgoing": coins(details.unconfirmed_out_sat, 8),
                "symbol": symbol,
                "txid": details.pending_txids[0] if details.pending_txids else None,
            },
            family=address.family,
        )
    return None


# The names the shared rules look up (txdoctor.core.registry).
diagnose_transaction = diagnose_bitcoin_transaction
pending_address = bitcoin_pending_address


def is_settled(facts: TxFacts) -> bool:
    """Final once replaced for good, or once its block has the confirmations."""
    replaced = facts.bitcoin is not None and facts.bitcoin.replaced_by is not None
    return replaced or settled_by_confirmations(facts)
