"""Fetch: one module per chain family, all I/O through the shared transport."""

from __future__ import annotations

from txdoctor.config import ChainConfig
from txdoctor.fetch.interface import ChainFetcher
from txdoctor.fetch.transport import Transport


def fetcher_for(chain: ChainConfig, transport: Transport) -> ChainFetcher | None:
    """The fetcher of ``chain``'s family, or None for a family not supported yet."""
    if chain.family == "evm":
        from txdoctor.fetch.evm import EvmFetcher

        return EvmFetcher(chain, transport)
    return None


__all__ = ["ChainFetcher", "Transport", "fetcher_for"]
