"""An EVM address on one chain: what sits there, what it holds, what it is waiting for.

Round 1, one JSON-RPC batch: chain id, native balance, mined and pending nonces, code, the
address's own ``decimals()``/``symbol()``/``name()`` (a token contract answers them) and its
balance of every token of the chain's tokens table (``balanceOf``: an address that only ever
received USDT has no native balance and no nonce, and is not "unused").
Round 2, only when transactions are waiting (pending nonce > mined nonce): the node's pool
for this sender (``txpool_contentFrom``, else ``txpool_content``: most public endpoints
refuse both) and the fee market (``eth_feeHistory``), so the advice can name the blocking
transaction's replacement fees.
Then, where an explorer API is configured, its last transfers (``explorer``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.core.frozen import replaced
from txdoctor.core.hexqty import parse_quantity
from txdoctor.core.redact import redact_url
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    EvmFees,
    FeeMarket,
    LookupStatus,
    SenderNonces,
    TokenInfo,
    TokenMeta,
    TxFacts,
    TxState,
)
from txdoctor.families.evm import fetch_abi as evm_abi
from txdoctor.families.evm.fetch_explorer import History, recent_history
from txdoctor.families.evm.fetch_tokens import account_kind, meta_calls, meta_from
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import AllEndpointsFailed, Attempt, RpcError, RpcReply, Transport

BALANCE_OF = "0x70a08231"  # balanceOf(address)
FEE_HISTORY_BLOCKS = 10
TIP_PERCENTILES = [10, 50]
MAX_POOL = 16  # pool transactions kept per sender

Rpc = Callable[..., RpcReply]
MarketParser = Callable[[Any], FeeMarket | None]
HistoryReader = Callable[[ChainConfig, Transport, str], History]


class BadAnswer(MalformedAnswer):
    """A round-1 answer that is not of the promised shape."""


@dataclass(frozen=True)
class AddressReader:
    """Looks an address up on one EVM chain (``EvmFetcher.lookup_address``)."""

    chain: ChainConfig
    transport: Transport
    rpc: Rpc  # the fetcher's JSON-RPC call (failover, passes, endpoints set aside)
    tokens: TokenCache
    parse_market: MarketParser
    history: HistoryReader = recent_history
    quick: bool = False  # round 1 only: no pool, no explorer (a look from another chain)

    def lookup(self, address: str) -> ChainLookup:
        """What this chain knows of ``address``. Raises ``AllEndpointsFailed`` or
        ``MalformedAnswer`` when it cannot answer (``FetcherBase`` words the lookup)."""
        reply = self.rpc(self.chain.rpc, self._round1(address), check=self._check)
        facts = self._facts(address.lower(), reply.results)
        if self.quick:
            return ChainLookup(
                self.chain.name, LookupStatus.FOUND, address=facts, notes=_notes(reply.attempts)
            )
        if facts.nonces is not None and facts.kind is AccountKind.ACCOUNT:
            # Also when pending == latest: a transaction queued behind a missing nonce is not
            # counted as pending, only the pool shows it.
            facts = self._waiting(facts, reply.endpoint)
        history = self.history(self.chain, self.transport, address.lower())
        facts = _with_history(facts, history)
        return ChainLookup(
            self.chain.name, LookupStatus.FOUND, address=facts, notes=_notes(reply.attempts)
        )

    # -- round 1 -------------------------------------------------------------------
    def _round1(self, address: str) -> list[tuple[str, list[Any]]]:
        word = "0" * 24 + address.lower()[2:]
        calls: list[tuple[str, list[Any]]] = [
            ("eth_chainId", []),
            ("eth_getBalance", [address, "latest"]),
            ("eth_getTransactionCount", [address, "latest"]),
            ("eth_getTransactionCount", [address, "pending"]),
            ("eth_getCode", [address, "latest"]),
            *meta_calls(address),
        ]
        calls += [
            ("eth_call", [{"to": t.contract, "data": BALANCE_OF + word}, "latest"])
            for t in self.chain.tokens
        ]
        for contract in self._unread_tokens():
            calls += meta_calls(contract)
        return calls

    def _unread_tokens(self) -> list[str]:
        """Listed tokens given as just their contract whose metadata this run has not read."""
        return [
            t.contract
            for t in self.chain.tokens
            if (t.decimals is None or t.name is None)
            and self.tokens.get(self.chain.chain_id, t.contract) is None
        ]

    def _check(self, results: list[Any]) -> str | None:
        """The core answers must be there; token calls may fail (an account reverts them)."""
        if any(isinstance(r, RpcError) for r in results[:5]):
            return "refused an address query"
        chain_id = _quantity(results[0])
        if chain_id is None:
            return "malformed answer: the chain id is not a hex quantity"
        if chain_id != self.chain.chain_id:
            return f"answers for chain id {chain_id}, not {self.chain.chain_id}"
        return None

    def _facts(self, address: str, results: list[Any]) -> AddressFacts:
        _, balance, latest, pending, code, *rest = results
        meta = meta_from(rest[:3])
        wei, mined, waiting = _quantity(balance), _quantity(latest), _quantity(pending)
        if wei is None or mined is None or waiting is None:
            raise BadAnswer("a balance or nonce is not a hex quantity")
        kind = account_kind(code, meta)
        if kind is None:
            raise BadAnswer("the code is not hex data")
        token = (
            TokenInfo(address, meta.symbol, meta.name, meta.decimals)
            if kind is AccountKind.TOKEN_CONTRACT
            else None
        )
        listed = len(self.chain.tokens)
        unread = self._unread_tokens()
        for i, contract in enumerate(unread):
            start = 3 + listed + 3 * i
            self.tokens.put(self.chain.chain_id, contract, meta_from(rest[start : start + 3]))
        held = _token_balances(self.chain, rest[3 : 3 + listed], self.tokens)
        return AddressFacts(
            chain=self.chain.name,
            family=Family.EVM,
            address=address,
            balance=Amount(wei, self.chain.native_decimals, self.chain.native),
            token_balances=held,
            kind=kind,
            token=token,
            has_activity=waiting > 0 or wei > 0 or kind is not AccountKind.ACCOUNT or bool(held),
            nonces=SenderNonces(mined, waiting),
        )

    # -- round 2 -------------------------------------------------------------------
    def _waiting(self, facts: AddressFacts, answered: str) -> AddressFacts:
        """The sender's pool transactions and the fee market, asked of the same node."""
        endpoints = _answering_first(self.chain.rpc, answered)
        calls: list[tuple[str, list[Any]]] = [
            ("txpool_contentFrom", [facts.address]),
            ("eth_feeHistory", [hex(FEE_HISTORY_BLOCKS), "latest", TIP_PERCENTILES]),
        ]
        try:
            content, history = self.rpc(endpoints, calls).results
        except AllEndpointsFailed:
            return facts
        if isinstance(content, RpcError):  # geth has contentFrom; anvil and others only this
            content = self._whole_pool(endpoints)
        market = None
        if not isinstance(history, RpcError):
            try:
                market = self.parse_market(history)
            except ValueError:
                market = None
        pool = pool_transactions(content, facts.address, self.chain)
        return replace(facts, pool=pool, pool_visible=content is not None, market=market)

    def _whole_pool(self, endpoints: Sequence[str]) -> Any:
        try:
            (content,) = self.rpc(endpoints, [("txpool_content", [])]).results
        except AllEndpointsFailed:
            return None
        return None if isinstance(content, RpcError) else content


def pool_transactions(content: Any, sender: str, chain: ChainConfig) -> tuple[TxFacts, ...]:
    """The sender's transactions in a ``txpool_content`` or ``txpool_contentFrom`` answer.

    ``txpool_content``: ``{"pending": {address: {nonce: tx}}, "queued": {…}}``;
    ``txpool_contentFrom``: ``{"pending": {nonce: tx}, "queued": {…}}`` (geth's txpool
    namespace). Address keys compare case-insensitively. Lowest nonce first.
    """
    if not isinstance(content, dict):
        return ()
    found: dict[int, TxFacts] = {}
    for section in ("pending", "queued"):
        by_key = content.get(section)
        if not isinstance(by_key, dict):
            continue
        own = next((v for k, v in by_key.items() if str(k).lower() == sender), None)
        by_nonce = own if isinstance(own, dict) else by_key
        for tx in by_nonce.values():
            facts = _pool_tx(tx, sender, chain)
            if facts is not None and facts.nonce is not None:
                found.setdefault(facts.nonce, facts)
    return tuple(found[n] for n in sorted(found)[:MAX_POOL])


def _pool_tx(tx: Any, sender: str, chain: ChainConfig) -> TxFacts | None:
    if not isinstance(tx, dict) or evm_abi.address(tx.get("from")) != sender:
        return None
    nonce, gas, value = (_quantity(tx.get(k)) for k in ("nonce", "gas", "value"))
    tx_hash = tx.get("hash")
    if nonce is None or gas is None or not isinstance(tx_hash, str) or len(tx_hash) != 66:
        return None
    max_fee = _quantity(tx.get("maxFeePerGas"))
    fees = EvmFees(
        gas_limit=gas,
        max_fee=max_fee,
        gas_price=None if max_fee is not None else _quantity(tx.get("gasPrice")),
        max_priority_fee=_quantity(tx.get("maxPriorityFeePerGas")),
    )
    return TxFacts(
        chain=chain.name,
        family=Family.EVM,
        hash=tx_hash.lower(),
        state=TxState.PENDING,
        sender=sender,
        recipient=evm_abi.address(tx.get("to")),
        value=Amount(value or 0, chain.native_decimals, chain.native),
        nonce=nonce,
        evm_fees=fees,
    )


def _token_balances(
    chain: ChainConfig, results: Sequence[Any], cache: TokenCache
) -> tuple[tuple[TokenInfo, int], ...]:
    held = []
    for entry, result in zip(chain.tokens, results, strict=False):
        amount = evm_abi.decode_uint(None if isinstance(result, RpcError) else result, 2**256 - 1)
        if amount:
            meta = cache.get(chain.chain_id, entry.contract) or TokenMeta()
            held.append(
                (TokenInfo(entry.contract.lower(), meta.symbol, meta.name, meta.decimals), amount)
            )
    return tuple(held)


def history_facts(chain: ChainConfig, transport: Transport, address: str) -> AddressFacts:
    """Only the recent history of ``address`` (for the address-poisoning check of a
    transfer it sent)."""
    facts = AddressFacts(chain=chain.name, family=Family.EVM, address=address.lower())
    return _with_history(facts, recent_history(chain, transport, address.lower()))


def _with_history(facts: AddressFacts, history: History) -> AddressFacts:
    active = facts.has_activity or bool(history.transfers)
    return replaced(
        facts,
        recent=history.transfers,
        history_available=history.available,
        history_note=history.problem,
        has_activity=active,
    )


def _answering_first(endpoints: Sequence[str], answered: str) -> list[str]:
    first = [e for e in endpoints if redact_url(e) == answered]
    return first + [e for e in endpoints if e not in first]


def _notes(attempts: Sequence[Attempt]) -> tuple[str, ...]:
    """Endpoints that answered for another chain: shown, never trusted."""
    return tuple(
        f"({a.endpoint}) {a.error.removeprefix('rejected: ')}"
        for a in attempts
        if a.error and "answers for chain id" in a.error
    )


def _quantity(value: Any) -> int | None:
    return parse_quantity(value)
