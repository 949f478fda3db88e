"""A JSON-RPC endpoint inside ``http_mock``: answers single and batch requests by method."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from support import http_mock

Handler = Callable[[str, list[Any]], Any]


class RpcFailure(Exception):
    """Raise from a handler to answer with a JSON-RPC error object."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.error: dict[str, Any] = {"code": code, "message": message}
        if data is not None:
            self.error["data"] = data


def _answer(call: dict[str, Any], handler: Handler) -> dict[str, Any]:
    try:
        return {
            "jsonrpc": "2.0",
            "id": call["id"],
            "result": handler(call["method"], call.get("params", [])),
        }
    except RpcFailure as failure:
        return {"jsonrpc": "2.0", "id": call["id"], "error": failure.error}


def serve_rpc(rsps: http_mock.HttpMock, url: str, handler: Handler) -> list[str]:
    """Route POSTs to ``url`` to ``handler``; returns the list of methods called, in order."""
    called: list[str] = []

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body)
        calls = body if isinstance(body, list) else [body]
        called.extend(c["method"] for c in calls)
        answers = [_answer(c, handler) for c in calls]
        payload = answers if isinstance(body, list) else answers[0]
        return 200, {"Content-Type": "application/json"}, json.dumps(payload)

    rsps.add_callback(http_mock.POST, url, callback=callback)
    return called


def fixture_result(path: str) -> Any:
    """The ``result`` of a recorded JSON-RPC response under tests/fixtures."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "fixtures"
    return json.loads((root / path).read_text("utf-8"))["result"]
