"""An Esplora / mempool.space REST server inside ``http_mock``, answered from
tests/fixtures/bitcoin (each body's source is in that folder's README.md).

Unknown paths answer as the real servers do: 404 with the plain-text body
"Transaction not found" for an unknown transaction, "Not Found" for a route the server
lacks (blockstream.info has none of mempool.space's ``/v1`` routes).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support import http_mock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bitcoin"
MEMPOOL = "https://mempool.space/api"
BLOCKSTREAM = "https://blockstream.info/api"

# The real RBF pair of mempool/mempool's frontend fixtures (details_rbf): 242f3fff… paid
# 2.6 sat/vB and was replaced by b6a53d8a… (4.29 sat/vB), mined in block 890448.
REPLACED_TXID = "242f3fff9ca7d5aea7a7a57d886f3fa7329e24fac948598a991b3a3dd631cd29"
REPLACEMENT_TXID = "b6a53d8a8025c0c5b194345925a99741b645cae0b1f180f0613273029f2bf698"
SPENT_OUTPOINT = ("fb16c141d22a3a7af5e44e7478a8663866c35d554cd85107ec8a99b97e5a72e9", 0)
REPLACEMENT_BLOCK = 890448


def fixture(name: str) -> Any:
    """One fixture body, parsed (a fresh copy each time)."""
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Esplora:
    """What one mocked explorer knows; tests fill it, then ``serve`` it."""

    base: str = MEMPOOL
    txs: dict[str, Any] = field(default_factory=dict)  # txid -> /tx/:txid body
    tip: int | None = None  # /blocks/tip/height
    outspends: dict[tuple[str, int], Any] = field(default_factory=dict)
    recommended: Any = None  # /v1/fees/recommended body (None: route missing)
    estimates: Any = None  # /fee-estimates body (None: 404)
    cpfp: dict[str, Any] = field(default_factory=dict)  # txid -> /v1/cpfp body
    rbf: dict[str, Any] | None = None  # txid -> /v1/tx/:txid/rbf body (None: route missing)
    addresses: dict[str, Any] = field(default_factory=dict)
    address_txs: dict[str, Any] = field(default_factory=dict)
    blocks: dict[str, Any] = field(default_factory=dict)  # block hash -> /block/:hash body
    failing: dict[str, int] = field(default_factory=dict)  # path regex -> HTTP status
    calls: list[str] = field(default_factory=list)

    def add_tx(self, name: str) -> str:
        """Serve a transaction fixture; returns its txid."""
        body = fixture(name)
        self.txs[body["txid"]] = body
        return str(body["txid"])

    def serve(self, rsps: http_mock.HttpMock) -> Esplora:
        """Register the callback for every GET under ``base``; returns self."""
        pattern = re.compile(re.escape(self.base.rstrip("/")) + r"/.*")
        rsps.add_callback(http_mock.GET, pattern, callback=self._get)
        return self

    def _get(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = request.path_url.split("?")[0].removeprefix("/api")
        self.calls.append(path)
        for failing, status in self.failing.items():
            if re.fullmatch(failing, path):
                return status, {"Content-Type": "text/plain"}, "Internal Server Error"
        answer = self._answer(path)
        if isinstance(answer, tuple):
            return 404, {"Content-Type": "text/plain"}, answer[0]
        body = answer if isinstance(answer, str) else json.dumps(answer)
        return 200, {"Content-Type": "application/json"}, body

    def _answer(self, path: str) -> Any:
        parts = path.strip("/").split("/")
        if parts[0] == "tx" and len(parts) == 2:
            return (
                copy.deepcopy(self.txs[parts[1]])
                if parts[1] in self.txs
                else ("Transaction not found",)
            )
        if parts[0] == "tx" and len(parts) == 4 and parts[2] == "outspend":
            return self.outspends.get((parts[1], int(parts[3])), {"spent": False})
        if parts[0] == "block" and len(parts) == 2 and parts[1] in self.blocks:
            return self.blocks[parts[1]]
        if path == "/blocks/tip/height" and self.tip is not None:
            return str(self.tip)  # the real server answers a bare number as text
        if path == "/v1/fees/recommended" and self.recommended is not None:
            return self.recommended
        if path == "/fee-estimates" and self.estimates is not None:
            return self.estimates
        if parts[:2] == ["v1", "cpfp"] and parts[2] in self.cpfp:
            return self.cpfp[parts[2]]
        if parts[:2] == ["v1", "cpfp"] and self.rbf is not None:
            return ("Transaction has no CPFP info available.",)
        if parts[:2] == ["v1", "tx"] and parts[-1] == "rbf" and self.rbf is not None:
            return self.rbf.get(parts[2], fixture("rbf_unknown.json"))
        if parts[0] == "address" and len(parts) == 2 and parts[1] in self.addresses:
            return self.addresses[parts[1]]
        if parts[0] == "address" and parts[2:] == ["txs"] and parts[1] in self.address_txs:
            return self.address_txs[parts[1]]
        if parts[0] == "block":
            return ("Block not found",)
        return ("Not Found",)
