"""Bitcoin over Esplora's REST API (mempool.space, blockstream.info), with failover.

A transaction costs these GETs, each tried on the chain's endpoints in order:
1. ``/tx/:txid`` (hedged failover); a "not found" is then asked of every other endpoint
   at once (mempools are per node, and an explorer may lag);
2. confirmed: ``/blocks/tip/height`` for the confirmations;
3. unconfirmed: ``/tx/:prev/outspend/:vout`` for its first inputs, asked of the other
   endpoints (spent there by a transaction that confirmed or pays more: it was replaced),
   then ``/v1/fees/recommended`` (mempool.space; Esplora's ``/fee-estimates`` where that
   is missing) and ``/v1/cpfp/:txid`` (the rate of its package of unconfirmed relatives);
4. known to no endpoint: ``/v1/tx/:txid/rbf`` (mempool.space's record of replacements).
Extra questions that fail (an endpoint without the mempool.space extensions) only leave
their facts out. An address costs ``/address/:address`` and ``/address/:address/txs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.core.redact import redact_url
from txdoctor.facts import (
    AddressFacts,
    Amount,
    ChainLookup,
    LookupStatus,
    RecentTransfer,
    TxFacts,
    TxState,
)
from txdoctor.families.bitcoin import fetch_shapes as shapes
from txdoctor.families.bitcoin.facts import (
    BitcoinAddressDetails,
    BitcoinFeeMarket,
    BitcoinPackage,
    BitcoinReplacement,
    BitcoinTxDetails,
)
from txdoctor.families.bitcoin.fetch_shapes import Input, Tx
from txdoctor.fetch.base import SECOND_OPINION_WITHIN, FetcherBase, refusing
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import MOOT, AllEndpointsFailed, JsonReply, Transport

T = TypeVar("T")
FAMILY = Family.BITCOIN
INPUTS_CHECKED = 2  # inputs whose spender each other endpoint is asked about (one GET each)
RECENT_TRANSACTIONS = 5


class BitcoinFetcher(FetcherBase):
    """Looks up transactions and addresses on a Bitcoin chain through Esplora."""

    # -- transactions ------------------------------------------------------------------

    def _transaction(self, tx_hash: str) -> ChainLookup:
        """Find ``tx_hash`` (64 hex) on Bitcoin."""
        return self._lookup(tx_hash.lower().removeprefix("0x"))

    def _lookup(self, txid: str) -> ChainLookup:
        path = f"/tx/{txid}"
        reply = self._get(
            self.chain.rpc, path, lambda b: shapes.parse_tx(b, txid), not_found_ok=True
        )
        not_found_on: list[str] = []
        failed: set[str] = set()
        if reply.status == 404:
            not_found_on.append(reply.endpoint)
            others = [u for u in self.chain.rpc if u != reply.endpoint_url]
            found = self._ask_others(others, path, txid, not_found_on, failed)
            if found is None:
                return self._not_found(txid, not_found_on, len(failed))
            reply = found
        tx = shapes.parse_tx(reply.body, txid)
        # Follow-up questions go to the endpoint that knew it first: same view of the chain.
        ordered = [reply.endpoint_url, *(u for u in self.chain.rpc if u != reply.endpoint_url)]
        return self._result(LookupStatus.FOUND, facts=self._facts(tx, ordered))

    def _ask_others(
        self, others: Sequence[str], path: str, txid: str, not_found_on: list[str], failed: set[str]
    ) -> _Answer | None:
        """Every other endpoint at once; the first that knows the transaction answers.
        Fills ``not_found_on`` and ``failed`` with the endpoints that did not."""
        healthy = self._transport.worth_asking(others)
        failed.update(redact_url(u) for u in others if u not in healthy)
        if not healthy:
            return None
        try:
            return self._get(
                healthy,
                path,
                lambda b: shapes.parse_tx(b, txid),
                at_once=True,
                within=SECOND_OPINION_WITHIN,
            )
        except AllEndpointsFailed as exc:
            for attempt in exc.attempts:
                if (attempt.error or "").startswith("HTTP 404"):
                    not_found_on.append(attempt.endpoint)
                elif attempt.error != MOOT:  # not asked to the end: no failure of its own
                    failed.add(attempt.endpoint)
        failed.difference_update(not_found_on)
        return None

    def _not_found(self, txid: str, not_found_on: list[str], failures: int) -> ChainLookup:
        replaced = self._optional(
            lambda: self._get(
                self.chain.rpc,
                f"/v1/tx/{txid}/rbf",
                lambda b: shapes.parse_rbf(b, txid),
                not_found_ok=True,
            ),
            lambda b: shapes.parse_rbf(b, txid),
        )
        if replaced is not None:
            return self._result(LookupStatus.FOUND, facts=self._replaced_facts(txid, replaced))
        checked = len(set(not_found_on))
        reason = (
            f"unknown to {checked} endpoint(s)"
            if not failures
            else f"unknown to {checked} endpoint(s); {failures} did not answer"
        )
        return self._result(LookupStatus.NOT_FOUND, reason=reason)

    def _facts(self, tx: Tx, endpoints: Sequence[str]) -> TxFacts:
        details = BitcoinTxDetails(
            weight=tx.weight,
            fee_sat=tx.fee_sat,
            version=tx.version,
            signals_rbf=tx.signals_rbf,
            input_count=len(tx.inputs),
            outputs=tx.outputs,
            input_addresses=tuple(dict.fromkeys(i.address for i in tx.inputs if i.address)),
            coinbase=tx.coinbase,
        )
        base = self._base(tx, details)
        if tx.status.confirmed:
            tip = self._value(endpoints, "/blocks/tip/height", shapes.parse_tip)
            height = tx.status.block_height or 0
            # A tip below the block is an endpoint behind the one that knew the block.
            return replace(
                base,
                state=TxState.INCLUDED,
                success=True,
                block_number=height,
                latest_block=max(tip, height),
            )
        replacement = self._conflict(tx, endpoints)
        if replacement is not None:
            return replace(base, bitcoin=replace(details, replaced_by=replacement))
        return replace(
            base,
            bitcoin=replace(
                details, market=self._market(endpoints), package=self._package(tx.txid, endpoints)
            ),
        )

    def _base(self, tx: Tx, details: BitcoinTxDetails) -> TxFacts:
        own = set(details.input_addresses)
        paid = [o for o in tx.outputs if o.address and o.address not in own]
        recipient = (
            paid[0].address if paid else next((o.address for o in tx.outputs if o.address), None)
        )
        value = sum(o.value_sat for o in paid) if paid else sum(o.value_sat for o in tx.outputs)
        decimals, symbol = self.chain.native_decimals, self.chain.native
        return TxFacts(
            chain=self.chain.name,
            family=FAMILY,
            hash=tx.txid,
            state=TxState.PENDING,
            sender=details.input_addresses[0] if details.input_addresses else None,
            recipient=recipient,
            value=Amount(value, decimals, symbol),
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            fee_paid=Amount(tx.fee_sat, decimals, symbol),
            bitcoin=details,
        )

    def _replaced_facts(self, txid: str, replaced: shapes.Replaced) -> TxFacts:
        decimals, symbol = self.chain.native_decimals, self.chain.native
        details = BitcoinTxDetails(
            weight=replaced.vsize * 4,
            fee_sat=replaced.fee_sat,
            version=0,
            signals_rbf=True,
            input_count=0,
            outputs=(),
            replaced_by=replaced.replacement,
            in_mempool=False,
        )
        return TxFacts(
            chain=self.chain.name,
            family=FAMILY,
            hash=txid,
            state=TxState.PENDING,
            sender=None,
            recipient=None,
            value=Amount(replaced.value_sat, decimals, symbol),
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            fee_paid=Amount(replaced.fee_sat, decimals, symbol),
            bitcoin=details,
        )

    def _conflict(self, tx: Tx, endpoints: Sequence[str]) -> BitcoinReplacement | None:
        """Another transaction spending this one's coins, seen by another endpoint.

        The endpoint that returned the transaction shows it as its inputs' spender; another
        one may have seen it replaced. A confirmed spender settles it; an unconfirmed one
        replaced it only if it pays more (a replacement must), else that endpoint is behind.
        """
        spent_inputs = [i for i in tx.inputs if i.txid is not None][:INPUTS_CHECKED]
        for endpoint in endpoints[1:]:
            for spent in spent_inputs:
                rival = self._rival(tx, spent, endpoint)
                if rival is not None:
                    return rival
        return None

    def _rival(self, tx: Tx, spent: Input, endpoint: str) -> BitcoinReplacement | None:
        path = f"/tx/{spent.txid}/outspend/{spent.vout}"
        outspend = self._optional(
            lambda: self._get([endpoint], path, shapes.parse_outspend), shapes.parse_outspend
        )
        if outspend is None or outspend[0] == tx.txid:
            return None
        spender, status = outspend
        full_rbf = not tx.signals_rbf
        if status is not None and status.confirmed:
            return BitcoinReplacement(spender, True, "outspend", full_rbf)
        other = self._optional(
            lambda: self._get([endpoint], f"/tx/{spender}", lambda b: shapes.parse_tx(b, spender)),
            lambda b: shapes.parse_tx(b, spender),
        )
        if other is None or other.fee_sat <= tx.fee_sat:
            return None
        return BitcoinReplacement(spender, other.status.confirmed, "outspend", full_rbf)

    def _market(self, endpoints: Sequence[str]) -> BitcoinFeeMarket | None:
        recommended = self._optional(
            lambda: self._get(
                endpoints, "/v1/fees/recommended", shapes.parse_recommended, not_found_ok=True
            ),
            shapes.parse_recommended,
        )
        if recommended is not None:
            return recommended
        return self._optional(
            lambda: self._get(endpoints, "/fee-estimates", shapes.parse_estimates),
            shapes.parse_estimates,
        )

    def _package(self, txid: str, endpoints: Sequence[str]) -> BitcoinPackage | None:
        return self._optional(
            lambda: self._get(
                endpoints, f"/v1/cpfp/{txid}", shapes.parse_package, not_found_ok=True
            ),
            shapes.parse_package,
        )

    # -- addresses ---------------------------------------------------------------------

    def _address(self, address: str) -> ChainLookup:
        """Balance, unconfirmed money in and out, and the latest transactions of ``address``."""
        summary = self._get(
            self.chain.rpc, f"/address/{address}", lambda b: shapes.parse_address(b, address)
        )
        details = shapes.parse_address(summary.body, address)
        endpoints = [
            summary.endpoint_url,
            *(u for u in self.chain.rpc if u != summary.endpoint_url),
        ]
        txs = self._optional(
            lambda: self._get(endpoints, f"/address/{address}/txs", shapes.parse_address_txs),
            shapes.parse_address_txs,
        )
        return self._result(LookupStatus.FOUND, address=self._address_facts(address, details, txs))

    def _address_facts(
        self, address: str, details: BitcoinAddressDetails, txs: list[Tx] | None
    ) -> AddressFacts:
        pending = tuple(t.txid for t in txs or [] if not t.status.confirmed)
        recent = tuple(self._recent(address, t) for t in (txs or [])[:RECENT_TRANSACTIONS])
        decimals, symbol = self.chain.native_decimals, self.chain.native
        return AddressFacts(
            chain=self.chain.name,
            family=FAMILY,
            address=address,
            balance=Amount(details.confirmed_sat, decimals, symbol),
            has_activity=details.tx_count + details.unconfirmed_tx_count > 0,
            recent=recent,
            history_available=txs is not None,
            bitcoin=replace(details, pending_txids=pending),
        )

    def _recent(self, address: str, tx: Tx) -> RecentTransfer:
        """One line of history, seen from ``address``: what it received or sent."""
        spent = sum(i.value_sat or 0 for i in tx.inputs if i.address == address)
        received = sum(o.value_sat for o in tx.outputs if o.address == address)
        decimals, symbol = self.chain.native_decimals, self.chain.native
        if spent > 0:
            others = [o for o in tx.outputs if o.address != address]
            return RecentTransfer(
                hash=tx.txid,
                sender=address,
                recipient=next((o.address for o in others if o.address), None),
                amount=Amount(sum(o.value_sat for o in others), decimals, symbol),
                timestamp=tx.status.block_time,
                success=True if tx.status.confirmed else None,
            )
        sender = next((i.address for i in tx.inputs if i.address), None)
        return RecentTransfer(
            hash=tx.txid,
            sender=sender,
            recipient=address,
            amount=Amount(received, decimals, symbol),
            timestamp=tx.status.block_time,
            success=True if tx.status.confirmed else None,
        )

    # -- plumbing ----------------------------------------------------------------------

    def _get(
        self,
        endpoints: Sequence[str],
        path: str,
        parse: Callable[[Any], object],
        *,
        not_found_ok: bool = False,
        at_once: bool = False,
        within: float | None = None,
    ) -> _Answer:
        reply = self._transport.get_json(
            endpoints,
            path,
            check=refusing(parse),
            not_found_ok=not_found_ok,
            at_once=at_once,
            within=within,
        )
        return _Answer(reply.status, reply.body, reply.endpoint, _url_of(reply, endpoints))

    def _value(self, endpoints: Sequence[str], path: str, parse: Callable[[Any], T]) -> T:
        return parse(self._get(endpoints, path, parse).body)

    @staticmethod
    def _optional(ask: Callable[[], _Answer], parse: Callable[[Any], T | None]) -> T | None:
        """A question whose answer only adds facts: failures and "not found" give None."""
        try:
            answer = ask()
        except AllEndpointsFailed:
            return None
        return None if answer.status == 404 else parse(answer.body)


@dataclass(frozen=True)
class _Answer:
    """A reply (``endpoint`` redacted, as shown) and the configured URL that gave it."""

    status: int
    body: Any
    endpoint: str
    endpoint_url: str


def _url_of(reply: JsonReply, endpoints: Sequence[str]) -> str:
    """The configured URL behind the (redacted) endpoint a reply names."""
    return next((u for u in endpoints if redact_url(u) == reply.endpoint), endpoints[0])


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> BitcoinFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return BitcoinFetcher(chain, transport)
