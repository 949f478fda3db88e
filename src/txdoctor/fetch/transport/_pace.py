"""Pacing requests per endpoint: a rate limit, and a pause when the server asks for one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

DEFAULT_PAUSE = 1.0
"""Seconds every thread waits after a 429 that did not say how long (no ``Retry-After``)."""
MAX_PAUSE = 60.0
"""No server makes the whole run wait longer than this in one go."""


class Pace:
    """Spacing of requests to one endpoint, shared by every thread of a run.

    With a rate of ``r`` requests per second, requests start at least ``1/r`` seconds
    apart. ``pause`` (after a 429) holds back every request until the server's time is up,
    except the retry of the request that got the 429: its retry policy waits for it.
    """

    def __init__(
        self, rate: float | None, clock: Callable[[], float], sleep: Callable[[float], None]
    ) -> None:
        self._gap = 1.0 / rate if rate else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def wait_turn(self, *, retrying_429: bool = False) -> None:
        """Block until this request may start."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            if not retrying_429:
                start = max(start, self._paused_until)
            self._next = start + self._gap
        if start > now:
            self._sleep(start - now)

    def pause(self, seconds: float | None) -> None:
        """Hold back every request to this endpoint for ``seconds`` from now."""
        wait = DEFAULT_PAUSE if seconds is None else min(max(seconds, 0.0), MAX_PAUSE)
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + wait)


class Pacer:
    """One ``Pace`` per endpoint URL, created on first use."""

    def __init__(
        self,
        rates: Mapping[str, float] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rates = dict(rates or {})
        self._clock = clock
        self._sleep = sleep
        self._paces: dict[str, Pace] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str) -> Pace:
        with self._lock:
            pace = self._paces.get(url)
            if pace is None:
                pace = self._paces[url] = Pace(self._rates.get(url), self._clock, self._sleep)
            return pace
