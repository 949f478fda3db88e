"""Many transaction hashes on the EVM chains at once, in a few large JSON-RPC batches.

The lookup of one hash is ``EvmFetcher.lookup_transaction``, written once as steps
(``fetch_steps``): round 1 (chain id, transaction, receipt, latest block), then what the
answer calls for (a second endpoint for a hash it does not know, nonces and fees for a
pending one, a replay for a failed one, recipients' code and token metadata for a mined
one). Here that lookup runs for every hash in lock-step rounds: each round, every lookup
still running has yielded one ``Ask``; the asks of all lookups are merged, identical calls
(``eth_chainId``, ``eth_blockNumber``, one token's metadata) sent once, packed into JSON-RPC
batches of at most ``batch_size`` calls, and sent several at a time; each lookup is sent its
own answer and advances to its next ask, or to its result. Nothing is replayed, and the
rules and the parsing stay in one place (``families/evm/fetch.py``).

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
from dataclasses import dataclass
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.families.evm.fetch import EvmFetcher
from txdoctor.families.evm.fetch_steps import Ask, Steps
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


@dataclass
class _Task:
    """One hash on one chain: its lookup, suspended at the ask it waits on."""

    hash: str
    steps: Steps[ChainLookup]
    request: Ask | None = None
    first: Answer | None = None
    first_calls: tuple[Call, ...] = ()
    keys: tuple[Hashable, ...] = ()
    result: ChainLookup | None = None

    def missing_after_round_one(self) -> bool:
        """Whether round 1 answered, and knew neither the transaction nor its receipt."""
        if self.first is None or isinstance(self.first, AllEndpointsFailed):
            return False
        lookups = [
            r
            for (method, _), r in zip(self.first_calls, self.first.results, strict=True)
            if method in ("eth_getTransactionByHash", "eth_getTransactionReceipt")
        ]
        return bool(lookups) and all(r is None for r in lookups)


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
        tokens: TokenCache | None = None,
    ) -> None:
        if batch_size < 4 or in_flight < 1:
            raise ValueError("batch_size must be at least 4 and in_flight at least 1")
        self.chain = chain
        self._transport = transport
        self._sender = EvmFetcher(chain, transport, tokens=tokens)
        self._batch_size = batch_size
        self._in_flight = in_flight
        self._slots = slots

    def lookup_transactions(
        self, hashes: Sequence[str], rendezvous: _Rendezvous | None = None
    ) -> dict[str, ChainLookup]:
        """Each hash (0x + 64 hex) looked up as ``EvmFetcher.lookup_transaction`` would."""
        tasks = [
            _Task(h, self._sender.transaction_steps(h))
            for h in dict.fromkeys(h.lower() for h in hashes)
        ]
        reported = rendezvous is None
        try:
            for task in tasks:
                self._advance(task, None)
            for number in range(1, MAX_ROUNDS + 1):
                waiting = [t for t in tasks if t.result is None]
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
                task.result = self._finish_alone(task)
        return {t.hash: t.result for t in tasks if t.result is not None}

    def _advance(self, task: _Task, answer: Answer | None) -> None:
        """Hand the task its answer (none at the start); it stops at its next ask or ends."""
        try:
            if answer is None:
                task.request = next(task.steps)
            elif isinstance(answer, AllEndpointsFailed):
                task.request = task.steps.throw(answer)
            else:
                task.request = task.steps.send(answer)
            task.keys = tuple(_call_key(c) for c in task.request.calls)
        except StopIteration as done:
            task.result, task.request = done.value, None
        except Exception as exc:  # as in Doctor: a fetcher that raises sinks one chain, no more
            task.request = None
            task.result = ChainLookup(
                self.chain.name,
                LookupStatus.UNREACHABLE,
                reason=f"internal error reading its answer ({type(exc).__name__})",
            )

    def _finish_alone(self, task: _Task) -> ChainLookup:
        """The rest of a task's lookup, each ask sent on its own."""
        while task.result is None:
            assert task.request is not None
            self._advance(task, self._alone(task.request))
        return task.result

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
        task.steps.close()  # its second endpoint is not asked
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
            new = set(task.keys) - keys
            if current and len(keys) + len(new) > self._batch_size:
                chunks.append(current)
                current, keys = [], set()
                new = set(task.keys)
            current.append(task)
            keys |= new
        if current:
            chunks.append(current)
        return chunks

    def _send(self, tasks: Sequence[_Task]) -> None:
        """One merged request for these tasks; each is handed its answer and advances."""
        requests: list[Ask] = []
        index: dict[Hashable, int] = {}
        calls: list[Call] = []
        slices: list[list[int]] = []
        for task in tasks:
            assert task.request is not None
            requests.append(task.request)
            for key, call in zip(task.keys, task.request.calls, strict=True):
                if index.setdefault(key, len(calls)) == len(calls):
                    calls.append(call)
            slices.append([index[k] for k in task.keys])
        try:
            with self._slot():
                reply = self._sender._rpc(
                    requests[0].endpoints, calls, check=_all_rejected(requests, slices)
                )
        except AllEndpointsFailed as failed:
            for task in tasks:
                self._answered(task, failed)
            return
        for task, request, positions in zip(tasks, requests, slices, strict=True):
            results = [reply.results[i] for i in positions]
            if request.check is not None and request.check(results) is not None:
                self._answered(task, self._alone(request))  # refused: asked anew, alone
            else:
                self._answered(task, RpcReply(results, reply.endpoint, reply.attempts))

    def _answered(self, task: _Task, answer: Answer) -> None:
        if task.first is None:
            assert task.request is not None
            task.first, task.first_calls = answer, task.request.calls
        self._advance(task, answer)

    def _alone(self, request: Ask) -> Answer:
        try:
            with self._slot():
                return self._sender._rpc(
                    request.endpoints, request.calls, request.check, request.second_opinion
                )
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
        tokens: TokenCache | None = None,
    ) -> None:
        self._fetchers = [
            EvmBatchFetcher(
                c,
                transport,
                batch_size=batch_size,
                in_flight=in_flight,
                slots=slots(c.name) if slots else None,
                tokens=tokens,
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
        task.first is not None
        and not isinstance(task.first, AllEndpointsFailed)
        and not task.missing_after_round_one()
    )


def _all_rejected(requests: Sequence[Ask], slices: Sequence[list[int]]) -> RpcCheck | None:
    """Refuse a merged answer only when every request that checks its answer refuses it
    (an endpoint of the wrong chain); one odd answer is asked again alone instead."""
    checked = [(r.check, s) for r, s in zip(requests, slices, strict=True) if r.check]
    if not checked:
        return None

    def check(results: list[Any]) -> str | None:
        first = None
        for one, positions in checked:  # the first request that accepts settles it
            reason = one([results[i] for i in positions])
            if reason is None:
                return None
            first = first or reason
        return first

    return check


def _signature(task: _Task) -> tuple[str, ...]:
    return tuple(sorted(repr(k) for k in task.keys))


def _call_key(call: Call) -> Hashable:
    """A call as a dict key: equal for equal calls, without encoding it as JSON."""
    method, params = call
    if all(type(p) is str for p in params):  # most calls: hashes, addresses, block tags
        return method, tuple(params)
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
