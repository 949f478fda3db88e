"""EVM chains over JSON-RPC: a transaction, its receipt, and the context its diagnosis needs.

One question costs at most three round trips, each one JSON-RPC batch:
1. chain id + transaction + receipt + latest block;
2a. pending: the sender's nonces and the fee market (``eth_feeHistory``), or
2b. failed: a replay of the call at the block before (``eth_call``) for the revert reason;
plus, for a hash nobody knows, the same question to a second endpoint, and for a pending
one round 2a goes to a second endpoint with the same question added, so that an endpoint
lagging behind (``evm_freshness``) cannot pass a mined transaction off as pending.
Every answer is validated before use: a malformed one makes the chain UNREACHABLE with a
reason, never a verdict built on it.
"""

from __future__ import annotations

import functools
import re
import statistics
from collections.abc import Sequence
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.core.frozen import replaced
from txdoctor.core.hexqty import parse_quantity
from txdoctor.core.redact import redact_url
from txdoctor.facts import (
    Amount,
    ChainLookup,
    EndpointLag,
    EvmFees,
    Failure,
    FailureKind,
    FeeMarket,
    LookupStatus,
    SenderNonces,
    TxFacts,
    TxState,
)
from txdoctor.families.evm.fetch_address import AddressReader
from txdoctor.families.evm.fetch_freshness import compare_tips, lagging_reason, lags_from_rejections
from txdoctor.families.evm.fetch_shapes import RECEIPT, TRANSACTION, shape_problem
from txdoctor.families.evm.fetch_steps import Steps, ask, drive
from txdoctor.families.evm.fetch_tokens import TransferReader
from txdoctor.fetch.base import SECOND_OPINION_WITHIN, FetcherBase, unconfirmed
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.revert_data import failure_from_revert_data, is_out_of_gas
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import (
    AllEndpointsFailed,
    Attempt,
    RpcCheck,
    RpcError,
    RpcReply,
    Transport,
)

_ADDRESS = re.compile("0x[0-9a-fA-F]{40}")
FEE_HISTORY_BLOCKS = 10
TIP_PERCENTILES = [10, 50]
MAX_MESSAGE_CHARS = 120
ESTIMATE_UP_TO = 50
"""An out-of-gas call's gas is searched up to fifty times what it had: wallets misjudge by far
less, and a call still short at that (an endless loop) is not worth a node's longest search."""
ESTIMATE_CEILING_BELOW = 30_000_000
"""From here on the ceiling would be near a block's gas limit anyway: the node's own is kept."""


def _int(value: Any, what: str) -> int:
    number = parse_quantity(value)
    if number is None:
        raise MalformedAnswer(f"{what} is not a hex quantity")
    return number


def _address(value: Any, what: str) -> str | None:
    """An address field (or null), checked: it is shown to the user and sent back out."""
    if value is None:
        return None
    if not isinstance(value, str) or _ADDRESS.fullmatch(value) is None:
        raise MalformedAnswer(f"the {what} is not an address")
    return value


def _message(text: str) -> str:
    """A node's error message, bounded and on one line, for a reason shown to people."""
    text = "".join(c for c in " ".join(text.split()) if c.isprintable())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def _object(value: Any, what: str) -> dict[str, Any] | None:
    if value is not None and not isinstance(value, dict):
        raise MalformedAnswer(f"the {what} is not an object")
    return value


def _opt_int(obj: dict[str, Any], key: str) -> int | None:
    return _int(obj[key], key) if obj.get(key) is not None else None


class EvmFetcher(FetcherBase):
    """Looks up transactions and addresses on one EVM chain."""

    def __init__(
        self, chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
    ) -> None:
        super().__init__(chain, transport)
        self._transfers = TransferReader(chain, tokens or TokenCache())

    def _transaction(self, tx_hash: str) -> ChainLookup:
        """Find ``tx_hash`` (0x + 64 hex) on this chain."""
        return drive(self._lookup(tx_hash.lower()), self._rpc)

    def transaction_steps(self, tx_hash: str) -> Steps[ChainLookup]:
        """``lookup_transaction`` as steps (``fetch_steps``): what a batch drives."""
        try:
            lookup = yield from self._lookup(tx_hash.lower())
        except (AllEndpointsFailed, MalformedAnswer) as exc:
            return self._answer(functools.partial(_raise, exc))
        return self._answer(lambda: lookup)

    def _address(self, address: str) -> ChainLookup:
        """Balance, nonces, code and token-ness of ``address``, its waiting transactions and
        recent transfers (``evm_address``)."""
        reader = AddressReader(
            self.chain, self._transport, self._rpc, self._transfers.cache, _market
        )
        return reader.lookup(address)

    def probe_address(self, address: str) -> ChainLookup:
        """``lookup_address`` in one round trip: no pool, no explorer history."""
        reader = AddressReader(
            self.chain, self._transport, self._rpc, self._transfers.cache, _market, quick=True
        )
        return self._answer(lambda: reader.lookup(address))

    def failure_notes(self, attempts: Sequence[Attempt]) -> tuple[str, ...]:
        """Endpoints that answered for another chain get a finding of their own."""
        return _wrong_chain_notes(attempts)

    # -- round 1 ---------------------------------------------------------------------

    def _lookup(self, tx_hash: str) -> Steps[ChainLookup]:
        calls: list[tuple[str, list[Any]]] = [
            ("eth_chainId", []),
            ("eth_getTransactionByHash", [tx_hash]),
            ("eth_getTransactionReceipt", [tx_hash]),
            ("eth_blockNumber", []),
        ]
        reply = yield ask(self.chain.rpc, calls, self._check_first(tx_hash))
        notes = _wrong_chain_notes(reply.attempts)
        _, tx, receipt, latest = reply.results
        if tx is None and receipt is None:
            return (yield from self._confirm_not_found(tx_hash, reply, notes))
        endpoints = self._answering_first(reply.endpoint)
        lags: list[EndpointLag] = []
        facts = yield from self._facts(
            tx_hash,
            _object(tx, "transaction"),
            _object(receipt, "receipt"),
            _int(latest, "block number"),
            endpoints,
            lags,
        )
        return ChainLookup(
            self.chain.name, LookupStatus.FOUND, facts=facts, notes=notes, lagging=tuple(lags)
        )

    def _check_first(self, tx_hash: str) -> Any:
        expected = self.chain.chain_id

        def check(results: list[Any]) -> str | None:
            if any(isinstance(r, RpcError) for r in (results[0], results[3])):
                return "refused eth_chainId/eth_blockNumber"
            try:
                chain_id = _int(results[0], "chain id")
                _int(results[3], "block number")
            except MalformedAnswer as exc:
                return f"malformed answer: {exc}"
            if chain_id != expected:
                return f"answers for chain id {chain_id}, not {expected}"
            for name, obj in (("transaction", results[1]), ("receipt", results[2])):
                if isinstance(obj, RpcError):
                    return f"refused the {name} lookup: {_message(obj.message)}"
                if obj is not None and not isinstance(obj, dict):
                    return f"malformed answer: the {name} is not an object"
                if (
                    obj is not None
                    and str(obj.get("hash", obj.get("transactionHash"))).lower() != tx_hash
                ):
                    return f"malformed answer: the {name} is for another hash"
            problem = shape_problem("transaction", results[1], TRANSACTION) or shape_problem(
                "receipt", results[2], RECEIPT
            )
            return None if problem is None else f"malformed answer: {problem}"

        return check

    def _confirm_not_found(
        self, tx_hash: str, reply: RpcReply, notes: tuple[str, ...]
    ) -> Steps[ChainLookup]:
        """A hash unknown to one node is asked of the others at once, where the chain has
        others that did not fail or stall lately; the first good answer settles it."""
        others = [e for e in self.chain.rpc if redact_url(e) != reply.endpoint]
        if not others:
            return ChainLookup(
                self.chain.name, LookupStatus.NOT_FOUND, reason="one endpoint checked", notes=notes
            )
        others = self._transport.worth_asking(others)
        if not others:
            return ChainLookup(
                self.chain.name,
                LookupStatus.NOT_FOUND,
                notes=notes,
                reason="one endpoint checked (the others failed lately)",
            )
        try:
            second = yield ask(
                others,
                [
                    ("eth_chainId", []),
                    ("eth_getTransactionByHash", [tx_hash]),
                    ("eth_getTransactionReceipt", [tx_hash]),
                    ("eth_blockNumber", []),
                ],
                self._check_first(tx_hash),
                second_opinion=True,
            )
        except AllEndpointsFailed as failed:
            return ChainLookup(
                self.chain.name, LookupStatus.NOT_FOUND, reason=unconfirmed(failed), notes=notes
            )
        notes += _wrong_chain_notes(second.attempts)
        _, tx, receipt, latest = second.results
        # Either may be far behind: a hash unknown to a lagging node may well be mined.
        lags = list(
            compare_tips(
                (reply.endpoint, _int(reply.results[3], "block number")),
                (second.endpoint, _int(latest, "block number")),
                self.chain.block_time,
            )
        )
        if tx is None and receipt is None:
            return ChainLookup(
                self.chain.name,
                LookupStatus.NOT_FOUND,
                reason="two endpoints checked",
                notes=notes,
                lagging=tuple(lags),
            )
        facts = yield from self._facts(
            tx_hash,
            _object(tx, "transaction"),
            _object(receipt, "receipt"),
            _int(latest, "block number"),
            self._answering_first(second.endpoint),
            lags,
        )
        return ChainLookup(
            self.chain.name, LookupStatus.FOUND, facts=facts, notes=notes, lagging=tuple(lags)
        )

    # -- facts -----------------------------------------------------------------------

    def _facts(
        self,
        tx_hash: str,
        tx: dict[str, Any] | None,
        receipt: dict[str, Any] | None,
        latest: int,
        endpoints: Sequence[str],
        lags: list[EndpointLag],
    ) -> Steps[TxFacts]:
        """The transaction's facts; ``lags`` collects endpoints found lagging on the way."""
        if tx is None:
            raise MalformedAnswer("a receipt without its transaction")
        fees = _fees(tx, receipt)
        base = TxFacts(
            chain=self.chain.name,
            family=Family.EVM,
            hash=tx_hash,
            state=TxState.INCLUDED if tx.get("blockNumber") or receipt else TxState.PENDING,
            sender=_address(tx.get("from"), "sender"),
            recipient=_address(tx.get("to"), "recipient"),
            value=Amount(
                _int(tx.get("value", "0x0"), "value"), self.chain.native_decimals, self.chain.native
            ),
            nonce=_int(tx.get("nonce"), "nonce"),
            latest_block=latest,
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            evm_fees=fees,
            creates_contract=tx.get("to") is None,
        )
        if base.sender is None:
            raise MalformedAnswer("the transaction has no sender")
        if receipt is None and tx.get("blockNumber"):
            receipt = yield from self._late_receipt(tx_hash, endpoints)
        if receipt is None:
            return (yield from self._pending(base, endpoints, lags))
        return (yield from self._included(base, tx, receipt, endpoints))

    def _late_receipt(self, tx_hash: str, endpoints: Sequence[str]) -> Steps[dict[str, Any] | None]:
        """Nodes may index a receipt a moment after the block: ask once more."""
        try:
            reply = yield ask(endpoints, [("eth_getTransactionReceipt", [tx_hash])])
        except AllEndpointsFailed:
            return None
        (receipt,) = reply.results
        if not isinstance(receipt, dict):
            return None
        if str(receipt.get("transactionHash")).lower() != tx_hash:
            raise MalformedAnswer("the receipt is for another hash")
        return receipt

    def _pending(
        self, base: TxFacts, endpoints: Sequence[str], lags: list[EndpointLag]
    ) -> Steps[TxFacts]:
        """Round 2a. With several endpoints it goes to another one first, asking the first
        round's question again: a node that is behind calls a mined transaction pending."""
        context: list[tuple[str, list[Any]]] = [
            ("eth_getTransactionCount", [base.sender, "latest"]),
            ("eth_getTransactionCount", [base.sender, "pending"]),
            ("eth_feeHistory", [hex(FEE_HISTORY_BLOCKS), "latest", TIP_PERCENTILES]),
        ]
        recheck = [
            ("eth_chainId", []),
            ("eth_getTransactionByHash", [base.hash]),
            ("eth_getTransactionReceipt", [base.hash]),
            ("eth_blockNumber", []),
        ]
        first, others = endpoints[0], list(endpoints[1:])
        try:
            if not others:
                reply = yield ask(endpoints, context)
            else:
                reply = yield ask(
                    [*others, first],
                    recheck + context,
                    self._check_fresh(base.hash, base.latest_block or 0),
                )
        except AllEndpointsFailed:  # the verdict can still say "pending", with less detail
            return base
        results = reply.results
        if others:
            lags += lags_from_rejections([(a.endpoint, a.error) for a in reply.attempts])
            _, tx, receipt, tip = results[:4]
            results, tip = results[4:], _int(tip, "block number")
            if reply.endpoint != redact_url(first):
                lags += compare_tips(
                    (redact_url(first), base.latest_block or 0),
                    (reply.endpoint, tip),
                    self.chain.block_time,
                )
            if receipt is not None or (isinstance(tx, dict) and tx.get("blockNumber")):
                return (
                    yield from self._facts(
                        base.hash,
                        _object(tx, "transaction"),
                        _object(receipt, "receipt"),
                        tip,
                        self._answering_first(reply.endpoint),
                        lags,
                    )
                )
        latest, pending, history = results
        nonces = market = None
        try:  # nonces and fees are detail: a pending verdict stands without them
            if not isinstance(latest, RpcError) and not isinstance(pending, RpcError):
                nonces = SenderNonces(_int(latest, "nonce"), _int(pending, "nonce"))
        except MalformedAnswer:
            nonces = None
        try:
            market = None if isinstance(history, RpcError) else _market(history)
        except MalformedAnswer:
            market = None
        return replaced(base, nonces=nonces, market=market)

    def _included(
        self, base: TxFacts, tx: dict[str, Any], receipt: dict[str, Any], endpoints: Sequence[str]
    ) -> Steps[TxFacts]:
        block = _int(receipt.get("blockNumber"), "block number")
        status = _opt_int(receipt, "status")
        if status not in (None, 0, 1):
            raise MalformedAnswer("the receipt status is neither 0 nor 1")
        fees = base.evm_fees
        assert fees is not None
        fee = (fees.gas_used or 0) * (fees.effective_gas_price or fees.fee_cap)
        fee += _opt_int(receipt, "l1Fee") or 0  # OP-stack chains charge the L1 data fee apart
        facts = replaced(
            base,
            state=TxState.INCLUDED,
            block_number=block,
            success=None if status is None else status == 1,
            fee_paid=Amount(fee, self.chain.native_decimals, self.chain.native),
        )
        if status == 0:
            facts = replaced(facts, failure=(yield from self._failure(tx, fees, block, endpoints)))
        return (yield from self._transfers.enrich(facts, tx, receipt, endpoints))

    def _failure(
        self, tx: dict[str, Any], fees: EvmFees, block: int, endpoints: Sequence[str]
    ) -> Steps[Failure]:
        """Replay the call on the state before its block to learn why it failed; when it
        used all its gas, also ask in the same batch how much gas that call needs there."""
        used_all = fees.gas_used is not None and fees.gas_used >= fees.gas_limit
        call = {
            "from": tx.get("from"),
            "to": tx.get("to"),
            "data": tx.get("input", "0x"),
            "value": tx.get("value", "0x0"),
            "gas": tx.get("gas"),
        }
        before = hex(max(block - 1, 0))
        calls: list[tuple[str, list[Any]]] = [("eth_call", [call, before])]
        if used_all:
            calls.append(("eth_estimateGas", [_estimate_call(call, fees.gas_limit), before]))
        try:
            reply = yield ask(endpoints, calls)
        except AllEndpointsFailed:
            kind = FailureKind.OUT_OF_GAS if used_all else FailureKind.REVERTED
            return Failure(kind)
        result = reply.results[0]
        needed = _gas_estimate(reply.results[1]) if len(reply.results) > 1 else None
        if not isinstance(result, RpcError):  # the replay succeeded: the state has moved on
            kind = FailureKind.OUT_OF_GAS if used_all else FailureKind.REVERTED
            return Failure(kind, gas_needed=needed if used_all else None)
        if is_out_of_gas(result.message) or (used_all and not _has_revert_data(result)):
            return Failure(FailureKind.OUT_OF_GAS, reason=None, replayed=True, gas_needed=needed)
        return failure_from_revert_data(_revert_data(result), result.message)

    # -- helpers ---------------------------------------------------------------------

    def _rpc(
        self,
        endpoints: Sequence[str],
        calls: Sequence[tuple[str, list[Any]]],
        check: RpcCheck | None = None,
        second_opinion: bool = False,
    ) -> RpcReply:
        if second_opinion:  # every endpoint at once, and not worth the whole deadline
            return self._transport.rpc(
                endpoints, calls, check=check, at_once=True, within=SECOND_OPINION_WITHIN
            )
        return self._transport.rpc(endpoints, calls, check=check)

    def _check_fresh(self, tx_hash: str, reference_tip: int) -> RpcCheck:
        """Round 1's check, and: not far behind the endpoint that answered round 1."""
        first_check: RpcCheck = self._check_first(tx_hash)

        def check(results: list[Any]) -> str | None:
            problem = first_check(results[:4])
            if problem is not None:
                return problem
            tip = parse_quantity(results[3]) or 0
            return lagging_reason(tip, reference_tip, self.chain.block_time)

        return check

    def _answering_first(self, answered: str) -> list[str]:
        """This chain's endpoints with the one that answered first (its pool saw the tx)."""
        first = [e for e in self.chain.rpc if redact_url(e) == answered]
        return first + [e for e in self.chain.rpc if e not in first]


def _raise(exc: Exception) -> ChainLookup:
    raise exc


def _fees(tx: dict[str, Any], receipt: dict[str, Any] | None) -> EvmFees:
    receipt = receipt or {}
    return EvmFees(
        gas_limit=_int(tx.get("gas"), "gas"),
        gas_used=_opt_int(receipt, "gasUsed"),
        gas_price=None if tx.get("maxFeePerGas") else _opt_int(tx, "gasPrice"),
        max_fee=_opt_int(tx, "maxFeePerGas"),
        max_priority_fee=_opt_int(tx, "maxPriorityFeePerGas"),
        effective_gas_price=_opt_int(receipt, "effectiveGasPrice"),
    )


def _market(history: Any) -> FeeMarket | None:
    if not isinstance(history, dict) or not history.get("baseFeePerGas"):
        return None
    rewards = history.get("reward") or []
    if not isinstance(rewards, list) or not all(isinstance(r, list) for r in rewards):
        raise MalformedAnswer("the fee history's rewards are not lists")
    ratios = history.get("gasUsedRatio") or [1.0] * len(rewards)
    if not isinstance(history["baseFeePerGas"], list) or not isinstance(ratios, list):
        raise MalformedAnswer("the fee history is not made of lists")
    base_fees = tuple(_int(b, "base fee") for b in history["baseFeePerGas"])
    busy = [r for r, ratio in zip(rewards, ratios, strict=False) if ratio and len(r) >= 2]
    low = [_int(r[0], "reward") for r in busy]
    mid = [_int(r[1], "reward") for r in busy]
    return FeeMarket(
        next_base_fee=base_fees[-1],
        tip_low=int(statistics.median(low)) if low else 0,
        tip_median=int(statistics.median(mid)) if mid else 0,
        base_fee_history=base_fees,
    )


def _estimate_call(call: dict[str, Any], gas_limit: int) -> dict[str, Any]:
    """The call whose gas ``eth_estimateGas`` searches for, up to ESTIMATE_UP_TO times what the
    transaction had: without a ceiling the node searches up to the block's gas limit, and a
    call that loops until its gas runs out costs it a search over tens of millions of gas (a
    second or more on a node, every time). A bigger transaction keeps the block's limit."""
    ceiling = ESTIMATE_UP_TO * gas_limit
    if ceiling >= ESTIMATE_CEILING_BELOW:
        return {k: v for k, v in call.items() if k != "gas"}
    return {**call, "gas": hex(ceiling)}


def _gas_estimate(result: Any) -> int | None:
    """An ``eth_estimateGas`` answer, or None when the node could not estimate it."""
    if isinstance(result, RpcError):
        return None
    try:
        return _int(result, "gas estimate")
    except MalformedAnswer:
        return None


def _revert_data(error: RpcError) -> str | None:
    data = error.data
    if isinstance(data, dict):  # some nodes nest it: {"data": {"data": "0x…"}}
        data = data.get("data")
    return data if isinstance(data, str) else None


def _has_revert_data(error: RpcError) -> bool:
    data = _revert_data(error)
    return bool(data) and len(data or "") >= 10


def _wrong_chain_notes(attempts: Sequence[Attempt]) -> tuple[str, ...]:
    return tuple(
        f"({a.endpoint}) {a.error.removeprefix('rejected: ')}"
        for a in attempts
        if a.error and "answers for chain id" in a.error
    )


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> EvmFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return EvmFetcher(chain, transport, tokens)
