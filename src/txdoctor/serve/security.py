"""The rules every request passes before a route sees it, in one ASGI middleware.

In order: the Host allow-list (DNS rebinding), the body size limit, who the client is (token
or proxy user, when configured), cross-site refusal of unsafe methods, the rate limit per
client identity; then security headers on every answer and one log line per request that
names the route template, never the path's values, the query string or the body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from txdoctor.advise.i18n import LANGUAGES
from txdoctor.serve import texts
from txdoctor.serve.settings import ServeSettings
from txdoctor.serve.store import Store

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("txdoctor.serve")
SESSION_COOKIE = "txdoctor_session"
CSRF_COOKIE = "txdoctor_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
UI_LANG_COOKIE = "txdoctor_lang"
OPEN_PATHS = ("/healthz",)
"""Answered to anyone on an allowed Host (load balancers' health checks)."""
PUBLIC_PREFIXES = ("/static/", "/login")
"""Reachable before signing in (the sign-in page and its style and script)."""
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
"""The bodies an HTML form on another site can send without asking us first."""
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Client:
    """Who sent a request: ``identity`` keys the rate limit; ``agent`` is shown to the team."""

    identity: str
    agent: str
    bearer: bool  # authenticated by an Authorization header (an API client, not a browser)


def session_value(token: str) -> str:
    """The session cookie that proves the token was given (the token itself never is)."""
    return hmac.new(token.encode(), b"txdoctor-session", hashlib.sha256).hexdigest()


def content_security_policy(frame_ancestors: tuple[str, ...]) -> str:
    """Only this origin's script, style and requests; framing only by the given origins."""
    ancestors = " ".join(frame_ancestors) if frame_ancestors else "'none'"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors {ancestors}"
    )


class Guard:
    """Host check, body limit, authentication, CSRF, rate limit, headers and the log line."""

    def __init__(self, app: ASGIApp, settings: ServeSettings, store: Store) -> None:
        self.app = app
        self.settings = settings
        self.store = store
        self.hosts = {h.lower() for h in settings.hosts()}
        self.token = settings.read_token()
        self.session = session_value(self.token) if self.token else None
        self.csp = content_security_policy(settings.frame_ancestors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: list[int] = [0]
        client: Client | None = None
        headers = _headers(scope)
        lang = language_of(headers)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), *self._security_headers()]
            await send(message)

        try:
            refusal = self._host_refusal(headers, lang)
            if refusal is None:
                refusal, receive = self._size_refusal(headers, receive, lang)
            if refusal is None:
                client, refusal = self._client(scope, headers, lang)
            if refusal is None and client is not None:
                refusal = self._csrf_refusal(scope, headers, client, lang)
            if refusal is None and client is not None:
                refusal = self._rate_refusal(scope, client, lang)
            if refusal is not None:
                await refusal(scope, receive, send_secured)
                return
            scope.setdefault("state", {})["client"] = client
            try:
                await self.app(scope, receive, send_secured)
            except _BodyTooLarge:
                if status[0] == 0:
                    await _error(413, texts.TOO_LARGE, lang, limit=self.settings.max_body_bytes)(
                        scope, receive, send_secured
                    )
        finally:
            _log_request(scope, status[0], started, client)

    def _security_headers(self) -> list[tuple[bytes, bytes]]:
        pairs = [
            ("content-security-policy", self.csp),
            ("referrer-policy", "no-referrer"),
            ("x-content-type-options", "nosniff"),
            ("permissions-policy", "clipboard-write=(self)"),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
        ]
        if not self.settings.frame_ancestors:
            pairs.append(("x-frame-options", "DENY"))
        return [(k.encode(), v.encode()) for k, v in pairs]

    def _host_refusal(self, headers: dict[str, str], lang: str) -> ASGIApp | None:
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() in self.hosts:
            return None
        return _error(400, texts.BAD_HOST, lang)

    def _size_refusal(
        self, headers: dict[str, str], receive: Receive, lang: str
    ) -> tuple[ASGIApp | None, Receive]:
        limit = self.settings.max_body_bytes
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return _error(413, texts.TOO_LARGE, lang, limit=limit), receive
        seen = 0

        async def counted() -> Message:  # a chunked body is counted as it arrives
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _BodyTooLarge
            return message

        return None, counted

    def _client(
        self, scope: Scope, headers: dict[str, str], lang: str
    ) -> tuple[Client | None, ASGIApp | None]:
        path = scope["path"]
        address = (scope.get("client") or ("local", 0))[0]
        if self.settings.trusted_user_header:
            user = headers.get(self.settings.trusted_user_header.lower(), "").strip()
            if user:
                return Client("user:" + user[:200], user[:200], False), None
        if self.token:
            bearer = headers.get("authorization", "")
            if bearer.startswith("Bearer ") and hmac.compare_digest(
                bearer[7:].strip().encode(), self.token.encode()
            ):
                return Client("ip:" + address, "", True), None
            cookie = _cookies(headers).get(SESSION_COOKIE, "")
            assert self.session is not None
            if cookie and hmac.compare_digest(cookie.encode(), self.session.encode()):
                return Client("ip:" + address, "", False), None
        if not self.token and not self.settings.trusted_user_header:
            return Client("ip:" + address, "", False), None
        if path in OPEN_PATHS or path.startswith(PUBLIC_PREFIXES):
            return Client("ip:" + address, "", False), None
        if scope["method"] == "GET" and not path.startswith("/api/") and self.token:
            return None, _redirect("/login")
        return None, _error(401, texts.UNAUTHORIZED, lang)

    def _csrf_refusal(
        self, scope: Scope, headers: dict[str, str], client: Client, lang: str
    ) -> ASGIApp | None:
        """Unsafe methods from another site are refused (Fetch Metadata, then Origin); a
        browser that sends neither must prove the page is ours with the double-submit token
        (checked by the form's route); API clients with a bearer token carry no cookies."""
        if scope["method"] in SAFE_METHODS or client.bearer:
            return None
        site = headers.get("sec-fetch-site")
        if site is not None:
            return None if site in ("same-origin", "none") else _error(403, texts.CROSS_SITE, lang)
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin)
            same = parts.scheme in ("http", "https") and parts.netloc == headers.get("host")
            return None if same else _error(403, texts.CROSS_SITE, lang)
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        if kind in FORM_TYPES or kind == "":
            scope.setdefault("state", {})["csrf_token_required"] = True
        return None

    def _rate_refusal(self, scope: Scope, client: Client, lang: str) -> ASGIApp | None:
        path = scope["path"]
        if path in OPEN_PATHS or path.startswith("/static/"):
            return None
        wait = self.store.hit(client.identity, self.settings.rate_limit, 60.0)
        if wait is None:
            return None
        seconds = int(wait + 0.999)
        return _error(
            429, texts.RATE_LIMITED, lang, extra=[("retry-after", str(seconds))], seconds=seconds
        )


class _BodyTooLarge(Exception):
    """A body grew past the limit while it was read."""


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(headers: Mapping[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no cookie at all
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def language_of(headers: Mapping[str, str]) -> str:
    """The agent's language: their saved choice, else their browser's, else English."""
    saved = _cookies(headers).get(UI_LANG_COOKIE)
    if saved in LANGUAGES:
        return saved
    from txdoctor.advise.i18n import resolve_language

    first = headers.get("accept-language", "").split(",")[0].split(";")[0].strip()
    return resolve_language(first or "en", environ={})


def _error(
    status: int,
    message: str,
    lang: str,
    extra: list[tuple[str, str]] | None = None,
    **fields: object,
) -> ASGIApp:
    """An ASGI app answering ``{"error": {"status", "message"}}`` in ``lang``."""
    body = json.dumps(
        {"error": {"status": status, "message": texts.say(lang)(message, **fields)}},
        ensure_ascii=False,
    ).encode()

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            *((k.encode(), v.encode()) for k, v in extra or []),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return answer


def _redirect(location: str) -> ASGIApp:
    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", location.encode()), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    return answer


def _log_request(scope: Scope, status: int, started: float, client: Client | None) -> None:
    """One line: method, route template (never the path's values or the query), status,
    duration, identity and what the route chose to add (input count, verdict codes)."""
    route = scope.get("route")
    template = getattr(route, "path", None) or (
        "/static/…" if scope.get("path", "").startswith("/static/") else "(no route)"
    )
    state = scope.get("state") or {}
    extra = " ".join(f"{k}={v}" for k, v in state.get("log", {}).items())
    who = client.identity if client else "-"
    log.info(
        "%s %s %d %.0fms %s %s",
        scope.get("method"),
        template,
        status,
        (time.perf_counter() - started) * 1000,
        who,
        extra,
    )
