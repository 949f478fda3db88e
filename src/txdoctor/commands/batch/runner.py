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
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

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

    def run(self, rows: Iterable[Row], stop: threading.Event | None = None) -> Iterator[Result]:
        """Results as windows complete (not in row order). Stops taking rows once ``stop``
        is set; windows already started finish."""
        windows = _chunks(rows, self._window)
        with ThreadPoolExecutor(max_workers=WINDOWS_IN_FLIGHT) as pool:
            running: set[Future[list[Result]]] = set()
            try:
                while True:
                    while len(running) < WINDOWS_IN_FLIGHT and not (stop and stop.is_set()):
                        window = next(windows, None)
                        if window is None:
                            break
                        running.add(pool.submit(self.window, window))
                    if not running:
                        return
                    finished, running = _wait_any(running)
                    for future in finished:
                        yield from future.result()
            finally:
                for future in running:
                    future.cancel()
                self._others.shutdown(wait=False, cancel_futures=True)

    def window(self, rows: Sequence[Row]) -> list[Result]:
        """Every row of one window, diagnosed."""
        results: list[Result] = []
        plans: list[tuple[Row, Plan]] = []
        for row in rows:
            step = self._doctor.plan(row.text, row.expect_chain)
            if isinstance(step, Report):
                results.append((row, step))
            else:
                plans.append((row, step))
        evm = self._evm_lookups([p for _, p in plans])
        others = {id(plan): self._others.submit(self._other_lookups, plan)
                  for _, plan in plans if self._needs_others(plan)}
        for row, plan in plans:
            found = evm.get(plan.value_for(Family.EVM.value).lower(), {}) if _is_evm_tx(plan) \
                else {}
            if id(plan) in others:
                found = found | {lk.chain: lk for lk in others[id(plan)].result()}
            lookups = [found[c.name] for c in plan.chains if c.name in found]
            results.append((row, self._doctor.conclude(plan, lookups)))
        return results

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


def _wait_any(running: set[Future[list[Result]]]) -> tuple[set[Future[list[Result]]],
                                                            set[Future[list[Result]]]]:
    done, pending = wait(running, return_when=FIRST_COMPLETED)
    return set(done), set(pending)

