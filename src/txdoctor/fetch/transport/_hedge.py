"""Hedged failover: which endpoints a call asks, when, how often, and until when.

``Failover.run`` is the wrapper every call of the transport goes through (every family's):
passes over the endpoints, each pass a race in which a stalled endpoint gets the next one
started beside it and the first acceptable answer wins. What it learns goes into the
``EndpointBook``. Each attempt runs in a daemon thread of its own, so a request stuck where
nothing can interrupt it (the system resolver) never holds up the call past its deadline.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from txdoctor.core.lazy_pattern import LazyPattern
from txdoctor.core.redact import echoes_url, redact_text, redact_url, secrets_in_url
from txdoctor.fetch.transport._failure import UNREACHABLE_ERRORS, EndpointFailure
from txdoctor.fetch.transport._guard import Guard
from txdoctor.fetch.transport._health import EndpointBook
from txdoctor.fetch.transport.model import AllEndpointsFailed, Attempt

T = TypeVar("T")
log = logging.getLogger("txdoctor.fetch")

PASSES = 3
"""Rounds at most over a call's endpoints while some failed for want of an answer."""
NEW_PASS_WITHIN = 6.0
"""Seconds after the start of a call beyond which no new round starts."""
DEFAULT_DEADLINE = 6.0
"""Seconds one input (every call its lookups make) may take; ``--deadline``."""
DEADLINE_PASSED = "no answer by the deadline"
MOOT = "not needed: the transaction was found on another chain"
CALLS_PER_STALL = 25
"""A JSON-RPC batch of more calls than this waits proportionally longer before a hedge (up
to ``MAX_BATCH_STALL``): a 200-call batch is not sent twice because it takes 0.5 s. Only
to an endpoint known to answer: one never heard from may hang, and gets the plain delay."""
MAX_BATCH_STALL = 1.0
RECHECK_EVERY = 0.1
"""Seconds between looks at whether another call found the awaited endpoint stalled."""
REASK_AFTER = 0.4
"""Seconds every endpoint of a call may keep it waiting before one is asked again on a new
connection (at least the stall delay)."""
ASKS_PER_RACE = 3
"""Requests at most to one endpoint in one pass: the first, and two more on new connections
when it hangs or fails while the others hang too."""
# Failures another pass cannot cure: the endpoint answered, and will answer the same. The
# rest (a timeout, a broken connection, garbled JSON) may well go right the next time.
_LASTING = LazyPattern(
    r"^(?:HTTP (?!408|429)[34]\d\d|invalid URL|TLS error|response too large"
    r"|undecodable response body|DNS lookup failed|connection refused"
    r"|cancelled)"
)


class Endpoint:
    """One endpoint during one call: its headers, its secrets, how many requests it got,
    when it must be done, and whether another endpoint already answered (cancelled)."""

    def __init__(self, url: str, headers: Mapping[str, str], until: float) -> None:
        self.url = url
        self.headers = headers
        self.secrets = [*secrets_in_url(url), *headers.values()]
        self.tries = 0
        self.until = until
        self.started = time.monotonic()
        self.cancelled = False
        self.replied = False  # some HTTP answer came (a 429 or 5xx too): alive, not hung
        self.backing_off = False  # its last answer was a 429 or 5xx: a retry must wait
        self._guard: Guard | None = None
        self._lock = threading.Lock()

    def guard(self) -> Guard:
        """A guard for the next request of this endpoint (already fired if cancelled)."""
        guard = Guard(self.until)
        with self._lock:
            self._guard = guard
            if self.cancelled:
                guard.fire("cancelled")
        return guard

    def cancel(self) -> None:
        """Another endpoint answered: stop this one's request now."""
        with self._lock:
            self.cancelled = True
            guard = self._guard
        if guard is not None:
            guard.fire("cancelled")


_Outcome = tuple[Endpoint, Any, BaseException | None]


class Failover:
    """Passes of hedged races over a call's endpoints (see ``Transport``)."""

    def __init__(
        self,
        book: EndpointBook,
        headers_for: Callable[[str], Mapping[str, str]] | None,
        sleep: Callable[[float], None],
        backoff: float,
    ) -> None:
        self.book = book
        self._headers_for = headers_for
        self._sleep = sleep
        self._backoff = backoff

    def run(
        self,
        endpoints: Sequence[str],
        run: Callable[[Endpoint], T],
        check: Callable[[T], str | None] | None,
        *,
        until: float,
        at_once: bool = False,
        size: int = 1,
        moot_when: threading.Event | None = None,
    ) -> tuple[T, str, tuple[Attempt, ...]]:
        """The first acceptable answer, the endpoint (redacted) that gave it, and every
        attempt; raises ``AllEndpointsFailed`` with every attempt when none came by
        ``until`` (``time.monotonic`` time). ``size`` is the number of JSON-RPC calls in
        the request: a large batch takes longer to answer, so it waits longer before a
        hedge doubles the work (``CALLS_PER_STALL``). Once ``moot_when`` is set, the
        call ends at once: its running requests are cancelled with ``MOOT``."""
        started = time.monotonic()
        asked = self.book.order([u for u in endpoints if self.book.usable(u)])
        skipped = [u for u in endpoints if u not in asked]
        attempts: list[Attempt] = []
        for number in range(PASSES):
            if moot_when is not None and moot_when.is_set():
                attempts += [
                    Attempt(redact_url(url), ok=False, error=MOOT, elapsed_ms=0.0, tries=0)
                    for url in asked
                ]
                break
            if not asked or time.monotonic() >= until:
                break
            if number:
                self._sleep(max(0.0, min(self._backoff * number, until - time.monotonic())))
            won, tried, asked = self._race(asked, run, check, until, at_once, size, moot_when)
            attempts += tried
            if won is not None:
                return won[0], won[1], tuple(attempts)
            if time.monotonic() - started > NEW_PASS_WITHIN:
                break
        attempts += [self.book.skipped(url) for url in skipped]
        raise AllEndpointsFailed(tuple(attempts))

    def _race(
        self,
        urls: Sequence[str],
        run: Callable[[Endpoint], T],
        check: Callable[[T], str | None] | None,
        until: float,
        at_once: bool,
        size: int,
        moot_when: threading.Event | None,
    ) -> tuple[tuple[T, str] | None, list[Attempt], list[str]]:
        """One pass: the first acceptable answer, every attempt, and the endpoints worth
        another pass."""
        outcomes: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
        waiting = list(urls)
        running: list[Endpoint] = []
        attempts: list[Attempt] = []
        again: list[str] = []
        asks: dict[str, int] = {}  # requests started per endpoint in this race

        def start(url: str | None = None) -> Endpoint:
            url = url or waiting.pop(0)
            asks[url] = asks.get(url, 0) + 1
            endpoint = Endpoint(url, self._headers_for(url) if self._headers_for else {}, until)
            running.append(endpoint)
            threading.Thread(
                target=_attempt_in_thread,
                args=(endpoint, run, outcomes),
                name="txdoctor-request",
                daemon=True,
            ).start()
            return endpoint

        latest = start()
        while at_once and waiting:
            latest = start()
        while running:
            if moot_when is not None and moot_when.is_set():
                for endpoint in running:
                    endpoint.cancel()
                    attempts.append(attempt_of(endpoint, endpoint.started, MOOT))
                return None, attempts, []
            now = time.monotonic()
            stall = self._stall_delay(latest.url, size)
            if (
                waiting
                and (latest.backing_off or self.book.is_bad(latest.url))
                and not self.book.is_bad(waiting[0])
            ):
                # It asked for a pause (429, 5xx), or another call found it stalled
                # meanwhile: the next endpoint need not wait for the stall delay.
                stall = 0.0
            # Every endpoint asked and none answering: after a longer wait, the one asked
            # least gets the same request once more on a new connection (a load balancer
            # may have sent the first to a stuck backend).
            next_start = latest.started + (stall if waiting else max(REASK_AFTER, stall))
            hanging = [e.url for e in running if asks[e.url] < ASKS_PER_RACE and not e.replied]
            again_url = min(hanging, key=asks.__getitem__, default=None)
            # One that failed in a way worth asking again (a reset, a cut-off or garbled
            # body), while the rest wait for a pause they asked for or hang: ask it now.
            retry_url = next(
                (u for u in again if asks[u] < ASKS_PER_RACE and all(e.url != u for e in running)),
                None,
            )
            wait = until - now
            if waiting or again_url or retry_url:
                # Woken now and then: another call may find the endpoint stalled meanwhile.
                wait = min(wait, next_start - now, RECHECK_EVERY)
            if moot_when is not None:
                wait = min(wait, RECHECK_EVERY)
            try:
                endpoint, value, failure = outcomes.get(timeout=max(0.0, wait))
            except queue.Empty:
                if time.monotonic() >= until:
                    break
                if (
                    retry_url
                    and not waiting
                    and all(e.backing_off or self._stalled(e) for e in running)
                ):
                    latest = start(retry_url)
                    continue
                if time.monotonic() < next_start:
                    continue  # only a look round (RECHECK_EVERY)
                if waiting:
                    latest = start()  # stalled: ask the next endpoint too
                elif again_url:
                    latest = start(again_url)
                continue
            running.remove(endpoint)
            if failure is not None:
                if not isinstance(failure, EndpointFailure):
                    _cancel(running)
                    raise failure  # a bug, not the network's fault
                attempts.append(self._failed(endpoint, failure))
                # Worth asking again, unless this very failure was already retried on the
                # spot (a 5xx answered again and again).
                retried_here = failure.retry_here and endpoint.tries > 1
                worth_again = (
                    not retried_here
                    and not endpoint.cancelled
                    and not _LASTING.match(failure.reason)
                )
                if worth_again and endpoint.url not in again:
                    again.append(endpoint.url)
                if (
                    worth_again
                    and not waiting
                    and asks[endpoint.url] < ASKS_PER_RACE
                    and running
                    and all(self._stalled(e) for e in running)
                ):
                    # The others hang: ask this one again now (a reset or a cut-off body is
                    # seldom repeated) rather than wait for the re-ask of a stalled one.
                    latest = start(endpoint.url)
                    continue
            else:
                rejection = check(value) if check else None
                if rejection is None:
                    attempts.append(attempt_of(endpoint, endpoint.started, None))
                    self.book.answered(endpoint.url, time.monotonic() - endpoint.started)
                    for loser in running:
                        if loser.started < endpoint.started and loser.url != endpoint.url:
                            self.book.stalled(loser.url)
                    _cancel(running)
                    return (value, attempts[-1].endpoint), attempts, []
                attempts.append(attempt_of(endpoint, endpoint.started, f"rejected: {rejection}"))
                _log_outcome(endpoint, "answer", attempts[-1].error or "rejected")
                self.book.alive(endpoint.url)  # it answered: alive, only not acceptably
            if waiting and len(running) < 2:
                latest = start()  # a failure moves on at once; a hedge already running goes on
        for endpoint in running:  # the deadline passed
            endpoint.cancel()
            attempts.append(attempt_of(endpoint, endpoint.started, DEADLINE_PASSED))
            self.book.failed(endpoint.url, "timeout")
            _log_outcome(endpoint, "call", DEADLINE_PASSED)
        return None, attempts, [u for u in again if u not in {e.url for e in running}]

    def _stall_delay(self, url: str, size: int) -> float:
        """Seconds ``url`` may keep a request of ``size`` calls unanswered before a hedge."""
        base = self.book.stall(url)
        if size <= CALLS_PER_STALL or not self.book.heard_from(url):
            return base
        return max(base, min(MAX_BATCH_STALL, base * size / CALLS_PER_STALL))

    def _stalled(self, endpoint: Endpoint) -> bool:
        """Whether ``endpoint``'s request has run past its stall delay unanswered."""
        return time.monotonic() - endpoint.started >= self.book.stall(endpoint.url)

    def _failed(self, endpoint: Endpoint, failure: EndpointFailure) -> Attempt:
        attempt = attempt_of(endpoint, endpoint.started, failure.reason)
        if not endpoint.cancelled:
            self.book.failed(
                endpoint.url,
                attempt.error or failure.reason,
                unreachable=failure.reason in UNREACHABLE_ERRORS,
            )
        return attempt


def _attempt_in_thread(
    endpoint: Endpoint, run: Callable[[Endpoint], Any], outcomes: queue.SimpleQueue[_Outcome]
) -> None:
    endpoint.started = time.monotonic()
    try:
        outcomes.put((endpoint, run(endpoint), None))
    except BaseException as exc:  # handed to the caller's thread, which decides
        outcomes.put((endpoint, None, exc))


def _cancel(endpoints: Iterable[Endpoint]) -> None:
    for endpoint in list(endpoints):
        endpoint.cancel()


def log_request(endpoint: Endpoint, what: str, started: float, outcome: str) -> None:
    if log.isEnabledFor(logging.INFO):
        log.info(
            "%s %s: %s in %.0f ms",
            redact_url(endpoint.url),
            what,
            outcome,
            (time.monotonic() - started) * 1000,
        )


def _log_outcome(endpoint: Endpoint, what: str, outcome: str) -> None:
    log_request(endpoint, what, endpoint.started, outcome)


def attempt_of(endpoint: Endpoint, started: float, error: str | None) -> Attempt:
    return Attempt(
        endpoint=redact_url(endpoint.url),
        ok=error is None,
        error=None if error is None else shown_error(error, endpoint.url, endpoint.secrets),
        elapsed_ms=(time.monotonic() - started) * 1000,
        tries=endpoint.tries,
    )


def shown_error(error: str, url: str, secrets: Sequence[str]) -> str:
    """A failure as it may be shown or logged: a server message quoting any piece of the
    endpoint's path or query (which may be a key) is dropped, leaving ``HTTP 500``."""
    head, colon, _message = error.partition(": ")
    if colon and echoes_url(error, url):
        error = f"{head} (server message withheld: it quoted the endpoint URL)"
    return redact_text(error, secrets)
