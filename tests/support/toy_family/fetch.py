"""The toy family's fetcher: ``GET /tx/<hash>`` on its endpoint, through the shared transport."""

from __future__ import annotations

from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.facts import Amount, ChainLookup, LookupStatus, TxFacts, TxState
from txdoctor.fetch.transport import AllEndpointsFailed, Transport


class ToyFetcher:
    """Looks a transaction up on one toy chain."""

    def __init__(self, chain: ChainConfig, transport: Transport) -> None:
        self.chain = chain
        self.transport = transport

    def lookup_transaction(self, tx_hash: str) -> ChainLookup:
        """The toy endpoint's answer as facts; NOT_FOUND on a 404."""
        try:
            reply = self.transport.get_json(self.chain.rpc, f"tx/{tx_hash}", not_found_ok=True)
        except AllEndpointsFailed as exc:
            return ChainLookup(
                self.chain.name,
                LookupStatus.UNREACHABLE,
                reason=exc.attempts[-1].error if exc.attempts else "failed",
            )
        body: Any = reply.body
        if body is None:
            return ChainLookup(self.chain.name, LookupStatus.NOT_FOUND)
        facts = TxFacts(
            chain=self.chain.name,
            family=self.chain.family,
            hash=tx_hash,
            state=TxState.INCLUDED,
            sender=None,
            recipient=None,
            success=True,
            block_number=body["block"],
            latest_block=body["tip"],
            required_confirmations=self.chain.confirmations,
            value=Amount(body["value"], self.chain.native_decimals, self.chain.native),
        )
        return ChainLookup(
            self.chain.name, LookupStatus.FOUND, facts=facts, family=self.chain.family
        )

    def lookup_address(self, address: str) -> ChainLookup:
        """Toy chains keep no accounts."""
        return ChainLookup(self.chain.name, LookupStatus.SKIPPED, reason="no accounts")


def make_fetcher(chain: ChainConfig, transport: Transport, tokens: object = None) -> ToyFetcher:
    """The registry's entry point."""
    return ToyFetcher(chain, transport)
