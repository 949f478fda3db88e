"""Aptos over the fullnode REST API (``https://api.mainnet.aptoslabs.com/v1``); an optional
key (``APTOS_API_KEY``) is added by the transport for Aptos Labs' hosts (``fetch_key.py``).

A transaction costs ``GET /transactions/by_hash/{hash}`` (or ``by_version/{version}`` for an
explorer link that names the version). The fullnode looks in committed storage and then in
its mempool, so a pending transaction is found too; an unknown hash is a 404
``transaction_not_found``. A committed transaction is final, so no confirmation count (and no
ledger info) is needed, except for a pending one: the ledger's time (``GET /v1``) past its
``expiration_timestamp_secs`` means it can never commit (EXPIRED). An address costs
``GET /accounts/{address}`` (its sequence number, or a 404 ``account_not_found`` from older
fullnodes for an account never created; current ones answer a default account with sequence
number 0 instead) and its APT coin store
(``/resource/0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>``: the balance in octas, or a
404 ``resource_not_found``). An account exists once it has sent or holds a coin store.
"""

from __future__ import annotations

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
from txdoctor.fetch.base import FetcherBase, refusing
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import Transport

FAMILY = Family.APTOS
APT_COIN_STORE = "0x1::coin::CoinStore%3C0x1::aptos_coin::AptosCoin%3E"
"""The account's APT coin store, its angle brackets percent-encoded for the URL path."""


class AptosFetcher(FetcherBase):
    """Looks up transactions and accounts on an Aptos network."""

    def _transaction(self, tx_hash: str) -> ChainLookup:
        path = (
            f"/transactions/by_version/{tx_hash}"
            if tx_hash.isdigit()
            else f"/transactions/by_hash/{tx_hash.lower()}"
        )
        reply = self._transport.get_json(
            self.chain.rpc, path, check=refusing(shapes.parse_tx), not_found_ok=True
        )
        if reply.status == 404 or reply.body is None:
            return self._result(LookupStatus.NOT_FOUND, reason=f"unknown to {reply.endpoint}")
        tx = shapes.parse_tx(reply.body)
        if tx.kind == shapes.PENDING_TYPE and self._past_expiry(tx):
            # Still in a mempool, but the chain's clock is past its expiry: nothing can
            # commit it any more (the mempool only has not dropped it yet).
            return self._result(
                LookupStatus.NOT_FOUND, reason="pending past its expiry time", expired=True
            )
        return self._result(LookupStatus.FOUND, facts=self._facts(tx_hash, tx))

    def _past_expiry(self, tx: shapes.AptosTx) -> bool:
        """Whether the ledger's time (``GET /v1``) is past the transaction's expiry."""
        if tx.expiration_secs is None:
            return False
        reply = self._transport.get_json(self.chain.rpc, "", check=refusing(shapes.parse_ledger))
        ledger = shapes.parse_ledger(reply.body)
        return ledger.ledger_timestamp_us // 1_000_000 > tx.expiration_secs

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
        account = self._transport.get_json(
            self.chain.rpc,
            f"/accounts/{address}",
            check=refusing(shapes.parse_account),
            not_found_ok=True,
        )
        store = self._transport.get_json(
            self.chain.rpc,
            f"/accounts/{address}/resource/{APT_COIN_STORE}",
            check=refusing(shapes.parse_coin_store),
            not_found_ok=True,
        )
        sequence = shapes.parse_account(account.body) if account.body is not None else 0
        octas = shapes.parse_coin_store(store.body) if store.body is not None else None
        facts = AddressFacts(
            chain=self.chain.name,
            family=FAMILY,
            address=address,
            # None without a coin store: the APT may sit in a fungible-asset store instead.
            balance=None
            if octas is None
            else Amount(octas, self.chain.native_decimals, self.chain.native),
            # Sent: known. Nothing sent but a coin store: it may have received, so unknown.
            has_activity=True if sequence > 0 else (None if octas is not None else False),
            activated=_account_exists(account.body is not None, sequence, octas),
        )
        return self._result(LookupStatus.FOUND, address=facts)


def _account_exists(answered: bool, sequence: int, octas: int | None) -> bool | None:
    """True once it has sent (sequence number > 0) or holds a coin store; False on a 404
    from an older fullnode with no coin store either; otherwise unknown: a current fullnode
    answers any address with a default account (200, sequence number 0)."""
    if sequence > 0 or octas is not None:
        return True
    return None if answered else False


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> AptosFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return AptosFetcher(chain, transport)
