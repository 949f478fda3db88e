"""A recorded EOS API on 127.0.0.1: chain API and Hyperion, bodies from tests/fixtures/eos.

``EosNode().start()`` answers ``POST /v1/chain/get_info`` (``info``),
``POST /v1/chain/get_account`` (``accounts``, else the node's recorded 400 for an unknown
account) and, unless ``history=False`` (a plain chain API, which answers 404 there),
``GET /v2/history/get_transaction?id=`` (``transactions``, else Hyperion's "not executed"
answer for that id). ``calls`` lists what was asked, in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from support.loopback import Upstream

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eos"
JSON = {"Content-Type": "application/json"}


def fixture(name: str) -> Any:
    """One recorded (or marked assembled) body of tests/fixtures/eos."""
    return json.loads((FIXTURES / name).read_text())


class EosNode:
    """The recorded EOS API: fill its maps, then point a chain at ``url``."""

    def __init__(self, info: str = "info_mainnet.json", *, history: bool = True) -> None:
        self.info = fixture(info)
        self.history = history
        self.transactions: dict[str, Any] = {}
        self.accounts: dict[str, Any] = {}
        self.calls: list[str] = []
        self._upstream = Upstream(self._answer)

    @property
    def url(self) -> str:
        return self._upstream.url

    @property
    def upstream(self) -> Upstream:
        """The loopback server itself (for suites that stop upstreams they are given)."""
        return self._upstream

    def start(self) -> EosNode:
        self._upstream.start()
        return self

    def stop(self) -> None:
        self._upstream.stop()

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        parts = urlsplit(request.path_url)
        path = parts.path.rstrip("/")
        if path == "/v2/history/get_transaction" and self.history:
            tx_id = (parse_qs(parts.query).get("id") or [""])[0]
            self.calls.append(f"history {tx_id}")
            return 200, JSON, json.dumps(self.transactions.get(tx_id) or self._unknown(tx_id))
        if path == "/v1/chain/get_info" and request.method == "POST":
            self.calls.append("get_info")
            return 200, JSON, json.dumps(self.info)
        if path == "/v1/chain/get_account" and request.method == "POST":
            name = json.loads(request.body or "{}").get("account_name", "")
            self.calls.append(f"get_account {name}")
            if name in self.accounts:
                return 200, JSON, json.dumps(self.accounts[name])
            return 400, JSON, json.dumps(fixture("account_unknown_leap.json"))
        self.calls.append(f"404 {path}")
        return 404, JSON, json.dumps({"message": "Route not found", "statusCode": 404})

    def _unknown(self, tx_id: str) -> Any:
        body = fixture("tx_not_found_assembled.json")
        return {**body, "trx_id": tx_id}
