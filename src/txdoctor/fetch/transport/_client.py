"""``Transport``: failover across endpoints for JSON-RPC and REST calls."""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from txdoctor.fetch.transport import _jsonrpc
from txdoctor.fetch.transport._failure import BatchRefused, EndpointFailure, TooLarge
from txdoctor.fetch.transport._health import EndpointBook, EndpointState
from txdoctor.fetch.transport._hedge import (
    DEFAULT_DEADLINE,
    Endpoint,
    Failover,
    log_request,
    shown_error,
)
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
    Attempt,
    JsonReply,
    RpcError,
    RpcReply,
)

T = TypeVar("T")
RpcCheck = Callable[[list[Any | RpcError]], str | None]
JsonCheck = Callable[[Any], str | None]
_JSON_HEADERS = {"Content-Type": "application/json"}


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
      endpoint at once. When every endpoint keeps the call waiting (``REASK_AFTER``), the
      first is asked again on a new connection. ``stall=0`` asks every endpoint at once.
      (``_hedge.Failover``; what it learns goes into ``book``.)
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
    ``set_aside=False`` keeps asking endpoints that failed or refused connections (a client
    polling a node that is still starting). A request stuck in the system resolver cannot be
    interrupted, but it runs in a daemon
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
        set_aside: bool = True,
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
        self.book = EndpointBook(
            stall=stall,
            set_aside=set_aside,
            state=EndpointState(state_path) if state_path else None,
        )
        self._hedge = Failover(self.book, headers_for, sleep, backoff)
        self._scope = threading.local()  # the deadline of the input this thread works on
        self._ids = itertools.count(1)
        self._no_batch: set[str] = set()
        self._batch_limits: dict[str, int] = {}
        self._pacer = Pacer(rate_limits, sleep=sleep)
        self._local = threading.local()  # the endpoint whose 429 this thread is retrying
        self._lock = threading.Lock()
        self.sending = threading.Event()
        """Set once a first request has been written to its connection (or has failed): a
        caller with work that can wait (loading what its output needs) does it from then on,
        while the network answers. (Set any earlier, that work would hold up the request's
        own thread, busy connecting and sending.)"""

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
            endpoints,
            lambda ep: self._rpc_at(ep, call_list, batch),
            check,
            at_once=at_once,
            within=within,
            size=len(call_list),
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
        return self._rest(
            endpoints, "GET", path, params, None, check, not_found_ok, at_once, within
        )

    def post_json(
        self,
        endpoints: Sequence[str],
        path: str,
        body: Any,
        *,
        check: JsonCheck | None = None,
        answer_statuses: Collection[int] = (),
    ) -> JsonReply:
        """POST ``body`` as JSON to ``path`` under each base URL in turn; like ``get_json``.

        A reply whose status is in ``answer_statuses`` is an answer, not a failure: its JSON
        body comes back with its status (and ``check`` judges it), e.g. an EOS node's 400 for
        an account that does not exist. It is then neither retried nor asked elsewhere.
        """
        payload = _encode(body)
        return self._rest(
            endpoints, "POST", path, None, payload, check, False, False, None, answer_statuses
        )

    def worth_asking(self, endpoints: Sequence[str]) -> list[str]:
        """Those of ``endpoints`` that neither failed nor stalled lately (in this run or in
        the remembered runs): the ones worth a question that is only a second opinion."""
        return self.book.healthy(endpoints)

    @contextlib.contextmanager
    def deadline_scope(
        self, until: float | None = None, settled: threading.Event | None = None
    ) -> Iterator[float]:
        """Calls made by this thread inside the block end by ``until`` (``time.monotonic``
        time; default: ``deadline`` seconds from now). Yields ``until``. Once ``settled``
        is set (another chain found the transaction), second opinions (calls with
        ``within``) end at once, failing with ``MOOT``."""
        until = time.monotonic() + self.deadline if until is None else until
        outer = getattr(self._scope, "until", None)
        outer_settled = getattr(self._scope, "settled", None)
        self._scope.until = until if outer is None else min(outer, until)
        self._scope.settled = settled or outer_settled
        try:
            yield until
        finally:
            self._scope.until = outer
            self._scope.settled = outer_settled

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
        run: Callable[[Endpoint], T],
        check: Callable[[T], str | None] | None,
        *,
        at_once: bool = False,
        within: float | None = None,
        size: int = 1,
    ) -> tuple[T, str, tuple[Attempt, ...]]:
        """``Failover.run`` until the earliest of: this call's deadline, the end of the
        thread's ``deadline_scope``, ``within`` seconds from now."""
        now = time.monotonic()
        until = min(
            now + self.deadline,
            getattr(self._scope, "until", None) or 1e18,
            now + within if within is not None else 1e18,
        )
        settled = getattr(self._scope, "settled", None) if within is not None else None
        return self._hedge.run(
            endpoints, run, check, until=until, at_once=at_once, size=size, moot_when=settled
        )

    def _rpc_at(self, endpoint: Endpoint, calls: list[_jsonrpc.Call], batch: bool) -> list[Any]:
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

    def _rpc_batches(self, endpoint: Endpoint, calls: list[_jsonrpc.Call]) -> list[Any]:
        """The calls in batches no larger than the endpoint is known to accept."""
        with self._lock:
            size = self._batch_limits.get(endpoint.url, len(calls))
        results: list[Any] = []
        for start in range(0, len(calls), size):
            results += self._rpc_batch_fitting(endpoint, calls[start : start + size])
        return results

    def _rpc_batch_fitting(self, endpoint: Endpoint, calls: list[_jsonrpc.Call]) -> list[Any]:
        if len(calls) == 1:
            return [self._rpc_single(endpoint, calls[0])]
        try:
            return self._rpc_batch(endpoint, calls)
        except TooLarge:
            half = (len(calls) + 1) // 2
            with self._lock:
                known = self._batch_limits.get(endpoint.url, len(calls))
                self._batch_limits[endpoint.url] = max(1, min(known, len(calls) // 2))
        return self._rpc_batch_fitting(endpoint, calls[:half]) + self._rpc_batch_fitting(
            endpoint, calls[half:]
        )

    def _rpc_batch(self, endpoint: Endpoint, calls: list[_jsonrpc.Call]) -> list[Any]:
        ids = self._new_ids(len(calls))
        payload = _encode([_jsonrpc.request(i, call) for i, call in zip(ids, calls, strict=True)])
        label = f"{calls[0][0]} +{len(calls) - 1}"
        return self._policy.run(
            lambda: _jsonrpc.parse_batch(self._post_rpc(endpoint, payload, label), ids),
            until=endpoint.until,
        )

    def _rpc_single(self, endpoint: Endpoint, call: _jsonrpc.Call) -> Any:
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

    def _post_rpc(self, endpoint: Endpoint, payload: bytes, label: str) -> Any:
        reply = self._send(endpoint, "POST", endpoint.url, body=payload, label=label)
        return _json_of(endpoint, reply, label)

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
        answer_statuses: Collection[int] = (),
    ) -> JsonReply:
        label = f"{method} /{path.lstrip('/')}"

        def exchange(endpoint: Endpoint) -> tuple[int, Any]:
            url = join_url(endpoint.url, path)
            reply = self._send(endpoint, method, url, body=payload, params=params, label=label)
            if not_found_ok and reply.status == 404:
                return 404, None
            if reply.status in answer_statuses:
                return reply.status, _decoded(endpoint, reply, label)
            return reply.status, _json_of(endpoint, reply, label)

        def check_body(answer: tuple[int, Any]) -> str | None:
            return None if check is None or answer[0] == 404 else check(answer[1])

        (status, body), shown, attempts = self._failover(
            endpoints,
            lambda ep: self._policy.run(lambda: exchange(ep), until=ep.until),
            check_body,
            at_once=at_once,
            within=within,
        )
        return JsonReply(status, body, shown, attempts)

    def _send(
        self,
        endpoint: Endpoint,
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
        endpoint.backing_off = False
        guard = endpoint.guard()
        if not self.sending.is_set():
            guard.on_sent = self.sending.set
        try:
            reply = self._http.send(
                method, url, headers=headers, body=body, params=params, guard=guard
            )
        except EndpointFailure as failure:
            self.sending.set()  # this thread is done with it: nothing more to hold up
            log_request(
                endpoint,
                label or method,
                started,
                shown_error(failure.reason, endpoint.url, endpoint.secrets),
            )
            raise
        log_request(endpoint, label or method, started, f"HTTP {reply.status}")
        endpoint.replied = True  # waiting on it now is a retry it was asked for, not a hang
        endpoint.backing_off = reply.status == 429 or reply.status >= 500
        if reply.status == 429:
            pace.pause(parse_retry_after(reply.headers.get("Retry-After")))
            self._local.got_429 = endpoint.url
        return reply


def _json_of(endpoint: Endpoint, reply: HttpReply, label: str) -> Any:
    failure = status_failure(reply)
    if failure is not None:
        raise failure
    return _decoded(endpoint, reply, label)


def _decoded(endpoint: Endpoint, reply: HttpReply, label: str) -> Any:
    """The body's JSON. A body that is not JSON is logged (``-v``) beside its status: the
    status line alone, already logged, reads like a good answer."""
    try:
        return decode_json(reply.content)
    except EndpointFailure as failure:
        log_request(endpoint, label, endpoint.started, f"HTTP {reply.status}, {failure.reason}")
        raise


def _encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()
