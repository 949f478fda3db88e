"""``Transport``: failover across endpoints for JSON-RPC and REST calls."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from txdoctor.fetch.redact import redact_text, redact_url, secrets_in_url
from txdoctor.fetch.transport import _jsonrpc
from txdoctor.fetch.transport._failure import BatchRefused, EndpointFailure, TooLarge
from txdoctor.fetch.transport._guard import Guard
from txdoctor.fetch.transport._health import EndpointBook, EndpointState
from txdoctor.fetch.transport._http import (
    HttpClient,
    HttpReply,
    decode_json,
    join_url,
    parse_retry_after,
    status_failure,
)
from txdoctor.fetch.transport._pace import Pacer
from txdoctor.fetch.transport._retry import RetryPolicy
from txdoctor.fetch.transport.model import (
    AllEndpointsFailed,
    Attempt,
    JsonReply,
    RpcError,
    RpcReply,
)

T = TypeVar("T")
RpcCheck = Callable[[list[Any | RpcError]], str | None]
JsonCheck = Callable[[Any], str | None]
_JSON_HEADERS = {"Content-Type": "application/json"}
log = logging.getLogger("txdoctor.fetch")

PASSES = 3
"""Rounds at most over a call's endpoints while some failed for want of an answer."""
NEW_PASS_WITHIN = 6.0
"""Seconds after the start of a call beyond which no new round starts."""
DEFAULT_DEADLINE = 6.0
"""Seconds one input (every call its lookups make) may take; ``--deadline``."""
DEADLINE_PASSED = "no answer by the deadline"
REASK_AFTER = 1.0
"""Seconds every endpoint of a call may keep it waiting before the first one is asked
again on a new connection (at least twice the stall delay; once per endpoint and pass)."""
# Failures that say the endpoint cannot be reached at all: not asked again in this run.
_UNREACHABLE = frozenset({"DNS lookup failed", "connection refused"})
# Failures another pass cannot cure: the endpoint answered, and will answer the same. The
# rest (a timeout, a broken connection, garbled JSON) may well go right the next time.
_LASTING = re.compile(r"^(?:HTTP (?!408|429)[34]\d\d|invalid URL|TLS error|response too large"
                      r"|undecodable response body|DNS lookup failed|connection refused"
                      r"|cancelled)")


class _Endpoint:
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


_Outcome = tuple[_Endpoint, Any, BaseException | None]


class Transport:
    """The one place that does HTTP for every family: hedged failover, retries, deadlines.

    Thread-safe; share one instance. How one call (``rpc``, ``get_json``, ``post_json``)
    goes:

    - **Order**: the endpoints in configured order, those that failed or stalled lately
      (in this run or, with ``state_path``, in recent runs) last; endpoints set aside
      (failing again and again, or unresolvable / refusing connections earlier in the
      run) are not asked and show as "not asked".
    - **Hedging**: when an endpoint has not answered after its stall delay (``stall``,
      default 0.4 s, or three times its usual answer time when that is longer, at most
      2 s), the same request also starts on the next endpoint; the first acceptable answer
      wins and the others are cancelled (their sockets closed). A failure starts the next
      endpoint at once. ``stall=0`` asks every endpoint at once.
    - **Retries**: a server error or a 429 is retried on the same endpoint (``retries``
      times, with backoff or its ``Retry-After``); a timeout or a broken connection moves
      on to the next endpoint first and gets another pass after the others were tried (at
      most ``PASSES`` passes, started within ``NEW_PASS_WITHIN`` s); a name that does not
      resolve or a refused connection is not asked again in the run.
    - **Deadlines**: one HTTP request (connecting, headers and body) ends ``timeout``
      seconds after it starts, however slowly the bytes come: a watchdog closes its
      socket. The whole call ends by ``deadline`` seconds after it starts, or by the end of
      the current ``deadline_scope`` (one input) if that comes first: what is still
      running then is cancelled and shows as "no answer by the deadline".

    ``rate_limits`` maps endpoint URLs to requests per second: requests to such an
    endpoint start at least ``1/rate`` apart, across threads. A 429 answer holds back every
    request to that endpoint for its ``Retry-After`` (1 s without one). A batch the endpoint
    finds too large (``batch too large``, HTTP 413, an answer over ``max_body_bytes``) is
    split in halves, and the smaller size is remembered for that endpoint.
    A request stuck in the system resolver cannot be interrupted, but it runs in a daemon
    thread of its own: the call still ends by its deadline.
    """

    def __init__(
        self,
        *,
        timeout: float = 5.0,
        connect_timeout: float = 3.0,
        retries: int = 2,
        backoff: float = 0.2,
        max_backoff: float = 5.0,
        max_body_bytes: int = 8_000_000,
        user_agent: str = "txdoctor/0.1",
        headers_for: Callable[[str], Mapping[str, str]] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rate_limits: Mapping[str, float] | None = None,
        stall: float | None = None,
        deadline: float = DEFAULT_DEADLINE,
        state_path: Path | None = None,
    ) -> None:
        if timeout <= 0 or connect_timeout <= 0 or max_body_bytes <= 0 or deadline <= 0:
            raise ValueError("timeouts, deadline and max_body_bytes must be positive")
        if stall is not None and stall < 0:
            raise ValueError("stall must not be negative")
        if retries < 0 or backoff < 0 or max_backoff < 0:
            raise ValueError("retries, backoff and max_backoff must not be negative")
        self._http = HttpClient(
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_body_bytes=max_body_bytes,
            user_agent=user_agent,
        )
        self._policy = RetryPolicy(
            retries=retries, backoff=backoff, max_backoff=max_backoff, sleep=sleep
        )
        self._headers_for = headers_for
        self._sleep = sleep
        self._backoff = backoff
        self._retries = retries
        self.deadline = deadline
        self.book = EndpointBook(stall=stall,
                                 state=EndpointState(state_path) if state_path else None)
        self._scope = threading.local()  # the deadline of the input this thread works on
        self._ids = itertools.count(1)
        self._no_batch: set[str] = set()
        self._batch_limits: dict[str, int] = {}
        self._pacer = Pacer(rate_limits, sleep=sleep)
        self._local = threading.local()  # the endpoint whose 429 this thread is retrying
        self._lock = threading.Lock()

    def rpc(
        self,
        endpoints: Sequence[str],
        calls: Sequence[tuple[str, list[Any]]],
        *,
        check: RpcCheck | None = None,
        batch: bool = True,
        at_once: bool = False,
        within: float | None = None,
    ) -> RpcReply:
        """Send JSON-RPC ``calls`` to the first endpoint that answers acceptably.

        Several calls go out as one batch when ``batch`` is true (one by one to endpoints
        that refuse batches). Results come back in call order; a JSON-RPC error object is
        returned as an ``RpcError`` entry. ``check(results)`` may reject an answer by
        returning a reason, which moves on to the next endpoint. ``at_once`` asks every
        endpoint at the same time (the first accepted answer wins); ``within`` bounds the
        call to that many seconds (a second opinion not worth the whole deadline).
        Raises ``AllEndpointsFailed`` when no endpoint gave an accepted answer.
        """
        if not calls:
            raise ValueError("rpc() needs at least one call")
        call_list = list(calls)
        results, endpoint, attempts = self._failover(
            endpoints, lambda ep: self._rpc_at(ep, call_list, batch), check, at_once=at_once,
            within=within,
        )
        return RpcReply(results, endpoint, attempts)

    def get_json(
        self,
        endpoints: Sequence[str],
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        check: JsonCheck | None = None,
        not_found_ok: bool = False,
        at_once: bool = False,
        within: float | None = None,
    ) -> JsonReply:
        """GET ``path`` under each base URL in turn until one answers with JSON.

        With ``not_found_ok`` a 404 is an answer: ``JsonReply(status=404, body=None)``.
        ``check(body)`` may reject a 2xx answer; ``at_once`` asks every base at the same
        time, ``within`` bounds the call in seconds. Raises ``AllEndpointsFailed``.
        """
        return self._rest(endpoints, "GET", path, params, None, check, not_found_ok, at_once,
                          within)

    def post_json(
        self, endpoints: Sequence[str], path: str, body: Any, *, check: JsonCheck | None = None
    ) -> JsonReply:
        """POST ``body`` as JSON to ``path`` under each base URL in turn; like ``get_json``."""
        payload = _encode(body)
        return self._rest(endpoints, "POST", path, None, payload, check, False, False, None)

    def worth_asking(self, endpoints: Sequence[str]) -> list[str]:
        """Those of ``endpoints`` that neither failed nor stalled lately (in this run or in
        the remembered runs): the ones worth a question that is only a second opinion."""
        return self.book.healthy(endpoints)

    @contextlib.contextmanager
    def deadline_scope(self, until: float | None = None) -> Iterator[float]:
        """Calls made by this thread inside the block end by ``until`` (``time.monotonic``
        time; default: ``deadline`` seconds from now). Yields ``until``."""
        until = time.monotonic() + self.deadline if until is None else until
        outer = getattr(self._scope, "until", None)
        self._scope.until = until if outer is None else min(outer, until)
        try:
            yield until
        finally:
            self._scope.until = outer

    def close(self) -> None:
        """Release pooled connections and remember endpoint health (with ``state_path``).
        The transport cannot be used afterwards."""
        self.book.save()
        self._http.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _failover(
        self,
        endpoints: Sequence[str],
        run: Callable[[_Endpoint], T],
        check: Callable[[T], str | None] | None,
        *,
        at_once: bool = False,
        within: float | None = None,
    ) -> tuple[T, str, tuple[Attempt, ...]]:
        """Passes of hedged races over ``endpoints``; see the class docstring."""
        started = time.monotonic()
        until = min(started + self.deadline, getattr(self._scope, "until", None) or 1e18,
                    started + within if within is not None else 1e18)
        asked = self.book.order([u for u in endpoints if self.book.usable(u)])
        skipped = [u for u in endpoints if u not in asked]
        attempts: list[Attempt] = []
        for number in range(PASSES):
            if not asked or time.monotonic() >= until:
                break
            if number:
                self._sleep(max(0.0, min(self._backoff * number, until - time.monotonic())))
            won, tried, asked = self._race(asked, run, check, until, at_once)
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
        run: Callable[[_Endpoint], T],
        check: Callable[[T], str | None] | None,
        until: float,
        at_once: bool,
    ) -> tuple[tuple[T, str] | None, list[Attempt], list[str]]:
        """One pass: the first acceptable answer, every attempt, and the endpoints worth
        another pass."""
        outcomes: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
        waiting = list(urls)
        running: list[_Endpoint] = []
        attempts: list[Attempt] = []
        again: list[str] = []
        asked_twice: set[str] = set()

        def start(url: str | None = None) -> _Endpoint:
            url = url or waiting.pop(0)
            endpoint = _Endpoint(url, self._headers_for(url) if self._headers_for else {},
                                 until)
            running.append(endpoint)
            threading.Thread(target=_attempt_in_thread, args=(endpoint, run, outcomes),
                             name="txdoctor-request", daemon=True).start()
            return endpoint

        latest = start()
        while at_once and waiting:
            latest = start()
        while running:
            now = time.monotonic()
            stall = self.book.stall(latest.url)
            # Every endpoint asked and none answering: after a longer wait, the one asked
            # first gets the same request once more on a new connection (a load balancer
            # may have sent the first to a stuck backend).
            next_start = latest.started + (stall if waiting else max(REASK_AFTER, 2 * stall))
            again_url = next((e.url for e in running if e.url not in asked_twice), None)
            wait = until - now
            if waiting or again_url:
                wait = min(wait, next_start - now)
            try:
                endpoint, value, failure = outcomes.get(timeout=max(0.0, wait))
            except queue.Empty:
                if time.monotonic() >= until:
                    break
                if waiting:
                    latest = start()  # stalled: ask the next endpoint too
                elif again_url:
                    asked_twice.add(again_url)
                    latest = start(again_url)
                continue
            running.remove(endpoint)
            if failure is not None:
                if not isinstance(failure, EndpointFailure):
                    _cancel(running)
                    raise failure  # a bug, not the network's fault
                attempts.append(self._failed(endpoint, failure))
                # Not already retried on the spot, and worth asking again.
                if endpoint.tries <= 1 and not endpoint.cancelled \
                        and not _LASTING.match(failure.reason) and endpoint.url not in again:
                    again.append(endpoint.url)
            else:
                rejection = check(value) if check else None
                if rejection is None:
                    attempts.append(_attempt(endpoint, endpoint.started, None))
                    self.book.answered(endpoint.url, time.monotonic() - endpoint.started)
                    for loser in running:
                        if loser.started < endpoint.started and loser.url != endpoint.url:
                            self.book.stalled(loser.url)
                    _cancel(running)
                    return (value, attempts[-1].endpoint), attempts, []
                attempts.append(_attempt(endpoint, endpoint.started, f"rejected: {rejection}"))
                self.book.alive(endpoint.url)  # it answered: alive, only not acceptably
            if waiting and len(running) < 2:
                latest = start()  # a failure moves on at once; a hedge already running goes on
        for endpoint in running:  # the deadline passed
            endpoint.cancel()
            attempts.append(_attempt(endpoint, endpoint.started, DEADLINE_PASSED))
            self.book.failed(endpoint.url, "timeout")
            _log_outcome(endpoint, "call", DEADLINE_PASSED)
        return None, attempts, [u for u in again if u not in {e.url for e in running}]

    def _failed(self, endpoint: _Endpoint, failure: EndpointFailure) -> Attempt:
        attempt = _attempt(endpoint, endpoint.started, failure.reason)
        if not endpoint.cancelled:
            self.book.failed(endpoint.url, attempt.error or failure.reason,
                             unreachable=failure.reason in _UNREACHABLE)
        return attempt

    def _rpc_at(self, endpoint: _Endpoint, calls: list[_jsonrpc.Call], batch: bool) -> list[Any]:
        if not batch or len(calls) == 1 or self._refuses_batch(endpoint.url):
            return [self._rpc_single(endpoint, call) for call in calls]
        try:
            return self._rpc_batches(endpoint, calls)
        except BatchRefused:
            results = [self._rpc_single(endpoint, call) for call in calls]
        # Remembered only once single calls worked, so a broken endpoint is not mislabelled.
        with self._lock:
            self._no_batch.add(endpoint.url)
        return results

    def _refuses_batch(self, url: str) -> bool:
        with self._lock:
            return url in self._no_batch

    def _rpc_batches(self, endpoint: _Endpoint, calls: list[_jsonrpc.Call]) -> list[Any]:
        """The calls in batches no larger than the endpoint is known to accept."""
        with self._lock:
            size = self._batch_limits.get(endpoint.url, len(calls))
        results: list[Any] = []
        for start in range(0, len(calls), size):
            results += self._rpc_batch_fitting(endpoint, calls[start:start + size])
        return results

    def _rpc_batch_fitting(self, endpoint: _Endpoint, calls: list[_jsonrpc.Call]) -> list[Any]:
        if len(calls) == 1:
            return [self._rpc_single(endpoint, calls[0])]
        try:
            return self._rpc_batch(endpoint, calls)
        except TooLarge:
            half = (len(calls) + 1) // 2
            with self._lock:
                known = self._batch_limits.get(endpoint.url, len(calls))
                self._batch_limits[endpoint.url] = max(1, min(known, len(calls) // 2))
        return (self._rpc_batch_fitting(endpoint, calls[:half])
                + self._rpc_batch_fitting(endpoint, calls[half:]))

    def _rpc_batch(self, endpoint: _Endpoint, calls: list[_jsonrpc.Call]) -> list[Any]:
        ids = self._new_ids(len(calls))
        payload = _encode([_jsonrpc.request(i, call) for i, call in zip(ids, calls, strict=True)])
        label = f"{calls[0][0]} +{len(calls) - 1}"
        return self._policy.run(
            lambda: _jsonrpc.parse_batch(self._post_rpc(endpoint, payload, label), ids),
            until=endpoint.until,
        )

    def _rpc_single(self, endpoint: _Endpoint, call: _jsonrpc.Call) -> Any:
        (call_id,) = self._new_ids(1)
        payload = _encode(_jsonrpc.request(call_id, call))
        return self._policy.run(
            lambda: _jsonrpc.parse_single(self._post_rpc(endpoint, payload, call[0]), call_id),
            until=endpoint.until,
        )

    def _new_ids(self, count: int) -> list[int]:
        # Ids are unique for the transport's lifetime, so a proxy that mixes up
        # replies between concurrent requests shows up as a wrong id.
        with self._lock:
            return [next(self._ids) for _ in range(count)]

    def _post_rpc(self, endpoint: _Endpoint, payload: bytes, label: str) -> Any:
        reply = self._send(endpoint, "POST", endpoint.url, body=payload, label=label)
        return _json_of(reply)

    def _rest(
        self,
        endpoints: Sequence[str],
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        payload: bytes | None,
        check: JsonCheck | None,
        not_found_ok: bool,
        at_once: bool,
        within: float | None,
    ) -> JsonReply:
        def exchange(endpoint: _Endpoint) -> tuple[int, Any]:
            url = join_url(endpoint.url, path)
            reply = self._send(endpoint, method, url, body=payload, params=params,
                               label=f"{method} /{path.lstrip('/')}")
            if not_found_ok and reply.status == 404:
                return 404, None
            return reply.status, _json_of(reply)

        def check_body(answer: tuple[int, Any]) -> str | None:
            return None if check is None or answer[0] == 404 else check(answer[1])

        (status, body), shown, attempts = self._failover(
            endpoints, lambda ep: self._policy.run(lambda: exchange(ep), until=ep.until),
            check_body, at_once=at_once, within=within,
        )
        return JsonReply(status, body, shown, attempts)

    def _send(
        self,
        endpoint: _Endpoint,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
        label: str | None = None,
    ) -> HttpReply:
        if endpoint.cancelled:
            raise EndpointFailure("cancelled: another endpoint answered first")
        endpoint.tries += 1
        headers = {**(_JSON_HEADERS if body is not None else {}), **endpoint.headers}
        pace = self._pacer(endpoint.url)
        pace.wait_turn(retrying_429=getattr(self._local, "got_429", None) == endpoint.url)
        self._local.got_429 = None
        started = time.monotonic()
        try:
            reply = self._http.send(method, url, headers=headers, body=body, params=params,
                                    guard=endpoint.guard())
        except EndpointFailure as failure:
            _log_request(endpoint, label or method, started,
                         redact_text(failure.reason, endpoint.secrets))
            raise
        _log_request(endpoint, label or method, started, f"HTTP {reply.status}")
        if reply.status == 429:
            pace.pause(parse_retry_after(reply.headers.get("Retry-After")))
            self._local.got_429 = endpoint.url
        return reply


def _attempt_in_thread(endpoint: _Endpoint, run: Callable[[_Endpoint], Any],
                       outcomes: queue.SimpleQueue[_Outcome]) -> None:
    endpoint.started = time.monotonic()
    try:
        outcomes.put((endpoint, run(endpoint), None))
    except BaseException as exc:  # handed to the caller's thread, which decides
        outcomes.put((endpoint, None, exc))


def _cancel(endpoints: Any) -> None:
    for endpoint in list(endpoints):
        endpoint.cancel()


def _log_request(endpoint: _Endpoint, what: str, started: float, outcome: str) -> None:
    if log.isEnabledFor(logging.INFO):
        log.info("%s %s: %s in %.0f ms", redact_url(endpoint.url), what, outcome,
                 (time.monotonic() - started) * 1000)


def _log_outcome(endpoint: _Endpoint, what: str, outcome: str) -> None:
    _log_request(endpoint, what, endpoint.started, outcome)


def _json_of(reply: HttpReply) -> Any:
    failure = status_failure(reply)
    if failure is not None:
        raise failure
    return decode_json(reply.content)


def _encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def _attempt(endpoint: _Endpoint, started: float, error: str | None) -> Attempt:
    return Attempt(
        endpoint=redact_url(endpoint.url),
        ok=error is None,
        error=None if error is None else redact_text(error, endpoint.secrets),
        elapsed_ms=(time.monotonic() - started) * 1000,
        tries=endpoint.tries,
    )
