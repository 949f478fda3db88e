"""Retrying transient failures on one endpoint, with bounded waits."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from txdoctor.fetch.transport._failure import EndpointFailure

if TYPE_CHECKING:
    from tenacity import RetryCallState

T = TypeVar("T")


class RetryPolicy:
    """Runs an exchange up to ``1 + retries`` times while it fails transiently.

    The wait before a retry is the server's ``Retry-After`` when given, else exponential
    backoff with jitter: a random value in ``[w/2, w]`` with ``w = min(max_backoff,
    backoff * 2**(n-1))`` after the n-th try. A server asking for more than
    ``max_backoff`` is not waited for: the failure goes straight to the caller, which
    moves on to the next endpoint. Nor is a wait that would end past the call's deadline:
    the retry could not be answered in time, so the caller hears of the failure now.
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

        No wait is begun that would end after ``until`` (``time.monotonic`` time).
        The first try runs bare: tenacity (~20 ms to import) is loaded when one fails.
        """
        try:
            return exchange()
        except EndpointFailure as failure:
            if not self._retryable(failure) or self._retries == 0:
                raise self._shown(failure, until) from None
            first_failure: EndpointFailure | None = failure
        return self._retry(exchange, first_failure, until)

    def _retry(
        self, exchange: Callable[[], T], first_failure: EndpointFailure | None, until: float | None
    ) -> T:
        """Tries 2 to ``1 + retries``, tenacity's attempt 1 being the failure already met."""
        from tenacity import Retrying, retry_if_exception

        def attempt() -> T:
            nonlocal first_failure
            if first_failure is not None:
                failure, first_failure = first_failure, None
                raise failure
            return exchange()

        waits: dict[int, float] = {}  # per attempt: drawn once, whichever asks first

        def wait(state: RetryCallState) -> float:
            if state.attempt_number not in waits:
                waits[state.attempt_number] = self._wait(state)
            return waits[state.attempt_number]

        def stop(state: RetryCallState) -> bool:
            if state.attempt_number >= 1 + self._retries:
                return True
            return until is not None and time.monotonic() + wait(state) >= until

        retrying = Retrying(
            stop=stop,
            wait=wait,
            retry=retry_if_exception(self._retryable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except EndpointFailure as failure:
            raise self._shown(failure, until) from None

    def _shown(self, failure: EndpointFailure, until: float | None) -> EndpointFailure:
        """The failure as the caller reports it: a wait asked for and not granted is said."""
        asked = failure.retry_after
        if asked is not None and asked > self._max_backoff:
            return EndpointFailure(f"{failure.reason} (asked to wait {asked:.0f}s)")
        if asked is not None and until is not None and time.monotonic() + asked >= until:
            return EndpointFailure(
                f"{failure.reason} (asked to wait {asked:.0f}s, past the deadline)"
            )
        return failure

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
