"""Runs a batch: rows in windows, EVM hashes of a window looked up together, results streamed.

A window is a few hundred rows. Rows that need no chain (empty, malformed, a secret) are
answered at once. The EVM transaction hashes of the window go to every EVM chain together
(``fetch/evm_batch.FamilySearch``: merged JSON-RPC batches, several in flight per chain);
everything else (addresses, other families) goes through the normal one-input lookup, a few
at a time. Two windows are in flight, so one's follow-up rounds overlap the next one's first
round, and results reach the output as each window completes.
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
from txdoctor.facts import ChainLookup
from txdoctor.families.evm.fetch_batch import DEFAULT_BATCH_SIZE, DEFAULT_IN_FLIGHT, FamilySearch
from txdoctor.input import Family, InputKind
from txdoctor.pipeline.doctor import Doctor, Plan

WINDOWS_IN_FLIGHT = 2
WINDOW_REQUESTS = 12
"""Rows per window: as many hashes as a dozen round-1 requests hold, 500 at most. Larger
windows merge more follow-up calls (one recipient, one token) into fewer requests; smaller
ones show results sooner, and let one window's CPU work overlap the other's network waits
(1,000 rows in two windows: 4 more requests than in one, and faster in bench/ runs)."""
MAX_WINDOW = 500
MIN_WINDOW = 50
MESSAGE_POLL = 0.5
"""Seconds between checks for Ctrl-C while no row is concluded."""
OTHER_CONCURRENCY = 8
"""Inputs looked up one by one (addresses, non-EVM hashes) at once."""

Result = tuple[Row, Report]


class BatchRunner:
    """Diagnoses rows with as few round trips and requests as it can."""

    def __init__(self, doctor: Doctor, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 in_flight: int = DEFAULT_IN_FLIGHT, window: int | None = None) -> None:
        self._doctor = doctor
        self._batch_size = batch_size
        self._in_flight = in_flight
        per_request = batch_size // 2 - 1  # hashes in one round-1 request
        self._window = window or max(MIN_WINDOW, min(MAX_WINDOW, per_request * WINDOW_REQUESTS))
        self._evm = tuple(c for c in doctor.config.chains if c.family == Family.EVM.value)
        self._slots: dict[str, threading.Semaphore] = {
            c.name: threading.Semaphore(in_flight) for c in self._evm}
        self._others = ThreadPoolExecutor(max_workers=OTHER_CONCURRENCY)

    def run(self, rows: Iterable[Row], stop: threading.Event | None = None, *,
            ordered: bool = False) -> Iterator[Result]:
        """Each result as soon as its row is concluded (rows needing no chain at once, the
        others when their window's lookups are done), or in input order when ``ordered``
        (then at most ``WINDOWS_IN_FLIGHT`` + 1 windows of results wait for an earlier
        row). Stops taking rows once ``stop`` is set; windows already started finish."""
        windows = enumerate(_chunks(rows, self._window))
        results: queue.Queue[_Message] = queue.Queue()
        pool = ThreadPoolExecutor(max_workers=WINDOWS_IN_FLIGHT)
        reorder = _Reorder() if ordered else None
        running: set[int] = set()
        exhausted = False
        try:
            while True:
                while not exhausted and len(running) < WINDOWS_IN_FLIGHT \
                        and not (stop and stop.is_set()) \
                        and (reorder is None or reorder.windows_waiting() <= WINDOWS_IN_FLIGHT):
                    numbered = next(windows, None)
                    if numbered is None:
                        exhausted = True
                        break
                    number, window = numbered
                    running.add(number)
                    if reorder is not None:
                        reorder.expect(number, len(window))
                    pool.submit(self._stream_window, number, window, results)
                if not running:
                    return
                message = _next_message(results)
                if isinstance(message, _WindowEnd):
                    running.discard(message.window)
                    if message.error is not None:
                        raise message.error
                elif reorder is None:
                    yield message.result
                else:
                    yield from reorder.add(message)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            self._others.shutdown(wait=False, cancel_futures=True)

    def _stream_window(self, number: int, rows: Sequence[Row],
                       results: queue.Queue[_Message]) -> None:
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
        evm = self._evm_lookups([p for _, _, p in plans])
        others = {id(plan): self._others.submit(self._other_lookups, plan)
                  for _, _, plan in plans if self._needs_others(plan)}
        for index, row, plan in plans:
            found = evm.get(plan.value_for(Family.EVM.value).lower(), {}) if _is_evm_tx(plan) \
                else {}
            if id(plan) in others:
                found = found | {lk.chain: lk for lk in others[id(plan)].result()}
            lookups = [found[c.name] for c in plan.chains if c.name in found]
            yield index, (row, self._doctor.conclude(plan, lookups))

    def _evm_lookups(self, plans: Sequence[Plan]) -> dict[str, dict[str, ChainLookup]]:
        """hash → chain → lookup, for every EVM transaction hash of the window."""
        hashes = list(dict.fromkeys(p.value_for(Family.EVM.value).lower()
                                    for p in plans if _is_evm_tx(p)))
        if not hashes or not self._evm:
            return {}
        search = FamilySearch(self._evm, self._doctor.transport, batch_size=self._batch_size,
                              in_flight=self._in_flight, slots=self._slots.__getitem__)
        by_chain = search.lookup(hashes)
        by_hash: dict[str, dict[str, ChainLookup]] = {}
        for chain, lookups in by_chain.items():
            for tx_hash, lookup in lookups.items():
                by_hash.setdefault(tx_hash, {})[chain] = lookup
        return by_hash

    def _needs_others(self, plan: Plan) -> bool:
        return not _is_evm_tx(plan) or any(c.family != Family.EVM.value for c in plan.chains)

    def _other_lookups(self, plan: Plan) -> list[ChainLookup]:
        chains: list[ChainConfig] = [c for c in plan.chains
                                     if not (_is_evm_tx(plan) and c.family == Family.EVM.value)]
        return self._doctor.lookup(plan, chains)


def _is_evm_tx(plan: Plan) -> bool:
    return plan.classified.kind is InputKind.TRANSACTION and \
        any(c.family == Family.EVM.value for c in plan.chains)


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class _Concluded:
    window: int
    index: int
    result: Result


@dataclass(frozen=True)
class _WindowEnd:
    window: int
    error: BaseException | None


_Message = _Concluded | _WindowEnd


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

    def windows_waiting(self) -> int:
        """Windows started and not yet wholly given out."""
        return len(self._sizes)

    def add(self, message: _Concluded) -> Iterator[Result]:
        self._held[message.window, message.index] = message.result
        while (self._window, self._index) in self._held:
            yield self._held.pop((self._window, self._index))
            self._index += 1
            if self._index == self._sizes[self._window]:
                del self._sizes[self._window]
                self._window, self._index = self._window + 1, 0

