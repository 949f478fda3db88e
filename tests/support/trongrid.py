"""TronGrid inside ``http_mock``: full-node POSTs and v1 GETs answered from tests/fixtures/tron.

Every body served is a fixture file (its source is in tests/fixtures/tron/README.md), or
``{}`` where the real API answers ``{}`` (an unknown transaction, an unactivated account).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support import http_mock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tron"
BASE = "https://api.trongrid.io"
USDT_HEX = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"


def fixture(name: str) -> Any:
    """One fixture body, parsed (a fresh copy each time)."""
    return json.loads((FIXTURES / name).read_text())


def block(number: int) -> dict[str, Any]:
    """A ``getblock`` answer (header only) for block ``number``."""
    body: dict[str, Any] = fixture("getblock_template.json")
    body["block_header"]["raw_data"]["number"] = number
    return body


@dataclass
class TronGrid:
    """What the mocked TronGrid knows; tests fill it, then ``serve`` it."""

    base: str = BASE
    txs: dict[str, Any] = field(default_factory=dict)  # txid -> gettransactionbyid body
    infos: dict[str, Any] = field(default_factory=dict)  # txid -> gettransactioninfobyid body
    head: int = 0
    solidified: int = 0
    constants: dict[tuple[str, str], Any] = field(default_factory=dict)  # (contract, data)
    accounts: dict[str, Any] = field(default_factory=dict)  # hex address -> getaccount body
    resources: dict[str, Any] = field(default_factory=dict)  # hex address -> resources
    v1_accounts: dict[str, Any] = field(default_factory=dict)  # T… -> /v1/accounts body
    v1_trc20: dict[str, Any] = field(default_factory=dict)  # T… -> trc20 history body
    refuse_with: int | None = None  # answer every request with this status (rate limit)
    calls: list[str] = field(default_factory=list)
    headers_seen: list[dict[str, str]] = field(default_factory=list)

    def add_tx(self, tx_file: str, info_file: str | None) -> str:
        """Serve a transaction (and its receipt); returns its id."""
        tx = fixture(tx_file)
        self.txs[tx["txID"]] = tx
        if info_file is not None:
            self.infos[tx["txID"]] = fixture(info_file)
        return str(tx["txID"])

    def add_token(self, contract_hex: str, name: str) -> None:
        """Serve ``symbol()``, ``name()``, ``decimals()`` of a token from its fixtures."""
        for selector, function in (
            ("95d89b41", "symbol"),
            ("06fdde03", "name"),
            ("313ce567", "decimals"),
        ):
            self.constants[(contract_hex, selector)] = fixture(
                f"triggerconstantcontract_{function}_{name}.json"
            )

    def serve(self, rsps: http_mock.HttpMock) -> TronGrid:
        """Register the callbacks; returns self for chaining."""
        base = re.escape(self.base.rstrip("/"))
        rsps.add_callback(
            http_mock.POST, re.compile(base + r"/(wallet|walletsolidity)/\w+"), callback=self._post
        )
        rsps.add_callback(http_mock.GET, re.compile(base + r"/v1/.*"), callback=self._get)
        return self

    def _reply(self, request: Any, path: str, body: Any) -> tuple[int, dict[str, str], str]:
        self.calls.append(path)
        self.headers_seen.append(dict(request.headers))
        if self.refuse_with is not None:
            return (
                self.refuse_with,
                {"Content-Type": "application/json"},
                json.dumps(fixture("rate_limited_403_fullnode.json")),
            )
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _post(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = request.path_url.split("?")[0].lstrip("/")
        args = json.loads(request.body or "{}")
        return self._reply(request, path, self._answer(path, args))

    def _answer(self, path: str, args: dict[str, Any]) -> Any:
        endpoint = path.split("/", 1)[1]
        if endpoint == "gettransactionbyid":
            return self.txs.get(args["value"], {})
        if endpoint == "gettransactioninfobyid":
            return self.infos.get(args["value"], {})
        if endpoint in ("getblock", "getnowblock"):
            return block(self.solidified if path.startswith("walletsolidity") else self.head)
        if endpoint == "getchainparameters":
            return fixture("getchainparameters.json")
        if endpoint == "triggerconstantcontract":
            return self._constant(args)
        if endpoint == "getaccount":
            return copy.deepcopy(self.accounts.get(args["address"], {}))
        if endpoint == "getaccountresource":
            return copy.deepcopy(self.resources.get(args["address"], {}))
        raise AssertionError(f"unexpected call {path}")

    def _constant(self, args: dict[str, Any]) -> Any:
        contract = args["contract_address"]
        if args.get("function_selector") == "balanceOf(address)":
            answer = fixture("triggerconstantcontract_decimals_usdt_real.json")
            answer["constant_result"] = ["0" * 64]
            return answer
        return self.constants.get(
            (contract, args.get("data", "")),
            {
                "result": {
                    "code": "CONTRACT_VALIDATE_ERROR",
                    "message": "536d61727420636f6e7472616374206973206e6f742065786973742e",
                },
                "transaction": {"ret": [{}]},
            },
        )

    def _get(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = request.path_url.split("?")[0].lstrip("/")
        parts = path.split("/")
        if path.endswith("/transactions/trc20"):
            body = self.v1_trc20.get(
                parts[2], {"data": [], "success": True, "meta": {"at": 1, "page_size": 0}}
            )
        else:
            body = self.v1_accounts.get(parts[2], fixture("v1_accounts_not_activated.json"))
        return self._reply(request, path, body)
