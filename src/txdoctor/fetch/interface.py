"""What every chain family's fetcher offers the pipeline."""

from __future__ import annotations

from typing import Protocol

from txdoctor.config import ChainConfig
from txdoctor.facts import ChainLookup


class MalformedAnswer(ValueError):
    """An endpoint's answer does not have the shape the protocol documents.

    Every family's parsers raise it; its fetcher turns it into an UNREACHABLE lookup.
    """


class ChainFetcher(Protocol):
    """Looks things up on one chain. The only layer that does I/O (via the transport).

    A chain that cannot answer yields a ``ChainLookup`` saying so; it never raises.
    """

    chain: ChainConfig

    def lookup_transaction(self, tx_hash: str) -> ChainLookup:
        """Find one transaction and gather the facts its diagnosis needs."""
        ...

    def lookup_address(self, address: str) -> ChainLookup:
        """What this chain knows of an address: balance, activity, what sits there."""
        ...
