"""A small HTTP proxy on 127.0.0.1 in front of a JSON-RPC node: latency, counting, throttling.

Used by the tests (a 429-throttled endpoint, counting requests) and by ``bench/`` (a remote
endpoint's round trip, default 50 ms). It only listens on loopback and only forwards to a
loopback URL; bodies are capped, every request is answered within a bound, and the server
stops by itself after ``lifetime`` seconds even if nobody calls ``stop()``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import urllib3

from support.fault_proxy import QuietServer

MAX_BODY = 16_000_000
UPSTREAM_TIMEOUT = 30.0
DEFAULT_LIFETIME = 1800.0

# Given the request number (1-based) and the parsed body: None to forward, or
# (status, headers, body) to answer instead.
Throttle = Callable[[int, Any], tuple[int, dict[str, str], bytes] | None]


class RpcProxy:
    """Forwards POSTs to ``upstream`` after ``latency`` seconds; counts what it saw."""

    def __init__(
        self,
        upstream: str,
        *,
        latency: float = 0.0,
        throttle: Throttle | None = None,
        lifetime: float = DEFAULT_LIFETIME,
    ) -> None:
        if urlsplit(upstream).hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("the proxy only forwards to a loopback node")
        self.upstream = upstream
        self.latency = latency
        self.throttle = throttle
        self.requests = 0  # HTTP requests received
        self.calls = 0  # JSON-RPC calls inside them
        self.times: list[float] = []  # monotonic arrival time of each request
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._http = urllib3.PoolManager(maxsize=16, retries=False)  # no env proxy: loopback
        self._server = QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True

    def start(self) -> Self:
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._http.clear()

    def reset(self) -> None:
        with self._lock:
            self.requests = self.calls = self.max_in_flight = 0
            self.times = []

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _count(self, body: Any) -> int:
        with self._lock:
            self.requests += 1
            self.calls += len(body) if isinstance(body, list) else 1
            self.times.append(time.monotonic())
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.requests

    def _done(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without TCP_NODELAY a keep-alive
            # client's delayed ACK adds ~40 ms to every answer on top of ``latency``.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._reply(413, {}, b"too large")
                    return
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                number = proxy._count(body)
                try:
                    if proxy.latency:
                        time.sleep(proxy.latency)
                    answer = proxy.throttle(number, body) if proxy.throttle else None
                    if answer is None:
                        upstream = proxy._http.request(
                            "POST",
                            proxy.upstream,
                            body=raw,
                            timeout=UPSTREAM_TIMEOUT,
                            headers={"Content-Type": "application/json"},
                        )
                        answer = (upstream.status, {}, upstream.data)
                    self._reply(*answer)
                finally:
                    proxy._done()

            def _reply(self, status: int, headers: dict[str, str], content: bytes) -> None:
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
