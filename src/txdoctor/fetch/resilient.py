"""Staying right on a flaky network without hammering a dead one.

The transport retries transient failures on each endpoint and fails over to the next. On
top of that, a question whose every endpoint failed transiently goes round the list again
(an endpoint that answered wrongly is not asked again), for a bounded number of passes
started within a bounded time. And an endpoint that failed again and again is set aside
for a while, so a run over hundreds of inputs with a chain down reports it at once instead
of trying it for every input (no retry storm).

The record of failures lives as long as the ``Transport`` it belongs to: one command run.
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from txdoctor.core.redact import redact_url
from txdoctor.fetch.transport import AllEndpointsFailed, Attempt, RpcCheck, RpcReply, Transport

PASSES = 3
"""Rounds at most over a chain's endpoints while some failed for want of an answer."""
NEW_PASS_WITHIN = 6.0
"""Seconds after the first try of a question beyond which no new round starts."""
TRIP_AFTER = 6
"""Failed exchanges in a row (each already retried by the transport) that set one aside."""
COOL_DOWN = 15.0
"""Seconds an endpoint set aside is skipped; then it gets one exchange to prove itself."""

_REJECTED = "rejected: "
# Failures another pass cannot cure: the endpoint answered, and will answer the same.
_LASTING = re.compile(r"^(?:rejected: |HTTP (?!408|429)[34]\d\d|invalid URL|TLS error|"
                      r"response too large|undecodable response body)")


class EndpointRecord:
    """Consecutive failures per endpoint URL, shared by the threads of one run."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._down_until: dict[str, float] = {}
        self._last_error: dict[str, str] = {}

    def usable(self, url: str) -> bool:
        """Whether ``url`` may be asked now (not set aside, or its cool-down is over)."""
        with self._lock:
            return self._clock() >= self._down_until.get(url, 0.0)

    def failed(self, url: str, error: str) -> None:
        """One more failed exchange; sets the endpoint aside after ``TRIP_AFTER`` in a row."""
        with self._lock:
            count = self._failures.get(url, 0) + 1
            self._failures[url] = count
            self._last_error[url] = error
            if count >= TRIP_AFTER:
                self._down_until[url] = self._clock() + COOL_DOWN

    def answered(self, url: str) -> None:
        """The endpoint gave an answer: forget its failures."""
        with self._lock:
            self._failures.pop(url, None)
            self._down_until.pop(url, None)

    def skipped(self, url: str) -> Attempt:
        """The attempt shown for an endpoint that was set aside and not asked."""
        with self._lock:
            count = self._failures.get(url, 0)
            last = self._last_error.get(url, "failed")
        error = f"not asked: failed {count} times in a row, last: {last}"
        return Attempt(endpoint=redact_url(url), ok=False, error=error, elapsed_ms=0.0, tries=0)


_records: weakref.WeakKeyDictionary[Transport, EndpointRecord] = weakref.WeakKeyDictionary()
_records_lock = threading.Lock()


def record_for(transport: Transport) -> EndpointRecord:
    """The failure record of ``transport`` (created on first use)."""
    with _records_lock:
        record = _records.get(transport)
        if record is None:
            record = _records[transport] = EndpointRecord()
        return record


def resilient_rpc(transport: Transport, endpoints: Sequence[str],
                  calls: Sequence[tuple[str, list[Any]]], *, check: RpcCheck | None = None,
                  clock: Callable[[], float] = time.monotonic) -> RpcReply:
    """``transport.rpc`` with passes over the endpoints and endpoints set aside when dead.

    Raises ``AllEndpointsFailed`` with every attempt of every pass, plus one "not asked"
    attempt per endpoint that was set aside.
    """
    record = record_for(transport)
    started = clock()
    attempts: list[Attempt] = []
    candidates = list(endpoints)
    for _ in range(PASSES):
        asked = [url for url in candidates if record.usable(url)]
        if not asked:
            break
        try:
            reply = transport.rpc(asked, calls, check=check)
        except AllEndpointsFailed as failed:
            attempts += failed.attempts
            candidates = _worth_another_pass(asked, failed.attempts, record)
            if not candidates or clock() - started > NEW_PASS_WITHIN:
                break
            continue
        _note(asked, reply.attempts, record)
        return RpcReply(reply.results, reply.endpoint, (*attempts, *reply.attempts))
    asked_urls = {a.endpoint for a in attempts}
    attempts += [record.skipped(url) for url in endpoints
                 if not record.usable(url) and redact_url(url) not in asked_urls]
    raise AllEndpointsFailed(tuple(attempts))


def _worth_another_pass(asked: Sequence[str], attempts: Sequence[Attempt],
                        record: EndpointRecord) -> list[str]:
    """Endpoints that failed for want of an answer, not those whose answer will not change
    (a refusal, a wrong answer, an HTTP 4xx other than 429)."""
    _note(asked, attempts, record)
    by_shown = {redact_url(url): url for url in asked}
    return [by_shown[a.endpoint] for a in attempts
            if a.error is not None and not _LASTING.match(a.error) and a.endpoint in by_shown]


def _note(asked: Sequence[str], attempts: Sequence[Attempt], record: EndpointRecord) -> None:
    by_shown = {redact_url(url): url for url in asked}
    for attempt in attempts:
        url = by_shown.get(attempt.endpoint)
        if url is None:
            continue
        if attempt.error is None or attempt.error.startswith(_REJECTED):
            record.answered(url)  # an answer, even a rejected one, means it is alive
        else:
            record.failed(url, attempt.error)
