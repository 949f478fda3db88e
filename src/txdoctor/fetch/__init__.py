"""Fetch: one module per chain family, all I/O through the shared transport."""

from __future__ import annotations

from typing import TYPE_CHECKING

from txdoctor.config import ChainConfig
from txdoctor.core import registry
from txdoctor.fetch.interface import ChainFetcher
from txdoctor.fetch.transport import Transport

if TYPE_CHECKING:
    from txdoctor.fetch.token_cache import TokenCache


def fetcher_for(
    chain: ChainConfig, transport: Transport, *, tokens: TokenCache | None = None
) -> ChainFetcher | None:
    """The fetcher of ``chain``'s family, or None for a family not supported yet.

    ``tokens`` is the run's cache of token metadata (one per ``Doctor``); a family that has no
    use for it ignores it.
    """
    make = registry.part(chain.family, "fetch", "make_fetcher")
    if make is None:
        return None
    fetcher: ChainFetcher = make(chain, transport, tokens)
    return fetcher


__all__ = ["ChainFetcher", "Transport", "fetcher_for"]
