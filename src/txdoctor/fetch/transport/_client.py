"""``Transport``: failover across endpoints for JSON-RPC and REST calls."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from txdoctor.core.redact import redact_text, redact_url, secrets_in_url
from txdoctor.fetch.transport import _jsonrpc
from txdoctor.fetch.transport._failure import BatchRefused, EndpointFailure, TooLarge
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


class _Endpoint:
    """One endpoint during one call: its headers, its secrets, and how many requests it got."""

    def __init__(self, url: str, headers: Mapping[str, str]) -> None:
        self.url = url
        self.headers = headers
        self.secrets = [*secrets_in_url(url), *headers.values()]
        self.tries = 0


class Transport:
    """The one place that does HTTP: tries endpoints in order, retries transient failures.

    Thread-safe; share one instance. Worst-case wall time of one call, with ``n`` calls
    given to ``rpc`` and ``E`` endpoints:

    - one HTTP request: ``connect_timeout + 2 * timeout``. The body must be complete
      ``connect_timeout + timeout`` after the request starts; the read in progress at that
      moment may take up to ``timeout`` more.
    - one exchange (a request and its retries): ``(1 + retries) * request + retries *
      max_backoff``, as no wait between tries exceeds ``max_backoff``.
    - one endpoint: 1 exchange for REST; for ``rpc`` 1 when batched, ``n`` when
      sending one by one, ``n + 1`` when the endpoint refuses the batch first.
    - one call: ``E`` times the endpoint bound.

    With the defaults, one exchange takes at most ``3 * (3 + 2 * 5) + 2 * 5 = 49`` seconds.

    ``rate_limits`` maps endpoint URLs to requests per second: requests to such an
    endpoint start at least ``1/rate`` apart, across threads. A 429 answer holds back every
    request to that endpoint for its ``Retry-After`` (1 s without one). A batch the endpoint
    finds too large (``batch too large``, HTTP 413, an answer over ``max_body_bytes``) is
    split in halves, and the smaller size is remembered for that endpoint.
    Outside the bound: DNS resolution (left to the system resolver), ``connect_timeout``
    applying to each address a host name resolves to, and a server dribbling its status
    line or headers byte by byte (urllib3 times single socket reads only).
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
    ) -> None:
        if timeout <= 0 or connect_timeout <= 0 or max_body_bytes <= 0:
            raise ValueError("timeouts and max_body_bytes must be positive")
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
    ) -> RpcReply:
        """Send JSON-RPC ``calls`` to the first endpoint that answers acceptably.

        Several calls go out as one batch when ``batch`` is true (one by one to endpoints
        that refuse batches). Results come back in call order; a JSON-RPC error object is
        returned as an ``RpcError`` entry. ``check(results)`` may reject an answer by
        returning a reason, which moves on to the next endpoint.
        Raises ``AllEndpointsFailed`` when no endpoint gave an accepted answer.
        """
        if not calls:
            raise ValueError("rpc() needs at least one call")
        call_list = list(calls)
        results, endpoint, attempts = self._failover(
            endpoints, lambda ep: self._rpc_at(ep, call_list, batch), check
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
    ) -> JsonReply:
        """GET ``path`` under each base URL in turn until one answers with JSON.

        With ``not_found_ok`` a 404 is an answer: ``JsonReply(status=404, body=None)``.
        ``check(body)`` may reject a 2xx answer. Raises ``AllEndpointsFailed``.
        """
        return self._rest(endpoints, "GET", path, params, None, check, not_found_ok)

    def post_json(
        self, endpoints: Sequence[str], path: str, body: Any, *, check: JsonCheck | None = None
    ) -> JsonReply:
        """POST ``body`` as JSON to ``path`` under each base URL in turn; like ``get_json``."""
        payload = _encode(body)
        return self._rest(endpoints, "POST", path, None, payload, check, False)

    def close(self) -> None:
        """Release pooled connections. The transport cannot be used afterwards."""
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
    ) -> tuple[T, str, tuple[Attempt, ...]]:
        attempts: list[Attempt] = []
        for url in endpoints:
            endpoint = _Endpoint(url, self._headers_for(url) if self._headers_for else {})
            started = time.monotonic()
            try:
                value = run(endpoint)
            except EndpointFailure as failure:
                attempts.append(_attempt(endpoint, started, failure.reason))
                continue
            rejection = check(value) if check else None
            error = None if rejection is None else f"rejected: {rejection}"
            attempts.append(_attempt(endpoint, started, error))
            if error is None:
                return value, attempts[-1].endpoint, tuple(attempts)
        raise AllEndpointsFailed(tuple(attempts))

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
        return self._policy.run(
            lambda: _jsonrpc.parse_batch(self._post_rpc(endpoint, payload), ids)
        )

    def _rpc_single(self, endpoint: _Endpoint, call: _jsonrpc.Call) -> Any:
        (call_id,) = self._new_ids(1)
        payload = _encode(_jsonrpc.request(call_id, call))
        return self._policy.run(
            lambda: _jsonrpc.parse_single(self._post_rpc(endpoint, payload), call_id)
        )

    def _new_ids(self, count: int) -> list[int]:
        # Ids are unique for the transport's lifetime, so a proxy that mixes up
        # replies between concurrent requests shows up as a wrong id.
        with self._lock:
            return [next(self._ids) for _ in range(count)]

    def _post_rpc(self, endpoint: _Endpoint, payload: bytes) -> Any:
        reply = self._send(endpoint, "POST", endpoint.url, body=payload)
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
    ) -> JsonReply:
        def exchange(endpoint: _Endpoint) -> tuple[int, Any]:
            url = join_url(endpoint.url, path)
            reply = self._send(endpoint, method, url, body=payload, params=params)
            if not_found_ok and reply.status == 404:
                return 404, None
            return reply.status, _json_of(reply)

        def check_body(answer: tuple[int, Any]) -> str | None:
            return None if check is None or answer[0] == 404 else check(answer[1])

        (status, body), shown, attempts = self._failover(
            endpoints, lambda ep: self._policy.run(lambda: exchange(ep)), check_body
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
    ) -> HttpReply:
        endpoint.tries += 1
        headers = {**(_JSON_HEADERS if body is not None else {}), **endpoint.headers}
        pace = self._pacer(endpoint.url)
        pace.wait_turn(retrying_429=getattr(self._local, "got_429", None) == endpoint.url)
        self._local.got_429 = None
        reply = self._http.send(method, url, headers=headers, body=body, params=params)
        if reply.status == 429:
            pace.pause(parse_retry_after(reply.headers.get("Retry-After")))
            self._local.got_429 = endpoint.url
        return reply


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
