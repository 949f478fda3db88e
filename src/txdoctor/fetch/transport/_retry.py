"""Retrying transient failures on one endpoint, with bounded waits."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

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

    def run(self, exchange: Callable[[], T]) -> T:
        """Return the first successful result, or raise the last ``EndpointFailure``."""
        retrying = Retrying(
            stop=stop_after_attempt(1 + self._retries),
            wait=self._wait,
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
        if not isinstance(exc, EndpointFailure) or not exc.transient:
            return False
        return exc.retry_after is None or exc.retry_after <= self._max_backoff

    def _wait(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, EndpointFailure) and failure.retry_after is not None:
            return failure.retry_after
        ceiling = min(self._max_backoff, self._backoff * 2 ** (state.attempt_number - 1))
        return self._random.uniform(ceiling / 2, ceiling)
