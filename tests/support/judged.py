"""A fetcher as the pipeline sees it: its answers with their tokens judged (diagnose/tokens.py).

Fetchers report what each token says of itself; whether it is the official token, an impostor
or unlisted is a diagnosis, made once per answer by the pipeline. Fetch tests that check the
verdict on a token wrap their fetcher in ``Judged``.
"""

from __future__ import annotations

from txdoctor.config import ChainConfig
from txdoctor.diagnose.tokens import judge_lookup, judge_token
from txdoctor.facts import ChainLookup, RecentTransfer, TokenMeta
from txdoctor.fetch.interface import ChainFetcher


class Judged:
    """``fetcher``'s lookups, judged against its chain's tokens table."""

    def __init__(self, fetcher: ChainFetcher) -> None:
        self.fetcher = fetcher
        self.chain: ChainConfig = fetcher.chain

    def lookup_transaction(self, tx_hash: str) -> ChainLookup:
        return judge_lookup(self.fetcher.lookup_transaction(tx_hash), self.chain)

    def lookup_address(self, address: str) -> ChainLookup:
        return judge_lookup(self.fetcher.lookup_address(address), self.chain)


def judged_row(row: RecentTransfer, chain: ChainConfig) -> RecentTransfer:
    """One explorer row with its token judged (EVM contracts compare case-insensitively)."""
    from dataclasses import replace

    if row.token is None:
        return row
    token = row.token
    meta = TokenMeta(token.symbol, token.name, token.decimals)
    return replace(row, token=judge_token(chain.tokens, token.contract, meta))
