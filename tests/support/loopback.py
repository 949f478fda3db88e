"""The recorded-API servers of the test suite (``Esplora``, ``TronGrid``, ``SolanaNode``,
any JSON-RPC handler), served for real on 127.0.0.1, so that ``FaultProxy`` can stand in
front of them: every family's fetcher then goes through real sockets, real hangs and real
dribbles, not through ``http_mock``.

``Upstream(callback).start()`` answers each GET and POST with ``callback(request)``, the
same ``(status, headers, body)`` callbacks the ``http_mock`` mocks register;
``rpc_callback(handler)`` turns a JSON-RPC ``handler(method, params)`` into one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from support.fault_proxy import QuietServer
from support.rpc_mock import RpcFailure

Callback = Callable[[Any], tuple[int, dict[str, str], str]]
MAX_BODY = 1_000_000


@dataclass(frozen=True)
class Request:
    """What a ``http_mock`` callback reads of a request."""

    method: str
    path_url: str
    body: str
    headers: dict[str, str]


def rpc_callback(handler: Callable[[str, list[Any]], Any]) -> Callback:
    """A callback answering single and batch JSON-RPC requests with ``handler``."""

    def answer(call: dict[str, Any]) -> dict[str, Any]:
        try:
            return {
                "jsonrpc": "2.0",
                "id": call["id"],
                "result": handler(call["method"], call.get("params", [])),
            }
        except RpcFailure as failure:
            return {"jsonrpc": "2.0", "id": call["id"], "error": failure.error}

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body)
        answers = [answer(c) for c in body] if isinstance(body, list) else answer(body)
        return 200, {"Content-Type": "application/json"}, json.dumps(answers)

    return callback


class Upstream:
    """One loopback HTTP server answering with ``callback``; ``url`` + ``prefix`` is its base
    (``prefix`` such as ``/api`` when the callback expects it in the path)."""

    def __init__(self, callback: Callback, prefix: str = "") -> None:
        self._callback = callback
        self._prefix = prefix
        self._server: QuietServer | None = None
        self.requests = 0

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}{self._prefix}"

    def start(self) -> Upstream:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._answer(b"")

            def do_POST(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
                self._answer(self.rfile.read(length))

            def _answer(self, body: bytes) -> None:
                owner.requests += 1
                request = Request(self.command, self.path, body.decode(), dict(self.headers))
                status, headers, text = owner._callback(request)
                payload = text.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
