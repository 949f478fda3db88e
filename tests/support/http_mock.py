"""Recorded HTTP answers for the transport, registered by URL, without a network.

``HttpMock`` stands in for the connection pools of urllib3, the library every request of
txdoctor goes through: the transport builds its request, picks its pool and sends; the
mock answers where a socket would. Registering is the ``responses`` way the suite grew up
with::

    with HttpMock() as mock:
        mock.add(POST, "https://rpc.example/", json={...})
        mock.add_callback(GET, re.compile(r"https://api\\.example/v1/.*"), callback=answer)

- A string URL matches on scheme, host, port and path; its query string, if it has one,
  must match too (in any order). A compiled pattern must match the whole request URL.
- When several registrations match, the first is used up and the next one answers the next
  request; the last one keeps answering.
- ``body`` may be an exception: the request then fails with it, as a broken connection would.
- A callback gets a ``Request`` and returns ``(status, headers, body)``.
- A request nothing matches fails as a refused connection; ``add_passthru(prefix)`` lets
  requests to a real loopback server (anvil) through.
- With ``assert_all_requests_are_fired`` (the default), leaving the block with a
  registration never used fails the test.

Bodies in tests come from recorded API answers (tests/fixtures); this module only serves them.
"""

from __future__ import annotations

import functools
import io
import json as jsonlib
import re
import ssl
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.client import HTTPException
from ssl import CertificateError
from typing import Any, NamedTuple, ParamSpec, TypeVar
from urllib.parse import parse_qsl, urlsplit

import urllib3
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import NewConnectionError, ProtocolError, SSLError
from urllib3.util.retry import Retry

GET = "GET"
POST = "POST"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REAL_URLOPEN = HTTPConnectionPool.urlopen

Url = str | re.Pattern[str]
Matcher = Callable[["Request"], tuple[bool, str]]
Callback = Callable[["Request"], Any]
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Request:
    """What the transport sent: a callback's argument, and ``calls[i].request``."""

    method: str
    url: str
    body: bytes | None
    headers: urllib3.HTTPHeaderDict

    @property
    def path_url(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def params(self) -> dict[str, str | list[str]]:
        found: dict[str, list[str]] = {}
        for key, value in parse_qsl(urlsplit(self.url).query, keep_blank_values=True):
            found.setdefault(key, []).append(value)
        return {k: v[0] if len(v) == 1 else v for k, v in found.items()}


class Call(NamedTuple):
    request: Request
    response: urllib3.HTTPResponse | BaseException


@dataclass
class _Registration:
    method: str
    url: Url
    answer: Callable[[Request], tuple[int, Mapping[str, str], Any]]
    match: tuple[Matcher, ...] = ()
    calls: list[Call] = field(default_factory=list)

    def matches(self, request: Request) -> bool:
        if request.method != self.method or not _url_matches(self.url, request.url):
            return False
        return all(matcher(request)[0] for matcher in self.match)

    def same_place(self, method: str, url: Url) -> bool:
        return self.method == method and _pattern_text(self.url) == _pattern_text(url)


class HttpMock:
    """Answers requests from registrations while active (a ``with`` block or ``start``)."""

    def __init__(self, assert_all_requests_are_fired: bool = True) -> None:
        self.assert_all_requests_are_fired = assert_all_requests_are_fired
        self.calls: list[Call] = []
        self._registered: list[_Registration] = []
        self._passthru: list[Url] = []
        self._lock = threading.Lock()

    # -- registering ---------------------------------------------------------------------

    def add(
        self,
        method: str,
        url: Url,
        body: str | bytes | BaseException = "",
        *,
        json: Any = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
        match: Iterable[Matcher] = (),
    ) -> None:
        """Answer ``method url`` with a fixed status, headers and body (or ``json``)."""
        if json is not None:
            body = jsonlib.dumps(json)
            content_type = content_type or "application/json"
        fixed = _with_content_type(headers, content_type or "text/plain")

        def answer(_request: Request) -> tuple[int, Mapping[str, str], Any]:
            return status, fixed, body

        self._register(_Registration(method, _default_path(url), answer, tuple(match)))

    def add_callback(
        self,
        method: str,
        url: Url,
        callback: Callback,
        content_type: str | None = "text/plain",
        match: Iterable[Matcher] = (),
    ) -> None:
        """Answer ``method url`` with ``callback(request)`` -> ``(status, headers, body)``."""

        def answer(request: Request) -> tuple[int, Mapping[str, str], Any]:
            result = callback(request)
            if isinstance(result, BaseException):
                raise result
            status, headers, body = result
            return status, _with_content_type(headers, content_type), body

        self._register(_Registration(method, _default_path(url), answer, tuple(match)))

    def get(self, url: Url, **kwargs: Any) -> None:
        self.add(GET, url, **kwargs)

    def post(self, url: Url, **kwargs: Any) -> None:
        self.add(POST, url, **kwargs)

    def replace(self, method: str, url: Url, **kwargs: Any) -> None:
        """Change what the first registration of ``method url`` answers."""
        url = _default_path(url)
        with self._lock:
            index = next(
                (i for i, r in enumerate(self._registered) if r.same_place(method, url)), None
            )
        if index is None:
            raise ValueError(f"nothing registered for {method} {_pattern_text(url)}")
        self.add(method, url, **kwargs)
        with self._lock:
            self._registered[index] = self._registered.pop()

    def add_passthru(self, prefix: Url) -> None:
        """Send requests to URLs starting with ``prefix`` to the real server."""
        self._passthru.append(prefix)

    def reset(self) -> None:
        with self._lock:
            self._registered.clear()
            self._passthru.clear()
            self.calls.clear()

    # -- being active --------------------------------------------------------------------

    def start(self) -> None:
        mock = self

        def urlopen(
            pool: HTTPConnectionPool,
            method: str,
            url: str,
            body: Any = None,
            headers: Mapping[str, str] | None = None,
            *args: Any,
            **kwargs: Any,
        ) -> urllib3.BaseHTTPResponse:
            request = Request(method, _full_url(pool, url), _as_bytes(body), _headers(headers))
            with mock._lock:
                registration = mock._pick(request)
            if registration is None and mock._passes_through(request.url):
                return _REAL_URLOPEN(pool, method, url, body, headers, *args, **kwargs)
            try:
                return mock._answer(request, registration, kwargs.get("decode_content", True))
            except Exception as exc:
                retries = Retry.from_int(kwargs.get("retries"), default=pool.retries)
                retries.increment(method, url, error=_as_pool_error(exc), _pool=pool)
                raise  # a Retry that allows another try: none of the transport's do

        HTTPConnectionPool.urlopen = urlopen  # type: ignore[method-assign,assignment]

    def stop(self, allow_assert: bool = True) -> None:
        HTTPConnectionPool.urlopen = _REAL_URLOPEN  # type: ignore[method-assign]
        if allow_assert and self.assert_all_requests_are_fired:
            unused = [r for r in self._registered if not r.calls]
            if unused:
                listed = ", ".join(f"{r.method} {_pattern_text(r.url)}" for r in unused)
                raise AssertionError(f"Not all requests have been executed: {listed}")

    def __enter__(self) -> HttpMock:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        try:
            self.stop(allow_assert=kind is None)
        finally:
            self.reset()

    # -- answering -----------------------------------------------------------------------

    def _register(self, registration: _Registration) -> None:
        with self._lock:
            self._registered.append(registration)

    def _passes_through(self, url: str) -> bool:
        return any(
            p.match(url) if isinstance(p, re.Pattern) else url.startswith(p) for p in self._passthru
        )

    def _answer(
        self, request: Request, registration: _Registration | None, decode_content: bool
    ) -> urllib3.HTTPResponse:
        if registration is None:
            failure = NewConnectionError(
                None,  # type: ignore[arg-type]
                "connection refused by HttpMock: nothing registered for "
                f"{request.method} {request.url}",
            )
            self._record(None, Call(request, failure))
            raise failure
        try:
            status, headers, body = registration.answer(request)
            if isinstance(body, BaseException):
                raise body
        except BaseException as exc:
            self._record(registration, Call(request, exc))
            raise
        response = urllib3.HTTPResponse(
            body=io.BytesIO(_as_bytes(body) or b""),
            headers=urllib3.HTTPHeaderDict(dict(headers)),
            status=status,
            preload_content=False,
            decode_content=decode_content,
            request_method=request.method,
            request_url=request.url,
        )
        self._record(registration, Call(request, response))
        return response

    def _pick(self, request: Request) -> _Registration | None:
        matching = [r for r in self._registered if r.matches(request)]
        if len(matching) < 2:
            return matching[0] if matching else None
        # Several match: the first is used up (already answered: the next one answers now).
        first = matching[0]
        self._registered.remove(first)
        return matching[1] if first.calls else first

    def _record(self, registration: _Registration | None, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            if registration is not None:
                registration.calls.append(call)


def _as_pool_error(exc: Exception) -> Exception:
    """The exception ``urlopen`` hands to its retry policy for a failure like ``exc``."""
    if isinstance(exc, ssl.SSLError | CertificateError):
        return SSLError(exc)
    if isinstance(exc, OSError | HTTPException) and not isinstance(exc, NewConnectionError):
        return ProtocolError("Connection aborted.", exc)
    return exc


def _with_content_type(
    headers: Mapping[str, str] | None, content_type: str | None
) -> dict[str, str]:
    merged = dict(headers or {})
    if content_type and not any(k.lower() == "content-type" for k in merged):
        merged["Content-Type"] = content_type
    return merged


def _default_path(url: Url) -> Url:
    if isinstance(url, str) and not urlsplit(url).path:
        parts = urlsplit(url)
        return parts._replace(path="/").geturl()
    return url


def _pattern_text(url: Url) -> str:
    return url.pattern if isinstance(url, re.Pattern) else url


def _url_matches(url: Url, request_url: str) -> bool:
    if isinstance(url, re.Pattern):
        return url.match(request_url) is not None
    want, got = urlsplit(url), urlsplit(request_url)
    if (want.scheme, want.netloc.lower(), want.path) != (got.scheme, got.netloc, got.path):
        return False
    if not want.query:
        return True
    return sorted(parse_qsl(want.query, True)) == sorted(parse_qsl(got.query, True))


def _full_url(pool: HTTPConnectionPool, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    host = f"[{pool.host}]" if ":" in (pool.host or "") else pool.host
    port = "" if pool.port in (None, _DEFAULT_PORTS.get(pool.scheme)) else f":{pool.port}"
    return f"{pool.scheme}://{host}{port}{url}"


def _as_bytes(body: Any) -> bytes | None:
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytearray | memoryview):
        return bytes(body)
    raise TypeError(f"unsupported request body {type(body).__name__}")


def _headers(headers: Mapping[str, str] | None) -> urllib3.HTTPHeaderDict:
    return urllib3.HTTPHeaderDict(dict(headers or {}))


def query_param_matcher(params: Mapping[str, str], *, strict_match: bool = True) -> Matcher:
    """Match requests whose query parameters are ``params`` (or include them, not strict)."""
    wanted = {k: str(v) for k, v in params.items()}

    def match(request: Request) -> tuple[bool, str]:
        got = request.params
        if not strict_match:
            got = {k: v for k, v in got.items() if k in wanted}
        return got == wanted, "" if got == wanted else f"query {got} != {wanted}"

    return match


# The module-level mock used by ``@activate`` and by ``mock``/``add``/``calls`` below.
mock = HttpMock(assert_all_requests_are_fired=False)
add = mock.add
add_callback = mock.add_callback
add_passthru = mock.add_passthru
replace = mock.replace
get = mock.get
post = mock.post
calls = mock.calls


def activate(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the module-level ``mock`` active."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mock:
            return function(*args, **kwargs)

    return wrapper
