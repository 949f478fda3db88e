"""One bounded HTTP request: pooled sessions, timeouts, a body size cap, error classification."""

from __future__ import annotations

import json
import math
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from txdoctor.fetch.transport._failure import EndpointFailure, TooLarge
from txdoctor.fetch.transport._guard import GUARDED_POOLS, Guard

_CHUNK = 64 * 1024
_POOL_SIZE = 16
_DETAIL_LENGTH = 120
_REQUEST_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError)
# Checked in order against an exception and everything it wraps.
_CAUSES: tuple[tuple[tuple[type[BaseException], ...], str, bool], ...] = (
    ((ConnectionRefusedError,), "connection refused", False),
    ((urllib3.exceptions.NameResolutionError, socket.gaierror), "DNS lookup failed", False),
    ((requests.exceptions.SSLError, urllib3.exceptions.SSLError, ssl.SSLError), "TLS error", False),
    ((requests.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError), "connect timeout", True),
    ((requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError), "timeout", True),
)
_BAD_URL_ERRORS = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    urllib3.exceptions.LocationValueError,
)


@dataclass(frozen=True)
class HttpReply:
    """Status, headers and the complete (size-capped) body of one response."""

    status: int
    headers: Mapping[str, str]
    content: bytes


class HttpClient:
    """Sends requests through one pooled ``requests.Session`` per origin, shared by threads."""

    def __init__(
        self, *, timeout: float, connect_timeout: float, max_body_bytes: int, user_agent: str
    ) -> None:
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_body_bytes = max_body_bytes
        self._user_agent = user_agent
        self._sessions: dict[str, requests.Session] = {}
        self._lock = threading.Lock()
        self._closed = False

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
        guard: Guard | None = None,
    ) -> HttpReply:
        """Make one request; raise ``EndpointFailure`` for anything but a complete response.

        The whole request (connecting, status line, headers, body) ends by ``timeout``
        seconds from now, or by the guard's earlier deadline: the watchdog shuts the socket.
        """
        session = self._session(url)
        limit = time.monotonic() + self._timeout
        guard = guard or Guard(limit)
        guard.deadline = min(guard.deadline, limit)
        read_timeout = max(0.01, min(self._timeout, guard.deadline - time.monotonic()))
        with guard:
            try:
                return self._exchange(
                    session, method, url, headers, body, params, guard, read_timeout
                )
            except (*_REQUEST_ERRORS, OSError) as exc:
                if guard.fired:
                    raise _cut_off(guard) from None
                raise classify(exc) from None

    def _exchange(
        self,
        session: requests.Session,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        params: Mapping[str, str] | None,
        guard: Guard,
        read_timeout: float,
    ) -> HttpReply:
        response = session.request(
            method,
            url,
            params=params,
            data=body,
            headers=dict(headers),
            timeout=(min(self._connect_timeout, read_timeout), read_timeout),
            stream=True,
            allow_redirects=False,
        )
        try:
            content = _read_capped(response, self._max_body_bytes, guard)
        finally:
            response.close()
        if guard.fired:  # the socket was shut while the last bytes came in
            raise _cut_off(guard)
        return HttpReply(response.status_code, response.headers, content)

    def close(self) -> None:
        """Close every pooled connection; later requests raise ``RuntimeError``."""
        with self._lock:
            self._closed = True
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            session.close()

    def _session(self, url: str) -> requests.Session:
        origin = _origin(url)
        with self._lock:
            if self._closed:
                raise RuntimeError("transport is closed")
            session = self._sessions.get(origin)
            if session is None:
                session = self._sessions[origin] = _new_session(self._user_agent)
            return session


def _cut_off(guard: Guard) -> EndpointFailure:
    if guard.fired == "cancelled":
        return EndpointFailure("cancelled: another endpoint answered first")
    return EndpointFailure("timeout", transient=True, retry_here=False)


def _new_session(user_agent: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    session.headers["Accept"] = "application/json"
    # No cookies: nothing to track us with, and no session state mutated by concurrent threads.
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    adapter = HTTPAdapter(pool_maxsize=_POOL_SIZE)
    adapter.poolmanager.pool_classes_by_scheme = dict(GUARDED_POOLS)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return f"{parts.scheme}://{parts.netloc}".lower()


def _read_capped(response: requests.Response, limit: int, guard: Guard) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge("response too large")
    body = bytearray()
    # Counting decoded bytes stops compression bombs; the guard's watchdog ends a body
    # that dribbles in.
    while chunk := response.raw.read1(_CHUNK, decode_content=True):
        body += chunk
        if len(body) > limit:
            raise TooLarge("response too large")
        if guard.fired or time.monotonic() > guard.deadline:
            raise _cut_off(guard)
    return bytes(body)


def classify(exc: BaseException) -> EndpointFailure:
    """Turn a requests/urllib3 exception into a short, secret-free reason."""
    # urllib3 derives NewConnectionError from ConnectTimeoutError: look past it to its cause.
    causes = [c for c in _causes(exc) if not isinstance(c, urllib3.exceptions.NewConnectionError)]
    for kinds, reason, transient in _CAUSES:
        if any(isinstance(cause, kinds) for cause in causes):
            return EndpointFailure(reason, transient=transient, retry_here=False)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | urllib3.exceptions.ProtocolError):
        return EndpointFailure("connection closed mid-response", transient=True, retry_here=False)
    if isinstance(exc, requests.ConnectionError):
        return EndpointFailure("connection error", transient=True, retry_here=False)
    if isinstance(exc, requests.exceptions.ContentDecodingError | urllib3.exceptions.DecodeError):
        return EndpointFailure("undecodable response body")
    if isinstance(exc, _BAD_URL_ERRORS):
        return EndpointFailure("invalid URL")
    return EndpointFailure(f"request failed ({type(exc).__name__})")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """Walk the exceptions requests and urllib3 wrap around the real cause."""
    pending, seen = [exc], set[int]()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [
            *current.args,
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
        ]
        pending.extend(n for n in nested if isinstance(n, BaseException))


def status_failure(reply: HttpReply) -> EndpointFailure | None:
    """Return the failure a non-2xx status means, or None for success."""
    if 200 <= reply.status < 300:
        return None
    reason = f"HTTP {reply.status}"
    detail = _detail(reply.content)
    if detail:
        reason = f"{reason}: {detail}"
    if 300 <= reply.status < 400:
        return EndpointFailure(f"{reason} (redirect not followed)")
    if reply.status == 413:
        return TooLarge(reason)
    if reply.status == 429 or reply.status >= 500:
        wait = parse_retry_after(reply.headers.get("Retry-After"))
        return EndpointFailure(reason, transient=True, retry_after=wait)
    return EndpointFailure(reason)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or HTTP-date); None if unusable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return _seconds_until(value, now or datetime.now(UTC))
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _seconds_until(http_date: str, now: datetime) -> float | None:
    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _detail(content: bytes) -> str:
    """A short human hint from an error body: a JSON error message or a one-line text."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        text = content[: _DETAIL_LENGTH * 2].decode("utf-8", "replace").strip()
        plain = text and "<" not in text and "\n" not in text
        return shorten(text) if plain else ""
    return shorten(_message_in(data))


def _message_in(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    error = data.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    for candidate in (error, data.get("message")):
        if isinstance(candidate, str):
            return candidate
    return ""


def shorten(text: str) -> str:
    """One printable line of at most ``_DETAIL_LENGTH`` characters from server-supplied text."""
    # Dropping control characters keeps a hostile server from sending terminal escapes.
    text = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())
    return text if len(text) <= _DETAIL_LENGTH else text[: _DETAIL_LENGTH - 1] + "…"


def decode_json(content: bytes) -> Any:
    """Parse a response body, raising ``EndpointFailure("invalid JSON")`` if it is not JSON."""
    if not content.strip():
        raise EndpointFailure("invalid JSON (empty body)")
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        raise EndpointFailure("invalid JSON") from None


def join_url(base: str, path: str) -> str:
    """Append ``path`` to the path of ``base``, keeping the base's query (e.g. ``?apikey=``)."""
    if not path:
        return base
    parts = urlsplit(base)
    joined = parts.path.rstrip("/") + "/" + path.lstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, joined, parts.query, parts.fragment))
