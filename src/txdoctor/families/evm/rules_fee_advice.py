"""Concrete fees for the transaction that unblocks an EVM sender: params for the advice.

``evm_fees`` picks the sentence (``advise/catalog/tokens.py`` variants): ``exact`` when
the fees of the transaction to replace are known (speed-up and cancel fees that nodes
accept), ``exact_legacy`` for a legacy (gas price) transaction, ``market`` when only the
fee market is known (fees that get a new transaction mined now; a replacement must also
beat the old fees by 10 %).
"""

from __future__ import annotations

from txdoctor.core.units import coins, gwei
from txdoctor.diagnose.verdicts import Param
from txdoctor.facts import EvmFees, FeeMarket
from txdoctor.families.evm.rules_fees import PRICE_BUMP_PERCENT, fresh_fees, replacement_fees

CANCEL_GAS = 21_000  # a cancel is a plain 0-value transfer to oneself


def advice_params(
    nonce: int | None,
    fees: EvmFees | None,
    market: FeeMarket | None,
    decimals: int,
    gas_limit: int | None = None,
) -> dict[str, Param]:
    """Params naming the fees for nonce ``nonce``; empty when the market is unknown."""
    if market is None or nonce is None:
        return {}
    if fees is not None:
        new = replacement_fees(fees, market)
        kind = "exact" if new.max_priority_fee is not None else "exact_legacy"
    else:
        new = fresh_fees(market, gas_limit or CANCEL_GAS)
        kind = "market"
    return {
        "evm_fees": kind,
        "replace_nonce": nonce,
        "new_max_fee_gwei": gwei(new.max_fee),
        "new_tip_gwei": None if new.max_priority_fee is None else gwei(new.max_priority_fee),
        "new_max_cost": coins(new.max_cost, decimals),
        "replace_gas_limit": new.gas_limit,
        "base_fee_gwei": gwei(market.next_base_fee),
        "bump_percent": PRICE_BUMP_PERCENT,
    }
