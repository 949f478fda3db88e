"""EOS over its chain API (``/v1/chain``) and Hyperion's history API (``/v2/history``), keyless.

A transaction costs one ``GET /v2/history/get_transaction?id=`` on a Hyperion host: the
chain API alone cannot find a transaction by id. Hyperion's answer carries the last
irreversible block (``lib``), so the block is compared with it directly; only when it is
missing is ``POST /v1/chain/get_info`` asked. The history hosts are the chain's
``explorer_api`` first, then its ``rpc`` endpoints (a Hyperion host serves both APIs; a plain
chain API answers 404 there and the next host is asked).

An account costs ``POST /v1/chain/get_account``; a name that is no account is answered 400
``account_query_exception``, which is an answer (the account does not exist), not a failure.
"""

from __future__ import annotations

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.facts import AddressFacts, Amount, ChainLookup, LookupStatus, TxFacts, TxState
from txdoctor.families.eos import fetch_shapes as shapes
from txdoctor.families.eos.facts import EosAccountFacts, EosTxFacts
from txdoctor.fetch.base import FetcherBase, refusing
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import Transport

FAMILY = Family.EOS
HISTORY_PATH = "/v2/history/get_transaction"
MISSING_ACCOUNT_STATUSES = (400,)  # Leap ≥ 4 and Spring: 400 account_query_exception


class EosFetcher(FetcherBase):
    """Looks up transactions (Hyperion) and accounts (chain API) on an EOS network."""

    def history_endpoints(self) -> list[str]:
        """The Hyperion hosts to ask: ``explorer_api`` first, then the chain endpoints."""
        first = [self.chain.explorer_api] if self.chain.explorer_api else []
        return [*first, *(url for url in self.chain.rpc if url not in first)]

    def _transaction(self, tx_hash: str) -> ChainLookup:
        tx_id = tx_hash.lower()
        reply = self._transport.get_json(
            self.history_endpoints(),
            HISTORY_PATH,
            params={"id": tx_id},
            check=refusing(shapes.parse_history_tx),
        )
        tx = shapes.parse_history_tx(reply.body)
        if not tx.executed or tx.block_num is None:
            return self._result(LookupStatus.NOT_FOUND, reason=f"unknown to {reply.endpoint}")
        lib = tx.lib if tx.lib is not None else self._chain_info().lib
        return self._result(LookupStatus.FOUND, facts=self._facts(tx_id, tx, lib))

    def _chain_info(self) -> shapes.ChainInfo:
        reply = self._transport.post_json(
            self.chain.rpc, "/v1/chain/get_info", {}, check=refusing(shapes.parse_info)
        )
        return shapes.parse_info(reply.body)

    def _facts(self, tx_id: str, tx: shapes.HistoryTx, lib: int) -> TxFacts:
        assert tx.block_num is not None
        quantity = tx.quantity
        value = (
            Amount(quantity.raw, quantity.decimals, quantity.symbol)
            if quantity is not None
            else Amount(0, self.chain.native_decimals, self.chain.native)
        )
        return TxFacts(
            chain=self.chain.name,
            family=FAMILY,
            hash=tx_id,
            state=TxState.INCLUDED,
            sender=tx.sender,
            recipient=tx.recipient,
            value=value,
            success=True,  # a failing EOS transaction is refused when sent: never in a block
            block_number=tx.block_num,
            # No latest_block: finality is the LIB, not a count of blocks on top (render.py).
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            eos=EosTxFacts(
                lib=lib,
                irreversible=tx.block_num <= lib,
                contract=tx.contract,
                action=tx.action,
                memo=tx.memo,
                quantity=quantity.text if quantity is not None else None,
                actions=tx.actions,
            ),
        )

    def _address(self, address: str) -> ChainLookup:
        reply = self._transport.post_json(
            self.chain.rpc,
            "/v1/chain/get_account",
            {"account_name": address},
            check=refusing(shapes.account_or_missing),
            answer_statuses=MISSING_ACCOUNT_STATUSES,
        )
        account = shapes.account_or_missing(reply.body)
        if account is None:
            facts = AddressFacts(
                chain=self.chain.name,
                family=FAMILY,
                address=address,
                has_activity=False,
                activated=False,
            )
            return self._result(LookupStatus.FOUND, address=facts)
        balance = account.balance
        facts = AddressFacts(
            chain=self.chain.name,
            family=FAMILY,
            address=address,
            balance=Amount(balance.raw, balance.decimals, balance.symbol) if balance else None,
            has_activity=True,  # an account exists only once a transaction created it
            activated=True,
            eos=EosAccountFacts(
                created=account.created,
                ram_quota=account.ram_quota,
                ram_usage=account.ram_usage,
                cpu_available=account.cpu_available,
                net_available=account.net_available,
            ),
        )
        return self._result(LookupStatus.FOUND, address=facts)


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> EosFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return EosFetcher(chain, transport)
