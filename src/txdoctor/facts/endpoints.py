"""Facts about the endpoints themselves, learnt while asking them about a transaction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EndpointLag:
    """An endpoint whose latest block is far behind another endpoint of the same chain.

    ``endpoint`` is the redacted URL; its answer was not preferred over the other's.
    """

    endpoint: str
    tip: int  # the lagging endpoint's latest block
    reference_tip: int  # the latest block of the endpoint it was compared with

    @property
    def behind(self) -> int:
        """How many blocks it is behind."""
        return self.reference_tip - self.tip


@dataclass(frozen=True)
class EndpointHealth:
    """One endpoint's answer to "who are you and where are you"."""

    chain: str
    endpoint: str  # redacted
    reachable: bool
    chain_id: int | None = None
    chain_id_ok: bool | None = None
    latest_block: int | None = None
    latency_ms: float | None = None
    error: str | None = None
