"""Fetch: one module per chain family, all I/O through the shared transport."""

from __future__ import annotations

from typing import TYPE_CHECKING

from txdoctor.config import ChainConfig
from txdoctor.fetch.interface import ChainFetcher
from txdoctor.fetch.transport import Transport

if TYPE_CHECKING:
    from txdoctor.fetch.evm_tokens import TokenCache


def fetcher_for(chain: ChainConfig, transport: Transport, *,
                tokens: TokenCache | None = None) -> ChainFetcher | None:
    """The fetcher of ``chain``'s family, or None for a family not supported yet.

    ``tokens`` is the run's cache of EVM token metadata (one per ``Doctor``).
    """
    if chain.family == "evm":
        from txdoctor.fetch.evm import EvmFetcher

        return EvmFetcher(chain, transport, tokens)
    if chain.family == "tron":
        from txdoctor.fetch.tron import TronFetcher

        return TronFetcher(chain, transport)
    if chain.family == "solana":
        from txdoctor.fetch.solana import SolanaFetcher

        return SolanaFetcher(chain, transport)
    if chain.family == "bitcoin":
        from txdoctor.fetch.bitcoin import BitcoinFetcher

        return BitcoinFetcher(chain, transport)
    return None


__all__ = ["ChainFetcher", "Transport", "fetcher_for"]
