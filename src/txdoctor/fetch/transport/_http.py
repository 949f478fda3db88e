"""One bounded HTTP request: pooled connections, timeouts, a body size cap, error classification.

Requests go through urllib3 directly (``requests`` costs tens of milliseconds to import), with
the connection managers of ``_managers`` (the environment's proxy and CA bundle). User info in
an endpoint URL is sent as basic authentication, as requests did. No cookies are kept and no
redirects followed.
"""

from __future__ import annotations

import json
import math
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import urllib3
import urllib3.exceptions
from urllib3.util import Url, parse_url

from txdoctor.fetch.transport._failure import EndpointFailure, TooLarge
from txdoctor.fetch.transport._guard import Guard
from txdoctor.fetch.transport._managers import basic_auth, new_manager, proxy_for, url_credentials

_CHUNK = 64 * 1024
_DETAIL_LENGTH = 120
_REQUEST_ERRORS = (urllib3.exceptions.HTTPError, OSError, ValueError)  # ValueError: a bad header
# Checked in order against an exception and everything it wraps.
_CAUSES: tuple[tuple[tuple[type[BaseException], ...], str, bool], ...] = (
    ((ConnectionRefusedError,), "connection refused", False),
    ((urllib3.exceptions.NameResolutionError, socket.gaierror), "DNS lookup failed", False),
    ((urllib3.exceptions.SSLError, ssl.SSLError), "TLS error", False),
    ((urllib3.exceptions.ConnectTimeoutError,), "connect timeout", True),
    ((urllib3.exceptions.TimeoutError, TimeoutError), "timeout", True),
)
_CONNECTION_ERRORS = (
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.ProxyError,
    urllib3.exceptions.ClosedPoolError,
)
# What urllib3 raises (an OSError, wrapped in a ProxyError) when a proxy refuses a CONNECT.
_TUNNEL_REFUSED = re.compile(r"Tunnel connection failed: (\d{3})\b")
_PROXY_STATUS = {407: "proxy authentication required", 403: "forbidden by the proxy"}
# LocationParseError and URLSchemeUnknown (``ftp://``) are LocationValueErrors.
_BAD_URL_ERRORS = (urllib3.exceptions.LocationValueError,)


@dataclass(frozen=True)
class HttpReply:
    """Status, headers and the complete (size-capped) body of one response."""

    status: int
    headers: Mapping[str, str]
    content: bytes


class HttpClient:
    """Sends requests through one urllib3 ``PoolManager`` (a pool per origin), shared by
    threads, or through a ``ProxyManager`` when the environment names a proxy."""

    def __init__(
        self, *, timeout: float, connect_timeout: float, max_body_bytes: int, user_agent: str
    ) -> None:
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_body_bytes = max_body_bytes
        self._headers = {
            "User-Agent": user_agent,
            "Accept": "application/json",
            # Only what the size cap is known to bound; not br or zstd, which urllib3 would
            # offer whenever some package for them happens to be installed.
            "Accept-Encoding": "gzip, deflate",
        }
        # By proxy URL ("" for none) and whether the targets are https: only those need the
        # CA bundle, whose loading costs more CPU than a whole plain-HTTP lookup.
        self._managers: dict[tuple[str, bool], urllib3.PoolManager] = {}
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
        self._check_open()
        target = _target(url, params)
        manager = self._manager(proxy_for(target), tls=target.scheme == "https")
        limit = time.monotonic() + self._timeout
        guard = guard or Guard(limit)
        guard.deadline = min(guard.deadline, limit)
        read_timeout = max(0.01, min(self._timeout, guard.deadline - time.monotonic()))
        connect_timeout = min(self._connect_timeout, read_timeout)
        with guard:
            try:
                response = manager.urlopen(
                    method,
                    target._replace(auth=None, fragment=None).url,
                    body=body,
                    headers=self._headers_for(target, headers),
                    timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
                    retries=False,
                    redirect=False,
                    preload_content=False,
                )
            except _REQUEST_ERRORS as exc:
                raise _failure(exc, guard, mid_response=False) from None
            content = _body(response, self._max_body_bytes, guard)
        if guard.fired:  # the socket was shut while the last bytes came in
            raise _cut_off(guard)
        return HttpReply(response.status, response.headers, content)

    def _headers_for(self, target: Url, headers: Mapping[str, str]) -> urllib3.HTTPHeaderDict:
        sent = urllib3.HTTPHeaderDict(self._headers)
        sent.update(headers)  # the call's headers win, whatever their case
        credentials = url_credentials(target.auth)
        if credentials:  # as requests did with user info in the URL
            sent["Authorization"] = basic_auth(credentials)
        return sent

    def close(self) -> None:
        """Close every pooled connection; later requests raise ``RuntimeError``."""
        with self._lock:
            self._closed = True
            managers = list(self._managers.values())
            self._managers.clear()
        for manager in managers:
            manager.clear()

    def _check_open(self) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("transport is closed")

    def _manager(self, proxy: str, *, tls: bool) -> urllib3.PoolManager:
        with self._lock:
            if self._closed:
                raise RuntimeError("transport is closed")
            key = (proxy, tls)
            manager = self._managers.get(key)
            if manager is None:
                manager = self._managers[key] = new_manager(proxy, tls=tls)
            return manager


def _failure(exc: BaseException, guard: Guard, *, mid_response: bool) -> EndpointFailure:
    return _cut_off(guard) if guard.fired else classify(exc, mid_response=mid_response)


def _cut_off(guard: Guard) -> EndpointFailure:
    if guard.fired == "cancelled":
        return EndpointFailure("cancelled: another endpoint answered first")
    return EndpointFailure("timeout", transient=True, retry_here=False)


def _target(url: str, params: Mapping[str, str] | None) -> Url:
    """``url`` parsed, with ``params`` appended to its query as requests did."""
    try:
        target = parse_url(url)
    except urllib3.exceptions.LocationParseError:
        raise EndpointFailure("invalid URL") from None
    if target.scheme not in ("http", "https") or not target.host:
        raise EndpointFailure("invalid URL")
    if params:
        query = urlencode(params)
        target = target._replace(query=f"{target.query}&{query}" if target.query else query)
    return target


def _body(response: urllib3.BaseHTTPResponse, limit: int, guard: Guard) -> bytes:
    """The whole body. The connection goes back to the pool, or is closed if the body was
    not read to its end: a half-read connection is never reused."""
    try:
        content = _read_capped(response, limit, guard)
    except BaseException as exc:
        response.close()
        response.release_conn()
        if isinstance(exc, _REQUEST_ERRORS):
            raise _failure(exc, guard, mid_response=True) from None
        raise
    response.release_conn()
    return content


def _read_capped(response: urllib3.BaseHTTPResponse, limit: int, guard: Guard) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise TooLarge("response too large")
    body = bytearray()
    # Counting decoded bytes stops compression bombs; the guard's watchdog ends a body
    # that dribbles in.
    while chunk := response.read1(_CHUNK, decode_content=True):
        body += chunk
        if len(body) > limit:
            raise TooLarge("response too large")
        if guard.fired or time.monotonic() > guard.deadline:
            raise _cut_off(guard)
    return bytes(body)


def classify(exc: BaseException, *, mid_response: bool = False) -> EndpointFailure:
    """Turn a urllib3 exception into a short, secret-free reason; ``mid_response``: it
    came while the body was read."""
    # urllib3 derives NewConnectionError from ConnectTimeoutError: look past it to its cause.
    causes = [c for c in _causes(exc) if not isinstance(c, urllib3.exceptions.NewConnectionError)]
    refused = _tunnel_refused(causes)
    if refused is not None:
        return refused
    for kinds, reason, transient in _CAUSES:
        if any(isinstance(cause, kinds) for cause in causes):
            return EndpointFailure(reason, transient=transient, retry_here=False)
    if mid_response and isinstance(exc, urllib3.exceptions.ProtocolError):
        return EndpointFailure("connection closed mid-response", transient=True, retry_here=False)
    if isinstance(exc, (*_CONNECTION_ERRORS, urllib3.exceptions.ProtocolError)):
        return EndpointFailure("connection error", transient=True, retry_here=False)
    if isinstance(exc, urllib3.exceptions.DecodeError):
        return EndpointFailure("undecodable response body")
    if isinstance(exc, _BAD_URL_ERRORS):
        return EndpointFailure("invalid URL")
    return EndpointFailure(f"request failed ({type(exc).__name__})")


def _tunnel_refused(causes: list[BaseException]) -> EndpointFailure | None:
    """The proxy's own answer to CONNECT, when it refused to open the tunnel (only its
    status code: the rest of its status line is the proxy's text)."""
    for cause in causes:
        found = _TUNNEL_REFUSED.match(str(cause)) if type(cause) is OSError else None
        if found is not None:
            code = int(found.group(1))
            meaning = _PROXY_STATUS.get(code, "the proxy refused the tunnel")
            transient = code in (502, 503, 504)  # the proxy could not reach the endpoint
            return EndpointFailure(
                f"HTTP proxy answered {code} ({meaning})", transient=transient, retry_here=False
            )
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """Walk the exceptions urllib3 wraps around the real cause."""
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
    if reply.status == 407:  # a proxy's answer (plain http has no tunnel): its text is not ours
        return EndpointFailure(f"HTTP proxy answered 407 ({_PROXY_STATUS[407]})")
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
