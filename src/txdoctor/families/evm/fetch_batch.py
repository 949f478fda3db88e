"""Many transaction hashes on the EVM chains at once, in a few large JSON-RPC batches.

The lookup of one hash is ``EvmFetcher.lookup_transaction``, unchanged: round 1 (chain id,
transaction, receipt, latest block), then what the answer calls for (a second endpoint for
a hash it does not know, nonces and fees for a pending one, a replay for a failed one, token
metadata for a mined one). Here that lookup runs for every hash in lock-step rounds. Each
round, every lookup runs from the start with the answers it already has (replayed, no I/O)
until it asks a question not answered yet; the questions of all lookups are merged, identical
calls (``eth_chainId``, ``eth_blockNumber``, one token's metadata) sent once, packed into
JSON-RPC batches of at most ``batch_size`` calls, and sent several at a time. A lookup that
asks nothing new is done. So the rules and the parsing stay in one place
(``families/evm/fetch.py``).

Across the chains of the family: round 1 goes to every chain at once (one batch per ~100
hashes per chain costs little and keeps one round trip on the critical path); the rounds
after it go only where they are needed. A hash found on one chain is not looked up further on
the others: their second endpoint is not asked to confirm the miss.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.families.evm.fetch import EvmFetcher
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import AllEndpointsFailed, RpcCheck, RpcReply, Transport

DEFAULT_BATCH_SIZE = 200
"""JSON-RPC calls per HTTP request: 99 hashes in round 1 (geth accepts 1,000 by default)."""
DEFAULT_IN_FLIGHT = 4
"""Requests in flight at once per chain."""
MAX_ROUNDS = 10
"""Rounds before a lookup is finished alone (the single lookup needs at most five)."""
RENDEZVOUS_TIMEOUT = 300.0

Call = tuple[str, list[Any]]
Answer = RpcReply | AllEndpointsFailed


class _Deferred(BaseException):
    """A replayed lookup asked a question with no answer yet. Not an ``Exception``, so the
    fetcher's own error handling lets it through."""

    def __init__(self, request: _Request) -> None:
        super().__init__()
        self.request = request


class _Diverged(BaseException):
    """A replay asked something else than the first time: finish that lookup alone."""


@dataclass(frozen=True)
class _Request:
    endpoints: tuple[str, ...]
    calls: tuple[Call, ...]
    check: RpcCheck | None


@dataclass
class _Task:
    """One hash on one chain: the answers its lookup got so far."""

    hash: str
    asked: list[tuple[tuple[str, ...], tuple[Call, ...]]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    position: int = 0
    first_calls: tuple[Call, ...] = ()
    request: _Request | None = None
    result: ChainLookup | None = None

    def answer(
        self, endpoints: Sequence[str], calls: Sequence[Call], check: RpcCheck | None
    ) -> RpcReply:
        index, self.position = self.position, self.position + 1
        if index < len(self.answers):
            if self.asked[index] != (tuple(endpoints), tuple(calls)):
                raise _Diverged
            answer = self.answers[index]
            if isinstance(answer, AllEndpointsFailed):
                raise AllEndpointsFailed(answer.attempts)
            return answer
        raise _Deferred(_Request(tuple(endpoints), tuple(calls), check))

    def record(self, answer: Answer) -> None:
        assert self.request is not None
        if not self.answers:
            self.first_calls = self.request.calls
        self.asked.append((self.request.endpoints, self.request.calls))
        self.answers.append(answer)
        self.request = None

    def missing_after_round_one(self) -> bool:
        """Whether round 1 answered, and knew neither the transaction nor its receipt."""
        if not self.answers or isinstance(self.answers[0], AllEndpointsFailed):
            return False
        results = self.answers[0].results
        lookups = [
            r
            for (method, _), r in zip(self.first_calls, results, strict=True)
            if method in ("eth_getTransactionByHash", "eth_getTransactionReceipt")
        ]
        return bool(lookups) and all(r is None for r in lookups)


class _ReplayFetcher(EvmFetcher):
    """``EvmFetcher`` whose every JSON-RPC exchange is answered by a task's record."""

    def __init__(self, chain: ChainConfig, transport: Transport, task: _Task) -> None:
        # A fresh token cache per replay: what a lookup asks must not depend on what other
        # lookups learnt meanwhile, or its replays would ask something else.
        super().__init__(chain, transport, tokens=TokenCache())
        self._task = task

    def _rpc(
        self,
        endpoints: Sequence[str],
        calls: Sequence[Call],
        check: RpcCheck | None = None,
        second_opinion: bool = False,
    ) -> RpcReply:
        return self._task.answer(endpoints, calls, check)


class _Rendezvous:
    """Where the chains of a family say which hashes their round 1 found."""

    def __init__(self, chains: Sequence[str]) -> None:
        self._waiting = set(chains)
        self._found: dict[str, str] = {}
        self._lock = threading.Lock()
        self._done = threading.Event()
        if not self._waiting:
            self._done.set()

    def report(self, chain: str, found: Sequence[str]) -> None:
        with self._lock:
            for tx_hash in found:
                self._found.setdefault(tx_hash, chain)
            self._waiting.discard(chain)
            if not self._waiting:
                self._done.set()

    def found_elsewhere(self, chain: str, tx_hash: str) -> str | None:
        """The chain that found ``tx_hash``, if another one; waits for every round 1."""
        self._done.wait(RENDEZVOUS_TIMEOUT)
        with self._lock:
            other = self._found.get(tx_hash)
        return other if other not in (None, chain) else None


class EvmBatchFetcher:
    """Looks up many transaction hashes on one EVM chain with few JSON-RPC batches."""

    def __init__(
        self,
        chain: ChainConfig,
        transport: Transport,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        in_flight: int = DEFAULT_IN_FLIGHT,
        slots: threading.Semaphore | None = None,
    ) -> None:
        if batch_size < 4 or in_flight < 1:
            raise ValueError("batch_size must be at least 4 and in_flight at least 1")
        self.chain = chain
        self._transport = transport
        self._sender = EvmFetcher(chain, transport)
        self._batch_size = batch_size
        self._in_flight = in_flight
        self._slots = slots

    def lookup_transactions(
        self, hashes: Sequence[str], rendezvous: _Rendezvous | None = None
    ) -> dict[str, ChainLookup]:
        """Each hash (0x + 64 hex) looked up as ``EvmFetcher.lookup_transaction`` would."""
        tasks = [_Task(h) for h in dict.fromkeys(h.lower() for h in hashes)]
        reported = rendezvous is None
        try:
            for number in range(1, MAX_ROUNDS + 1):
                waiting = [t for t in tasks if t.result is None and self._advance(t)]
                if number > 1 and not reported:
                    assert rendezvous is not None
                    rendezvous.report(self.chain.name, [t.hash for t in tasks if _found(t)])
                    reported = True
                if number == 2 and rendezvous is not None:
                    waiting = [t for t in waiting if not self._found_elsewhere(t, rendezvous)]
                if not waiting:
                    break
                self._exchange(waiting)
        finally:
            if not reported:
                assert rendezvous is not None
                rendezvous.report(self.chain.name, [t.hash for t in tasks if _found(t)])
        for task in tasks:
            if task.result is None:  # more rounds than any known lookup needs: finish alone
                task.result = self._sender.lookup_transaction(task.hash)
        return {t.hash: t.result for t in tasks if t.result is not None}

    def _advance(self, task: _Task) -> bool:
        """Replay the task's lookup; True when it now waits for an answer."""
        task.position = 0
        try:
            task.result = _ReplayFetcher(self.chain, self._transport, task).lookup_transaction(
                task.hash
            )
        except _Deferred as deferred:
            task.request = deferred.request
            return True
        except _Diverged:
            task.result = self._sender.lookup_transaction(task.hash)
        except Exception as exc:  # as in Doctor: a fetcher that raises sinks one chain, no more
            task.result = ChainLookup(
                self.chain.name,
                LookupStatus.UNREACHABLE,
                reason=f"internal error reading its answer ({type(exc).__name__})",
            )
        return False

    def _found_elsewhere(self, task: _Task, rendezvous: _Rendezvous) -> bool:
        if not task.missing_after_round_one():
            return False
        other = rendezvous.found_elsewhere(self.chain.name, task.hash)
        if other is None:
            return False
        task.result = ChainLookup(
            self.chain.name,
            LookupStatus.NOT_FOUND,
            reason=f"one endpoint checked (found on {other})",
        )
        task.request = None
        return True

    def _exchange(self, tasks: Sequence[_Task]) -> None:
        """Answer every task's pending request, in merged batches sent several at a time."""
        groups: dict[tuple[str, ...], list[_Task]] = {}
        for task in tasks:
            assert task.request is not None
            groups.setdefault(task.request.endpoints, []).append(task)
        chunks = [chunk for group in groups.values() for chunk in self._pack(group)]
        workers = min(self._in_flight, len(chunks))
        if workers <= 1:
            for chunk in chunks:
                self._send(chunk)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(self._send, chunks))

    def _pack(self, tasks: Sequence[_Task]) -> list[list[_Task]]:
        """Whole requests per chunk, at most ``batch_size`` distinct calls each; requests
        asking the same things (one recipient's code, one token) side by side, so that they
        share a chunk and their common calls go out once."""
        chunks: list[list[_Task]] = []
        current: list[_Task] = []
        keys: set[Hashable] = set()
        for task in sorted(tasks, key=_signature):
            assert task.request is not None
            new = {_call_key(c) for c in task.request.calls} - keys
            if current and len(keys) + len(new) > self._batch_size:
                chunks.append(current)
                current, keys = [], set()
                new = {_call_key(c) for c in task.request.calls}
            current.append(task)
            keys |= new
        if current:
            chunks.append(current)
        return chunks

    def _send(self, tasks: Sequence[_Task]) -> None:
        requests = [t.request for t in tasks if t.request is not None]
        index: dict[Hashable, int] = {}
        calls: list[Call] = []
        for request in requests:
            for call in request.calls:
                if index.setdefault(_call_key(call), len(calls)) == len(calls):
                    calls.append(call)
        slices = [[index[_call_key(c)] for c in r.calls] for r in requests]
        try:
            with self._slot():
                reply = self._sender._rpc(
                    requests[0].endpoints, calls, check=_all_rejected(requests, slices)
                )
        except AllEndpointsFailed as failed:
            for task in tasks:
                task.record(failed)
            return
        for task, request, positions in zip(tasks, requests, slices, strict=True):
            results = [reply.results[i] for i in positions]
            if request.check is not None and request.check(results) is not None:
                task.record(self._alone(request))  # this one's answer was refused: ask anew
            else:
                task.record(RpcReply(results, reply.endpoint, reply.attempts))

    def _alone(self, request: _Request) -> Answer:
        try:
            with self._slot():
                return self._sender._rpc(request.endpoints, request.calls, check=request.check)
        except AllEndpointsFailed as failed:
            return failed

    def _slot(self) -> AbstractContextManager[Any]:
        return self._slots if self._slots is not None else nullcontext()


class FamilySearch:
    """Many hashes over every EVM chain at once; see the module docstring."""

    def __init__(
        self,
        chains: Sequence[ChainConfig],
        transport: Transport,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        in_flight: int = DEFAULT_IN_FLIGHT,
        slots: Callable[[str], threading.Semaphore] | None = None,
    ) -> None:
        self._fetchers = [
            EvmBatchFetcher(
                c,
                transport,
                batch_size=batch_size,
                in_flight=in_flight,
                slots=slots(c.name) if slots else None,
            )
            for c in chains
        ]

    def lookup(self, hashes: Sequence[str]) -> dict[str, dict[str, ChainLookup]]:
        """chain name → hash → lookup, for every chain and every (lowercased) hash."""
        if not self._fetchers or not hashes:
            return {f.chain.name: {} for f in self._fetchers}
        rendezvous = _Rendezvous([f.chain.name for f in self._fetchers])
        with ThreadPoolExecutor(max_workers=len(self._fetchers)) as pool:
            answers = pool.map(lambda f: f.lookup_transactions(hashes, rendezvous), self._fetchers)
            return {f.chain.name: a for f, a in zip(self._fetchers, answers, strict=True)}


def _found(task: _Task) -> bool:
    return (
        bool(task.answers)
        and not isinstance(task.answers[0], AllEndpointsFailed)
        and not task.missing_after_round_one()
    )


def _all_rejected(requests: Sequence[_Request], slices: Sequence[list[int]]) -> RpcCheck | None:
    """Refuse a merged answer only when every request that checks its answer refuses it
    (an endpoint of the wrong chain); one odd answer is asked again alone instead."""
    checked = [(r.check, s) for r, s in zip(requests, slices, strict=True) if r.check]
    if not checked:
        return None

    def check(results: list[Any]) -> str | None:
        reasons = [c([results[i] for i in s]) for c, s in checked]
        return reasons[0] if all(r is not None for r in reasons) else None

    return check


def _signature(task: _Task) -> tuple[str, ...]:
    assert task.request is not None
    return tuple(sorted(repr(_call_key(c)) for c in task.request.calls))


def _call_key(call: Call) -> Hashable:
    """A call as a dict key: equal for equal calls, without encoding it as JSON."""
    method, params = call
    return method, _frozen(params)


def _frozen(value: Any) -> Hashable:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # True == 1 in Python, not in JSON
        return "bool", value
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return "dict", tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    plain: Hashable = value  # numbers and None
    return plain
