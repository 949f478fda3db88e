"""What the transport has learnt about each endpoint: in this run, and in recent runs.

In a run: failures in a row (``TRIP_AFTER`` of them set an endpoint aside for
``COOL_DOWN`` seconds, then it gets one exchange to prove itself), endpoints whose name does
not resolve or that refuse connections (not asked again for ``UNREACHABLE_FOR`` seconds:
the rest of a run), the latency of answers (which sets the stall delay of hedging), and
endpoints that failed or stalled (tried after the others).

Across runs: the endpoints that failed or stalled, and the latencies, are kept in a small
state file (``EndpointState``) for ``REMEMBER_FOR`` seconds, so the next command tries a dead
endpoint last instead of finding out again. The file holds no URL (a URL may carry an API
key): endpoints are named by a hash of their URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import statistics
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from txdoctor.core.redact import redact_url
from txdoctor.fetch.transport._failure import UNREACHABLE_ERRORS
from txdoctor.fetch.transport.model import Attempt

TRIP_AFTER = 6
"""Failed exchanges in a row (each already retried where worth it) that set one aside."""
COOL_DOWN = 15.0
"""Seconds an endpoint set aside is skipped; then it gets one exchange to prove itself."""
UNREACHABLE_FOR = 60.0
"""Seconds an endpoint whose name did not resolve, or that refused the connection, is not
asked again (the whole of most runs; a long ``watch`` tries it again after that)."""
REMEMBER_FOR = 600.0
"""Seconds a failure or a stall is remembered across runs (tried last meanwhile)."""
DEFAULT_STALL = 0.4
"""Seconds to wait for an endpoint before the same request also starts on the next one."""
MAX_STALL = 2.0
STALL_PER_LATENCY = 3.0
"""The stall delay of an endpoint with known latency: this many times its usual answer
time (never below the configured delay, never above ``MAX_STALL``)."""
LATENCY_SAMPLES = 5
"""Answer times kept per endpoint: the usual one is their median, so one slow answer (a cold
cache, a pause) does not double the stall delay of an endpoint that is fast as a rule."""
_MAX_ENTRIES = 500
STATE_FILE = "endpoint-health.json"


def endpoint_key(url: str) -> str:
    """The name of an endpoint in the state file: a hash, as URLs may carry keys."""
    return hashlib.sha256(url.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Remembered:
    """What an earlier run left about one endpoint."""

    bad_until: float  # wall-clock time until which it is tried last (0: it is fine)
    error: str | None  # the last failure, redacted
    latency_ms: float | None
    seen: float  # wall-clock time of the last news about it


class EndpointState:
    """The state file: read once, written back atomically (0600 in a 0700 directory)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock

    def load(self) -> dict[str, Remembered]:
        """Entries still fresh; an unreadable or damaged file is an empty one. A missing
        directory is created now, private (0700), before anything else writes there."""
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        entries = raw.get("endpoints") if isinstance(raw, dict) else None
        if not isinstance(entries, dict):
            return {}
        now = self._clock()
        fresh: dict[str, Remembered] = {}
        for key, item in entries.items():
            entry = _entry(item)
            if entry is not None and now - entry.seen < REMEMBER_FOR:
                fresh[str(key)] = entry
        return fresh

    def save(self, entries: dict[str, Remembered]) -> None:
        """Write ``entries`` (newest first, bounded); failures are ignored (a cache)."""
        newest = sorted(entries.items(), key=lambda kv: kv[1].seen, reverse=True)
        body = {
            "version": 1,
            "endpoints": {
                key: {
                    "bad_until": e.bad_until,
                    "error": e.error,
                    "latency_ms": e.latency_ms,
                    "seen": e.seen,
                }
                for key, e in newest[:_MAX_ENTRIES]
            },
        }
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".health-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp: mode 0600
                    json.dump(body, out)
                os.replace(temp, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def _entry(item: Any) -> Remembered | None:
    if not isinstance(item, dict):
        return None
    bad, seen = item.get("bad_until"), item.get("seen")
    latency, error = item.get("latency_ms"), item.get("error")
    if not isinstance(bad, int | float) or not isinstance(seen, int | float):
        return None
    return Remembered(
        float(bad),
        error[:200] if isinstance(error, str) else None,
        float(latency) if isinstance(latency, int | float) else None,
        float(seen),
    )


class EndpointBook:
    """Per-endpoint health shared by the threads of one run (and with the next runs)."""

    def __init__(
        self,
        *,
        stall: float | None = None,
        state: EndpointState | None = None,
        clock: Callable[[], float] = time.time,
        set_aside: bool = True,
    ) -> None:
        self._stall = stall
        self._set_aside = set_aside
        self._state = state
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._down_until: dict[str, float] = {}
        self._last_error: dict[str, str] = {}
        self._latency: dict[str, float] = {}  # seconds: the median of the recent answers
        self._answer_times: dict[str, deque[float]] = {}
        self._bad_until: dict[str, float] = {}
        self._remembered = state.load() if state else {}
        self._changed: set[str] = set()

    # -- asking ---------------------------------------------------------------------

    def usable(self, url: str) -> bool:
        """Whether ``url`` may be asked now (not set aside, or its cool-down is over)."""
        if not self._set_aside:
            return True
        with self._lock:
            return self._clock() >= self._down_until.get(url, 0.0)

    def order(self, urls: Sequence[str]) -> list[str]:
        """``urls`` in configured order, those that failed or stalled lately last."""
        now = self._clock()
        with self._lock:
            return sorted(urls, key=lambda u: self._is_bad(u, now))

    def healthy(self, urls: Sequence[str]) -> list[str]:
        """``urls`` usable now and not failed or stalled lately."""
        now = self._clock()
        with self._lock:
            return [
                u for u in urls if now >= self._down_until.get(u, 0.0) and not self._is_bad(u, now)
            ]

    def is_bad(self, url: str) -> bool:
        """Whether ``url`` failed or stalled lately (it is asked last)."""
        now = self._clock()
        with self._lock:
            return self._is_bad(url, now)

    def stall(self, url: str) -> float:
        """Seconds to wait for ``url`` before starting the next endpoint too."""
        floor = DEFAULT_STALL if self._stall is None else self._stall
        if self._stall is not None and self._stall <= 0:
            return 0.0
        with self._lock:
            latency = self._latency.get(url)
            if latency is None and (old := self._remembered.get(endpoint_key(url))):
                latency = (old.latency_ms or 0) / 1000 or None
        if latency is None:
            return floor
        return max(floor, min(MAX_STALL, STALL_PER_LATENCY * latency))

    def heard_from(self, url: str) -> bool:
        """Whether ``url`` answered in this run, or recent runs know its answer time."""
        with self._lock:
            if url in self._latency:
                return True
            old = self._remembered.get(endpoint_key(url))
        return old is not None and old.latency_ms is not None

    def skipped(self, url: str) -> Attempt:
        """The attempt shown for an endpoint that was set aside and not asked."""
        with self._lock:
            count = self._failures.get(url, 0)
            last = self._last_error.get(url, "failed")
        # An unreachable one keeps its plain reason however often it failed: the reason is
        # what tells "the network looks down" from endpoints that answer badly.
        error = (
            f"not asked: {last} earlier in this run"
            if count < TRIP_AFTER or last in UNREACHABLE_ERRORS
            else f"not asked: failed {count} times in a row, last: {last}"
        )
        return Attempt(endpoint=redact_url(url), ok=False, error=error, elapsed_ms=0.0, tries=0)

    # -- learning -------------------------------------------------------------------

    def answered(self, url: str, seconds: float) -> None:
        """The endpoint gave an answer in ``seconds``: forget its failures."""
        with self._lock:
            self._failures.pop(url, None)
            self._down_until.pop(url, None)
            self._bad_until.pop(url, None)
            times = self._answer_times.setdefault(url, deque(maxlen=LATENCY_SAMPLES))
            times.append(seconds)
            self._latency[url] = statistics.median(times)
            self._changed.add(url)

    def alive(self, url: str) -> None:
        """It answered, though not acceptably (a refusal, another chain): not a failure."""
        with self._lock:
            self._failures.pop(url, None)
            self._down_until.pop(url, None)

    def failed(self, url: str, error: str, *, unreachable: bool = False) -> None:
        """One more failed exchange. ``unreachable``: its name does not resolve or it
        refuses connections, so it is not asked again in this run."""
        now = self._clock()
        with self._lock:
            count = self._failures.get(url, 0) + 1
            self._failures[url] = count
            self._last_error[url] = error
            self._bad_until[url] = now + REMEMBER_FOR
            if unreachable:
                self._down_until[url] = now + UNREACHABLE_FOR
            elif count >= TRIP_AFTER:
                self._down_until[url] = now + COOL_DOWN
            self._changed.add(url)

    def stalled(self, url: str) -> None:
        """Another endpoint answered first while this one kept the request waiting."""
        with self._lock:
            self._bad_until[url] = self._clock() + REMEMBER_FOR
            self._last_error.setdefault(url, "slower than another endpoint")
            self._changed.add(url)

    # -- across runs ----------------------------------------------------------------

    def remembered(self, url: str) -> Remembered | None:
        """What recent runs (this one included) know of ``url``."""
        now = self._clock()
        with self._lock:
            if url in self._changed:
                return self._entry_for(url, now)
            return self._remembered.get(endpoint_key(url))

    def save(self) -> None:
        """Write what this run learnt into the state file (if there is one)."""
        if self._state is None:
            return
        now = self._clock()
        with self._lock:
            merged = dict(self._remembered)
            for url in self._changed:
                merged[endpoint_key(url)] = self._entry_for(url, now)
            self._changed.clear()
            self._remembered = merged
        self._state.save(merged)

    def _entry_for(self, url: str, now: float) -> Remembered:
        latency = self._latency.get(url)
        bad = self._bad_until.get(url, 0.0)
        return Remembered(
            bad_until=bad,
            error=self._last_error.get(url) if bad else None,
            latency_ms=None if latency is None else round(latency * 1000, 1),
            seen=now,
        )

    def _is_bad(self, url: str, now: float) -> bool:
        if url in self._bad_until:
            return self._bad_until[url] > now
        if url in self._changed:
            return False
        old = self._remembered.get(endpoint_key(url))
        return old is not None and old.bad_until > now
