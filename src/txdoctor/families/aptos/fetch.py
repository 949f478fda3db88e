"""Aptos over the fullnode REST API (``https://api.mainnet.aptoslabs.com/v1``), keyless.

A transaction costs ``GET /transactions/by_hash/{hash}`` (or ``by_version/{version}`` for an
explorer link that names the version). The fullnode looks in committed storage and then in
its mempool, so a pending transaction is found too; an unknown hash is a 404
``transaction_not_found``. A committed transaction is final, so no confirmation count (and no
ledger info) is needed. An address costs ``GET /accounts/{address}``: its sequence number, or
a 404 ``account_not_found`` for an account that was never created (newer fullnodes answer a
default account with sequence number 0 instead, so both are read alike).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.facts import (
    AddressFacts,
    Amount,
    ChainLookup,
    Failure,
    FailureKind,
    LookupStatus,
    TxFacts,
    TxState,
)
from txdoctor.families.aptos import fetch_shapes as shapes
from txdoctor.fetch.base import FetcherBase
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import JsonCheck, Transport

FAMILY = Family.APTOS


class AptosFetcher(FetcherBase):
    """Looks up transactions and accounts on an Aptos network."""

    def _transaction(self, tx_hash: str) -> ChainLookup:
        path = (
            f"/transactions/by_version/{tx_hash}"
            if tx_hash.isdigit()
            else f"/transactions/by_hash/{tx_hash.lower()}"
        )
        reply = self._transport.get_json(
            self.chain.rpc, path, check=_refuse(shapes.parse_tx), not_found_ok=True
        )
        if reply.status == 404 or reply.body is None:
            return self._result(LookupStatus.NOT_FOUND, reason=f"unknown to {reply.endpoint}")
        tx = shapes.parse_tx(reply.body)
        return self._result(LookupStatus.FOUND, facts=self._facts(tx_hash, tx))

    def _facts(self, asked: str, tx: shapes.AptosTx) -> TxFacts:
        decimals, symbol = self.chain.native_decimals, self.chain.native
        pending = tx.kind == shapes.PENDING_TYPE
        failure = None
        if tx.success is False:
            failure = Failure(FailureKind.FAULT, reason=tx.vm_status)
        return TxFacts(
            # by version: the hash the node gives; by hash: the one asked (goldens scrub it)
            chain=self.chain.name,
            family=FAMILY,
            hash=(tx.hash or asked) if asked.isdigit() else asked.lower(),
            state=TxState.PENDING if pending else TxState.INCLUDED,
            sender=tx.sender,
            recipient=tx.recipient,
            value=Amount(tx.amount_octas, decimals, symbol),
            success=tx.success,
            # No confirmation depth on Aptos (final at commit): no latest version needed.
            nonce=tx.sequence_number,
            block_number=tx.version,
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            fee_paid=None if pending else Amount(tx.gas_used * tx.gas_unit_price, decimals, symbol),
            failure=failure,
            # Pending: the node drops it unless committed by then (remembered in the history).
            expires_at=float(tx.expiration_secs) if pending and tx.expiration_secs else None,
        )

    def _address(self, address: str) -> ChainLookup:
        reply = self._transport.get_json(
            self.chain.rpc,
            f"/accounts/{address}",
            check=_refuse(shapes.parse_account),
            not_found_ok=True,
        )
        exists = reply.status != 404 and reply.body is not None
        sequence = shapes.parse_account(reply.body) if exists else 0
        # activated: True once it has sent (sequence number > 0), False on a 404; a default
        # account (200, sequence number 0) may be new or may only have received: unknown.
        activated = True if sequence > 0 else (None if exists else False)
        facts = AddressFacts(
            chain=self.chain.name,
            family=FAMILY,
            address=address,
            has_activity=sequence > 0,
            activated=activated,
        )
        return self._result(LookupStatus.FOUND, address=facts)


def _refuse(parse: Callable[[Any], object]) -> JsonCheck:
    """A transport check: a body ``parse`` refuses moves on to the next endpoint."""

    def check(body: Any) -> str | None:
        try:
            parse(body)
        except MalformedAnswer as exc:
            return f"malformed answer: {exc}"
        return None

    return check


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> AptosFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return AptosFetcher(chain, transport)
