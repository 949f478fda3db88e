"""What was found on a chain, as plain typed data; the same shape for every family.

Facts hold raw units (wei, satoshi, sun, lamports) as ``int``; turning them into words
and decimals is the job of the advise and render layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class LookupStatus(StrEnum):
    """How one chain answered the question."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"


class TxState(StrEnum):
    """Where a transaction stands on its chain."""

    PENDING = "pending"  # known to a node, not in a block
    INCLUDED = "included"  # in a block (succeeded or failed)


class FailureKind(StrEnum):
    """Why an included transaction failed."""

    REVERTED = "reverted"
    OUT_OF_GAS = "out_of_gas"


@dataclass(frozen=True)
class Amount:
    """A quantity of a coin or token in its smallest unit."""

    raw: int
    decimals: int
    symbol: str

    @property
    def value(self) -> Decimal:
        """The quantity in whole coins (exact)."""
        return Decimal(self.raw).scaleb(-self.decimals)


@dataclass(frozen=True)
class Failure:
    """Why a transaction failed, as far as it could be learnt.

    ``reason``, ``error_name`` and ``raw_data`` come from the chain: untrusted text.
    """

    kind: FailureKind
    reason: str | None = None  # Error(string) text, or the node's message
    error_name: str | None = None  # custom error signature when known
    selector: str | None = None  # 4-byte selector of the revert data, 0x…
    panic_code: int | None = None
    raw_data: str | None = None
    replayed: bool = False  # whether the reason comes from a replay of the call


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


@dataclass(frozen=True)
class TxFacts:
    """One transaction as found on one chain."""

    chain: str
    family: str
    hash: str
    state: TxState
    sender: str | None
    recipient: str | None
    value: Amount
    success: bool | None = None  # None while pending
    nonce: int | None = None
    block_number: int | None = None
    latest_block: int | None = None
    required_confirmations: int = 1
    block_time: float = 0.0
    fee_paid: Amount | None = None
    failure: Failure | None = None
    evm_fees: EvmFees | None = None
    market: FeeMarket | None = None
    nonces: SenderNonces | None = None
    creates_contract: bool = False

    @property
    def confirmations(self) -> int | None:
        """Blocks on top of (and including) the transaction's block."""
        if self.block_number is None or self.latest_block is None:
            return None
        return max(0, self.latest_block - self.block_number + 1)


@dataclass(frozen=True)
class ChainLookup:
    """The answer of one chain: found (with facts), not found, or why it could not say."""

    chain: str
    status: LookupStatus
    facts: TxFacts | None = None
    reason: str | None = None  # why unreachable/skipped, or how not-found was confirmed
    notes: tuple[str, ...] = field(default=())  # e.g. an endpoint answering for another chain
