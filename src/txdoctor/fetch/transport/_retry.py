"""Retrying transient failures on one endpoint, with bounded waits."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_any, stop_base

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

        def out_of_time(state: RetryCallState) -> bool:
            return until is not None and time.monotonic() >= until

        def wait(state: RetryCallState) -> float:
            seconds = self._wait(state)
            return seconds if until is None else max(0.0, min(seconds, until - time.monotonic()))

        retrying = Retrying(
            stop=stop_any(stop_after_attempt(1 + self._retries), _Stop(out_of_time)),
            wait=wait,
            retry=retry_if_exception(self._retryable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(exchange)
        except EndpointFailure as failure:
            if failure.retry_after is not None and failure.retry_after > self._max_backoff:
                note = f"{failure.reason} (asked to wait {failure.retry_after:.0f}s)"
                raise EndpointFailure(note) from None
            raise

    def _retryable(self, exc: BaseException) -> bool:
        if not isinstance(exc, EndpointFailure) or not exc.retry_here:
            return False
        return exc.retry_after is None or exc.retry_after <= self._max_backoff

    def _wait(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, EndpointFailure) and failure.retry_after is not None:
            return failure.retry_after
        ceiling = min(self._max_backoff, self._backoff * 2 ** (state.attempt_number - 1))
        return self._random.uniform(ceiling / 2, ceiling)


class _Stop(stop_base):
    """A plain predicate as a tenacity stop condition."""

    def __init__(self, predicate: Callable[[RetryCallState], bool]) -> None:
        self._predicate = predicate

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self._predicate(retry_state)
