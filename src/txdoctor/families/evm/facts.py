"""EVM-only facts: fee fields, the fee market, the sender's nonces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvmFees:
    """The fee fields of an EVM transaction and what it paid, in wei."""

    gas_limit: int
    gas_used: int | None = None
    gas_price: int | None = None  # legacy and access-list transactions
    max_fee: int | None = None  # EIP-1559
    max_priority_fee: int | None = None
    effective_gas_price: int | None = None

    @property
    def fee_cap(self) -> int:
        """The most it will pay per gas: maxFeePerGas, or gasPrice for older types."""
        return self.max_fee if self.max_fee is not None else (self.gas_price or 0)

    @property
    def tip_cap(self) -> int:
        """The most it offers the block producer per gas above the base fee."""
        if self.max_priority_fee is not None:
            return self.max_priority_fee
        return self.gas_price or 0


@dataclass(frozen=True)
class FeeMarket:
    """What the chain charges now, in wei per gas (from ``eth_feeHistory``)."""

    next_base_fee: int
    tip_low: int  # a low percentile of what recent blocks paid
    tip_median: int
    base_fee_history: tuple[int, ...] = ()


@dataclass(frozen=True)
class SenderNonces:
    """The sender's transaction counts: mined, and including the node's pool."""

    latest: int
    pending: int
