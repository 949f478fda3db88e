"""Replacement fees for a pending EVM transaction: numbers a user can type into a wallet.

Nodes accept a replacement (same nonce) only if it raises BOTH fee fields by at least
10 % (go-ethereum txpool PriceBump = 10); it must also beat the current market.
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.facts import EvmFees, FeeMarket

PRICE_BUMP_PERCENT = 10
_ROUND_TO = 10**6  # 0.001 gwei: keeps the numbers short without undercutting the bump


@dataclass(frozen=True)
class Replacement:
    """Fees for a speed-up or cancel transaction with the same nonce, in wei."""

    max_fee: int
    max_priority_fee: int | None  # None: a legacy transaction, max_fee is its gas price
    gas_limit: int

    @property
    def max_cost(self) -> int:
        """The most the replacement can cost in fees, in wei."""
        return self.max_fee * self.gas_limit


def bumped(value: int) -> int:
    """The smallest value a node accepts as a replacement of ``value``."""
    return -(-value * (100 + PRICE_BUMP_PERCENT) // 100)


def _round_up(wei: int) -> int:
    return -(-wei // _ROUND_TO) * _ROUND_TO


def replacement_fees(fees: EvmFees, market: FeeMarket) -> Replacement:
    """Fees that both satisfy the bump rule and can be mined in the next blocks.

    The max fee leaves room for the base fee to double (it can rise 12.5 % a block),
    as wallets do, so the replacement does not get stuck in turn.
    """
    tip = max(bumped(fees.tip_cap), market.tip_median, 1)
    if fees.max_fee is None:  # legacy: one gas price covers base fee and tip
        price = max(bumped(fees.fee_cap), market.next_base_fee + tip)
        return Replacement(_round_up(price), None, fees.gas_limit)
    tip = _round_up(tip)
    max_fee = max(bumped(fees.fee_cap), 2 * market.next_base_fee + tip)
    return Replacement(_round_up(max_fee), tip, fees.gas_limit)


def fresh_fees(market: FeeMarket, gas_limit: int) -> Replacement:
    """Fees that get a transaction mined in the next blocks when the fees of the one it
    replaces (if any) are unknown: the recent median tip, and room for the base fee to
    double. A replacement must also beat the old fees by ``PRICE_BUMP_PERCENT``."""
    tip = _round_up(max(market.tip_median, 1))
    return Replacement(_round_up(2 * market.next_base_fee + tip), tip, gas_limit)
