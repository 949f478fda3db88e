"""Retrying transient failures on one endpoint, with bounded waits."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from txdoctor.fetch.transport._failure import EndpointFailure

T = TypeVar("T")


class RetryPolicy:
    """Runs an exchange up to ``1 + retries`` times while it fails transiently.

    The wait before a retry is the server's ``Retry-After`` when given, else exponential
    backoff with jitter: a random value in ``[w/2, w]`` with ``w = min(max_backoff,
    backoff * 2**(n-1))`` after the n-th try. A server asking for more than
    ``max_backoff`` is not waited for: the failure goes straight to the caller, which
    moves on to the next endpoint.
    """

    def __init__(
        self, *, retries: int, backoff: float, max_backoff: float, sleep: Callable[[float], None]
    ) -> None:
        self._retries = retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._sleep = sleep
        self._random = random.Random()

    def run(self, exchange: Callable[[], T], until: float | None = None) -> T:
        """Return the first successful result, or raise the last ``EndpointFailure``.

        No retry starts after ``until`` (``time.monotonic`` time), and no wait passes it.
        """
        try:
            return self._attempts(exchange, until)
        except EndpointFailure as failure:
            if failure.retry_after is not None and failure.retry_after > self._max_backoff:
                note = f"{failure.reason} (asked to wait {failure.retry_after:.0f}s)"
                raise EndpointFailure(note) from None
            raise

    def _attempts(self, exchange: Callable[[], T], until: float | None) -> T:
        # A plain loop rather than tenacity's ``Retrying``, whose import alone cost every command
        # ~10 ms of start-up): the wait is decided, then whether to stop, then the sleep.
        attempt = 1
        while True:
            try:
                return exchange()
            except EndpointFailure as failure:
                if not self._retryable(failure):
                    raise
                seconds = self._wait(failure, attempt)
                if until is not None:
                    seconds = max(0.0, min(seconds, until - time.monotonic()))
                out_of_time = until is not None and time.monotonic() >= until
                if attempt >= 1 + self._retries or out_of_time:
                    raise
            self._sleep(seconds)
            attempt += 1

    def _retryable(self, failure: EndpointFailure) -> bool:
        if not failure.retry_here:
            return False
        return failure.retry_after is None or failure.retry_after <= self._max_backoff

    def _wait(self, failure: EndpointFailure, attempt: int) -> float:
        """The server's ``Retry-After``, else backoff with jitter after the ``attempt``-th try."""
        if failure.retry_after is not None:
            return failure.retry_after
        ceiling = min(self._max_backoff, self._backoff * 2 ** (attempt - 1))
        return self._random.uniform(ceiling / 2, ceiling)
