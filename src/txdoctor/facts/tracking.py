"""What the local history remembers of a pending transaction, and what became of its nonce.

An EVM transaction is one use of its sender's nonce. When the hash disappears, the nonce
tells what happened: used by another transaction (replaced: a speed-up, a cancel or a
double spend) or still unused (dropped: nothing happened, it can be sent again). A
transaction that carries an expiry time (Aptos) and disappears after it has expired.
"""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.facts.common import Amount


@dataclass(frozen=True)
class SeenTx:
    """A pending transaction as txdoctor saw it earlier (from the local history)."""

    chain: str
    hash: str
    sender: str
    nonce: int
    first_seen: float  # unix time
    last_seen: float
    block: int | None = None  # the chain's latest block when first seen pending
    max_fee: int | None = None  # wei per gas (maxFeePerGas, or gasPrice)
    tip: int | None = None  # wei per gas (maxPriorityFeePerGas)
    recipient: str | None = None
    value: int | None = None  # raw units
    expires_at: float | None = None  # unix time after which it never can be included


@dataclass(frozen=True)
class Replacement:
    """The mined transaction that used the nonce of another one."""

    hash: str
    recipient: str | None
    value: Amount
    block: int


@dataclass(frozen=True)
class NonceUse:
    """The sender's nonce counts now, and who used the nonce when it is used."""

    latest: int  # transactions of the sender mined so far
    pending: int  # the same with the node's pool
    replacement: Replacement | None = None  # found when the nonce is used and could be traced

    def used(self, nonce: int) -> bool:
        """Whether a mined transaction has used ``nonce``."""
        return self.latest > nonce

    def waiting(self, nonce: int) -> bool:
        """Whether another transaction with ``nonce`` waits in the pool."""
        return not self.used(nonce) and self.pending > nonce
