"""Runs a batch: rows in windows, EVM hashes of a window looked up together, results streamed.

A window is a few hundred rows. Rows that need no chain (empty, malformed, a secret) are
answered at once. The EVM transaction hashes of the window go to every EVM chain together
(``fetch/evm_batch.FamilySearch``: merged JSON-RPC batches, several in flight per chain);
everything else (addresses, other families) goes through the normal one-input lookup, a few
at a time. Three windows are in flight, so one's follow-up rounds and another's CPU work (its
facts and conclusions) overlap the next one's first round, and results reach the output as
each window completes. (With two, the node idled while a window was concluded: a 10,000-hash
bench/ batch took 6.0 s against 5.5 s with three, and 5.6 s with four.)
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from txdoctor.advise.report import Report
from txdoctor.commands.batch.rows import Row
from txdoctor.config import ChainConfig
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.families.evm.fetch_batch import DEFAULT_BATCH_SIZE, DEFAULT_IN_FLIGHT, FamilySearch
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.input import Family, InputKind
from txdoctor.pipeline.doctor import Doctor, Plan

WINDOWS_IN_FLIGHT = 3
WINDOW_REQUESTS = 12
"""Rows per window: as many hashes as a dozen round-1 requests hold, 500 at most, in whole
round-1 requests (495 = 5 × 99, not 500 = 6 requests, the last one of 5 hashes). Larger
windows merge more follow-up calls (one recipient, one token) into fewer requests; smaller
ones show results sooner, and let one window's CPU work overlap the other's network waits
(1,000 rows in two windows: 4 more requests than in one, and faster in bench/ runs). The
first window is one round-1 request (99 rows): the first results reach the output after
one round trip and little CPU, not after a whole window's."""
MAX_WINDOW = 500
MIN_WINDOW = 50
MESSAGE_POLL = 0.5
"""Seconds between checks for Ctrl-C while no row is concluded."""
INPUT_PAUSE = 0.2
"""Seconds without a new row after which the rows read so far make a window."""
OTHER_CONCURRENCY = 8
"""Inputs looked up one by one (addresses, non-EVM hashes) at once."""

Result = tuple[Row, Report]


class BatchRunner:
    """Diagnoses rows with as few round trips and requests as it can."""

    def __init__(
        self,
        doctor: Doctor,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        in_flight: int = DEFAULT_IN_FLIGHT,
        window: int | None = None,
    ) -> None:
        self._doctor = doctor
        self._batch_size = batch_size
        self._in_flight = in_flight
        per_request = batch_size // 2 - 1  # hashes in one round-1 request
        requests = max(1, min(WINDOW_REQUESTS, MAX_WINDOW // per_request))
        self._window = window or max(MIN_WINDOW, per_request * requests)
        self._first_window = min(self._window, max(MIN_WINDOW, per_request))
        self._evm = tuple(c for c in doctor.config.chains if c.family == Family.EVM.value)
        self._slots: dict[str, threading.Semaphore] = {
            c.name: threading.Semaphore(in_flight) for c in self._evm
        }
        self._others = ThreadPoolExecutor(max_workers=OTHER_CONCURRENCY)
        # Token metadata and recipients' kinds, learnt once for the whole run, not per window.
        self._tokens = TokenCache()

    def run(
        self,
        rows: Iterable[Row],
        stop: threading.Event | None = None,
        *,
        ordered: bool = False,
        paced: bool = False,
    ) -> Iterator[Result]:
        """Each result as soon as its row is concluded (rows needing no chain at once, the
        others when their window's lookups are done), or in input order when ``ordered``
        (then a window counts as in flight until all its rows are given out, so at most
        ``WINDOWS_IN_FLIGHT`` windows of results wait). Stops taking rows once ``stop`` is
        set; windows already started finish. ``paced``: the rows come from a pipe or a
        terminal, which may pause (then a window closes early, see ``_windows``)."""
        stop = stop or threading.Event()
        messages: queue.Queue[_Message] = queue.Queue()
        slots = threading.Semaphore(WINDOWS_IN_FLIGHT)
        pool = ThreadPoolExecutor(max_workers=WINDOWS_IN_FLIGHT)
        feeder = threading.Thread(
            target=self._feed,
            args=(rows, stop, slots, pool, messages, paced),
            name="txdoctor-batch-feed",
            daemon=True,
        )
        reorder = _Reorder() if ordered else None
        running = 0
        fed: _FeedEnd | None = None
        feeder.start()
        try:
            while fed is None or running:
                message = _next_message(messages)
                if isinstance(message, _WindowStart):
                    running += 1
                    if reorder is not None:
                        reorder.expect(message.window, message.size)
                elif isinstance(message, _WindowEnd):
                    running -= 1
                    if message.error is not None:
                        raise message.error
                    if reorder is None:
                        slots.release()
                elif isinstance(message, _FeedEnd):
                    fed = message
                    if message.error is not None:
                        raise message.error
                elif reorder is None:
                    yield message.result
                else:
                    for result, window_done in reorder.add(message):
                        yield result
                        if window_done:
                            slots.release()
        finally:
            stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self._others.shutdown(wait=False, cancel_futures=True)

    def _feed(
        self,
        rows: Iterable[Row],
        stop: threading.Event,
        slots: threading.Semaphore,
        pool: ThreadPoolExecutor,
        messages: queue.Queue[_Message],
        paced: bool,
    ) -> None:
        """Form windows (on its own thread, so a pause in the input never holds results
        back) and start each one when a slot is free."""
        error: BaseException | None = None
        try:
            sizes = (self._first_window, self._window)
            windows = _windows(rows, *sizes) if paced else _chunks(rows, *sizes)
            for number, window in enumerate(windows):
                while not slots.acquire(timeout=MESSAGE_POLL):
                    if stop.is_set():
                        break
                if stop.is_set():
                    break
                messages.put(_WindowStart(number, len(window)))
                pool.submit(self._stream_window, number, window, messages)
        except BaseException as exc:  # raised again on the reading side
            error = exc
        messages.put(_FeedEnd(error))

    def _stream_window(
        self, number: int, rows: Sequence[Row], results: queue.Queue[_Message]
    ) -> None:
        error: BaseException | None = None
        try:
            for index, result in self.concluded(rows):
                results.put(_Concluded(number, index, result))
        except BaseException as exc:  # handed to the reading thread, which raises it
            error = exc
        results.put(_WindowEnd(number, error))

    def window(self, rows: Sequence[Row]) -> list[Result]:
        """Every row of one window, diagnosed (in the order they are concluded)."""
        return [result for _, result in self.concluded(rows)]

    def concluded(self, rows: Sequence[Row]) -> Iterator[tuple[int, Result]]:
        """(index in ``rows``, result) of each row of one window as it is concluded: rows
        needing no chain at once, the others once the window's lookups are done."""
        plans: list[tuple[int, Row, Plan]] = []
        for index, row in enumerate(rows):
            step = self._doctor.plan(row.text, row.expect_chain)
            if isinstance(step, Report):
                yield index, (row, step)
            else:
                plans.append((index, row, step))
        evm_hashes = {id(plan): _evm_hash(plan) for _, _, plan in plans}  # once per row
        evm = self._evm_lookups([h for h in evm_hashes.values() if h is not None])
        others = {
            id(plan): self._others.submit(self._other_lookups, plan)
            for _, _, plan in plans
            if self._needs_others(plan, evm.get(evm_hashes[id(plan)] or "", {}))
        }
        for index, row, plan in plans:
            tx_hash = evm_hashes[id(plan)]
            found = evm.get(tx_hash, {}) if tx_hash is not None else {}
            if id(plan) in others:
                found = found | {lk.chain: lk for lk in others[id(plan)].result()}
            lookups = [found[c.name] for c in plan.chains if c.name in found]
            yield index, (row, self._doctor.conclude(plan, lookups))

    def _evm_lookups(self, evm_hashes: Sequence[str]) -> dict[str, dict[str, ChainLookup]]:
        """hash → chain → lookup, for every EVM transaction hash of the window."""
        hashes = list(dict.fromkeys(evm_hashes))
        if not hashes or not self._evm:
            return {}
        search = FamilySearch(
            self._evm,
            self._doctor.transport,
            batch_size=self._batch_size,
            in_flight=self._in_flight,
            slots=self._slots.__getitem__,
            tokens=self._tokens,
        )
        by_chain = search.lookup(hashes)
        by_hash: dict[str, dict[str, ChainLookup]] = {}
        for chain, lookups in by_chain.items():
            for tx_hash, lookup in lookups.items():
                by_hash.setdefault(tx_hash, {})[chain] = lookup
        return by_hash

    def _needs_others(self, plan: Plan, on_evm: dict[str, ChainLookup]) -> bool:
        """Whether the row is asked of its other candidate chains one input at a time.
        Not an EVM transaction hash that an EVM chain found: a hash of that shape is also a
        candidate on Polkadot, Aptos (0x) or Bitcoin and Tron (bare), whose keyless APIs
        would get a request for every row of an EVM batch, and none of them can change the
        verdict of a transaction found on an EVM chain."""
        if not _is_evm_tx(plan):
            return True
        others = [c.name for c in plan.chains if c.family != Family.EVM.value]
        if (plan.expect or "").lower() in others:  # the row names that chain: part of the reply
            return True
        found = any(lk.status is LookupStatus.FOUND for lk in on_evm.values())
        return bool(others) and not found

    def _other_lookups(self, plan: Plan) -> list[ChainLookup]:
        chains: list[ChainConfig] = [
            c for c in plan.chains if not (_is_evm_tx(plan) and c.family == Family.EVM.value)
        ]
        return self._doctor.lookup(plan, chains)


def _evm_hash(plan: Plan) -> str | None:
    """The hash the EVM chains are asked for, when the row is an EVM transaction hash."""
    return plan.value_for(Family.EVM.value).lower() if _is_evm_tx(plan) else None


def _is_evm_tx(plan: Plan) -> bool:
    return plan.classified.kind is InputKind.TRANSACTION and any(
        c.family == Family.EVM.value for c in plan.chains
    )


def _chunks(rows: Iterable[Row], first: int, size: int) -> Iterator[list[Row]]:
    """Windows of ``first`` rows, then of ``size`` rows, from an input that never pauses (a
    regular file)."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, first)):
        yield chunk
        first = size


def _windows(rows: Iterable[Row], first: int, size: int) -> Iterator[list[Row]]:
    """Windows of ``first`` rows, then of ``size`` rows, or fewer when the input pauses
    (stdin fed by hand or by a slow producer): the rows read so far are not kept waiting for
    the rest. Rows are read on a thread of their own, at most two windows ahead (memory
    stays flat)."""
    ahead: queue.Queue[Row | _InputEnd] = queue.Queue(maxsize=2 * size)

    def read() -> None:
        error: BaseException | None = None
        try:
            for row in rows:
                ahead.put(row)
        except BaseException as exc:  # raised again on the reading side
            error = exc
        ahead.put(_InputEnd(error))

    threading.Thread(target=read, name="txdoctor-batch-rows", daemon=True).start()
    window: list[Row] = []
    while True:
        try:
            item = ahead.get(timeout=INPUT_PAUSE if window else MESSAGE_POLL)
        except queue.Empty:
            if window:
                yield window
                window = []
            continue
        if isinstance(item, _InputEnd):
            if window:
                yield window
            if item.error is not None:
                raise item.error
            return
        window.append(item)
        if len(window) >= first:
            yield window
            window, first = [], size


@dataclass(frozen=True)
class _InputEnd:
    error: BaseException | None


@dataclass(frozen=True)
class _Concluded:
    window: int
    index: int
    result: Result


@dataclass(frozen=True)
class _WindowStart:
    window: int
    size: int


@dataclass(frozen=True)
class _WindowEnd:
    window: int
    error: BaseException | None


@dataclass(frozen=True)
class _FeedEnd:
    error: BaseException | None


_Message = _Concluded | _WindowStart | _WindowEnd | _FeedEnd


def _next_message(results: queue.Queue[_Message]) -> _Message:
    """The next message of a window; every wait is bounded, and the loop lets Ctrl-C in."""
    while True:
        try:
            return results.get(timeout=MESSAGE_POLL)
        except queue.Empty:
            continue


class _Reorder:
    """Results put back in input order: each window's, held until every earlier row's."""

    def __init__(self) -> None:
        self._sizes: dict[int, int] = {}
        self._held: dict[tuple[int, int], Result] = {}
        self._window = 0  # the window whose rows come next
        self._index = 0

    def expect(self, window: int, size: int) -> None:
        self._sizes[window] = size

    def add(self, message: _Concluded) -> Iterator[tuple[Result, bool]]:
        """The results now in order, each with whether it completes its window."""
        self._held[message.window, message.index] = message.result
        while (self._window, self._index) in self._held:
            result = self._held.pop((self._window, self._index))
            self._index += 1
            done = self._index == self._sizes[self._window]
            if done:
                del self._sizes[self._window]
                self._window, self._index = self._window + 1, 0
            yield result, done
