"""A recorded Aptos fullnode on 127.0.0.1: the bodies of tests/fixtures/aptos by REST path.

``AptosNode().start()`` serves ``GET /v1`` (ledger info), ``/v1/transactions/by_hash/{h}``,
``/v1/transactions/by_version/{v}``, ``/v1/accounts/{a}`` and the APT coin store
``/v1/accounts/{a}/resource/0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>`` from what a test
put in ``transactions``, ``versions``, ``accounts`` and ``coin_stores``; anything else is the
fullnode's recorded 404. ``headers`` keeps the headers of every request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from support.loopback import Upstream

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "aptos"
JSON = {"Content-Type": "application/json"}
COIN_STORE = "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>"


def fixture(name: str) -> Any:
    """One recorded body of tests/fixtures/aptos."""
    return json.loads((FIXTURES / name).read_text())


class AptosNode:
    """The recorded fullnode: fill its maps, then point a chain at ``url``."""

    def __init__(self, ledger: str = "ledger_mainnet.json") -> None:
        self.ledger = fixture(ledger)
        self.transactions: dict[str, Any] = {}
        self.versions: dict[str, Any] = {}
        self.accounts: dict[str, Any] = {}
        self.coin_stores: dict[str, Any] = {}
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._upstream = Upstream(self._answer, prefix="/v1")

    @property
    def url(self) -> str:
        return self._upstream.url

    def start(self) -> AptosNode:
        self._upstream.start()
        return self

    def stop(self) -> None:
        self._upstream.stop()

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = unquote(request.path_url.split("?")[0].rstrip("/"))
        self.paths.append(path)
        self.headers.append(dict(request.headers))
        found: Any = None
        missing = fixture("tx_not_found.json")
        if path == "/v1":
            found = self.ledger
        elif path.startswith("/v1/transactions/by_hash/"):
            found = self.transactions.get(path.rsplit("/", 1)[1])
        elif path.startswith("/v1/transactions/by_version/"):
            found = self.versions.get(path.rsplit("/", 1)[1])
        elif path.startswith("/v1/accounts/") and path.endswith(f"/resource/{COIN_STORE}"):
            found = self.coin_stores.get(path.split("/")[3])
            missing = fixture("resource_not_found_crosschain.json")
        elif path.startswith("/v1/accounts/"):
            found = self.accounts.get(path.rsplit("/", 1)[1])
            missing = fixture("account_not_found.json")
        if found is None:
            return 404, JSON, json.dumps(missing)
        return 200, JSON, json.dumps(found)
