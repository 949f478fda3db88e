"""A loopback HTTP proxy in front of one endpoint (a JSON-RPC node or a REST API) that
injects network faults.

``FaultProxy(upstream, rate=0.3, seed=7).start()`` listens on 127.0.0.1 and forwards each
GET or POST (same path, same body) to ``upstream`` (which must be on 127.0.0.1 too), after
``latency`` seconds (a remote endpoint's round trip), except that with probability ``rate``
the request meets one of the faults below instead, chosen by a ``random.Random(seed)``.
The seed fixes the sequence of draws; which request meets which draw depends on arrival
order, which concurrent clients do not fix.

Faults (``Fault``):

* ``RESET``        the connection is reset (RST) without an answer;
* ``TIMEOUT``      no answer for ``hold`` seconds, then the connection is closed;
* ``HTTP_500``     ``500 Internal Server Error``;
* ``RATE_LIMITED`` ``429 Too Many Requests`` with ``Retry-After: <retry_after>``;
* ``TRUNCATED``    the node's answer, cut in the middle (the declared length is not met);
* ``INVALID_JSON`` ``200`` with a body that is not JSON;
* ``SLOW``         the node's answer, after ``slow`` seconds (a success, late);
* ``HANG``         the request is read and never answered (for ``hold`` seconds, then the
                   connection is closed): a hung endpoint;
* ``SLOW_HEADERS`` the node's answer, its status line and headers included, one byte every
                   ``drip`` seconds (cut off after ``hold`` seconds): every single read
                   succeeds, so only a wall-clock limit ends it;
* ``SLOW_BODY``    the status line and headers at once, then the body one byte every
                   ``drip`` seconds (cut off after ``hold`` seconds).

Two more failures need no proxy: a refused connection is a closed loopback port, and a
failed name lookup is a host such as ``nonexistent.invalid`` (RFC 2606: never resolves).

Everything is bounded: waits are fixed and short, request bodies are capped, and the
proxy refuses to run with anything but loopback addresses. ``stats`` counts what each
request met; ``requests`` is the total.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

MAX_BODY = 1_000_000
MAX_HOLD = 10.0


class Fault(StrEnum):
    """What a request can meet instead of a plain answer."""

    RESET = "reset"
    TIMEOUT = "timeout"
    HTTP_500 = "http_500"
    RATE_LIMITED = "rate_limited"
    TRUNCATED = "truncated"
    INVALID_JSON = "invalid_json"
    SLOW = "slow"
    HANG = "hang"
    SLOW_HEADERS = "slow_headers"
    SLOW_BODY = "slow_body"


ALL_FAULTS: tuple[Fault, ...] = (
    Fault.RESET,
    Fault.TIMEOUT,
    Fault.HTTP_500,
    Fault.RATE_LIMITED,
    Fault.TRUNCATED,
    Fault.INVALID_JSON,
    Fault.SLOW,
)
"""The faults of the 30 % suite (a hang is ``TIMEOUT`` there: it ends after ``hold``)."""


class QuietServer(ThreadingHTTPServer):
    """A client that hung up (a request cancelled because another endpoint answered first)
    is routine here, not a traceback on stderr."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handle_error(request, client_address)


class FaultProxy:
    """One endpoint of a chain, in front of a real node, misbehaving at a set rate."""

    def __init__(
        self,
        upstream: str,
        *,
        rate: float = 0.0,
        seed: int = 0,
        faults: Sequence[Fault] = ALL_FAULTS,
        hold: float = 1.5,
        slow: float = 0.3,
        retry_after: str = "1",
        latency: float = 0.0,
        drip: float = 0.5,
    ) -> None:
        parts = urlsplit(upstream)
        if parts.hostname != "127.0.0.1" or parts.port is None:
            raise ValueError("the fault proxy only forwards to 127.0.0.1:<port>")
        if not 0.0 <= rate <= 1.0 or not faults or not 0 < hold <= MAX_HOLD:
            raise ValueError("rate must be in [0, 1], faults non-empty, 0 < hold <= 10 s")
        if not 0.0 <= latency <= 1.0 or not 0.0 < drip <= MAX_HOLD:
            raise ValueError("latency must be in [0, 1] s, drip in (0, 10] s")
        self.upstream_port = parts.port
        self.rate = rate
        self.faults = tuple(faults)
        self.hold = hold
        self.slow = slow
        self.retry_after = retry_after
        self.latency = latency
        self.drip = drip
        self.stats: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Where clients send requests."""
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def requests(self) -> int:
        """Requests received so far."""
        with self._lock:
            return sum(self.stats.values())

    def start(self) -> FaultProxy:
        """Listen on a free loopback port; returns self."""
        self._server = QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening: new connections are refused from now on."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def draw(self) -> Fault | None:
        """The fault the next request meets (None: a plain answer), counted in ``stats``."""
        with self._lock:
            fault = self._random.choice(self.faults) if self._random.random() < self.rate else None
            self.stats[fault.value if fault else "ok"] += 1
        return fault

    def forward(self, body: bytes, method: str = "POST", path: str = "/") -> tuple[int, bytes]:
        """The upstream's status and body for this request."""
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            headers = {"Content-Type": "application/json"} if method == "POST" else {}
            connection.request(method, path, body if method == "POST" else None, headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real endpoints do
        # Headers and body go out in two writes: without TCP_NODELAY a keep-alive client's
        # delayed ACK adds ~40 ms to every answer after the first on a connection, on top of
        # ``latency`` (support/proxy.py does the same).
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._handle(b"")

        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
            self._handle(self.rfile.read(length))

        def _handle(self, body: bytes) -> None:
            fault = proxy.draw()
            if proxy.latency:
                time.sleep(proxy.latency)
            if fault is Fault.HANG:
                time.sleep(proxy.hold)
                self.close_connection = True
            elif fault in (Fault.SLOW_HEADERS, Fault.SLOW_BODY):
                self._dribble(
                    *proxy.forward(body, self.command, self.path),
                    headers_too=fault is Fault.SLOW_HEADERS,
                )
            elif fault is Fault.RESET:
                self._reset()
            elif fault is Fault.TIMEOUT:
                time.sleep(proxy.hold)
                self.close_connection = True
            elif fault is Fault.HTTP_500:
                self._send(500, b"upstream exploded", "text/plain")
            elif fault is Fault.RATE_LIMITED:
                self._send(
                    429,
                    b'{"error":"too many requests"}',
                    headers={"Retry-After": proxy.retry_after},
                )
            elif fault is Fault.INVALID_JSON:
                self._send(200, b'{"jsonrpc":"2.0","result":<html>')
            elif fault is Fault.TRUNCATED:
                status, answer = proxy.forward(body, self.command, self.path)
                self._send(status, answer[: max(1, len(answer) // 2)], declared=len(answer) + 1)
                self.close_connection = True
            else:
                if fault is Fault.SLOW:
                    time.sleep(proxy.slow)
                self._send(*proxy.forward(body, self.command, self.path))

        def _dribble(self, status: int, body: bytes, *, headers_too: bool) -> None:
            head = (
                f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            self.close_connection = True
            ends = time.monotonic() + proxy.hold
            with contextlib.suppress(OSError):
                if not headers_too:
                    self.wfile.write(head)
                    self.wfile.flush()
                for byte in head + body if headers_too else body:
                    if time.monotonic() > ends:
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(proxy.drip)

        def _send(
            self,
            status: int,
            body: bytes,
            kind: str = "application/json",
            headers: dict[str, str] | None = None,
            declared: int | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(declared if declared else len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _reset(self) -> None:
            # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def finish(self) -> None:
            with contextlib.suppress(OSError, ValueError):  # the connection was reset on purpose
                super().finish()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
