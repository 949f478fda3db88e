"""The optional Aptos API key (``APTOS_API_KEY``): ``Authorization: Bearer <key>`` on https
requests to Aptos Labs' API only, and never in any output or log.

Aptos Labs' endpoint is an `http_mock` mock that refuses the key and echoes it back, the way
providers word a bad key; the second endpoint is the recorded fullnode on 127.0.0.1, which
must answer without ever receiving the key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import http_mock
from support.aptos_node import AptosNode, fixture
from txdoctor.commands.cli import app
from txdoctor.core.redact import redact_text
from txdoctor.families.aptos.fetch_key import key_headers
from txdoctor.fetch.keys import key_headers as every_key

KEY = "aptoslabs_Ft7x2QnVd3_KcR9mWpL4sYbHe6ZuJa1G"
APTOS_LABS = "https://api.mainnet.aptoslabs.com/v1"
TRANSFER = fixture("tx_transfer_devnet.json")


def test_the_key_goes_to_aptos_labs_over_https_only() -> None:
    headers = key_headers({"APTOS_API_KEY": KEY})
    bearer = {"Authorization": f"Bearer {KEY}"}
    assert headers(APTOS_LABS + "/transactions/by_hash/0x1") == bearer
    assert headers("https://api.testnet.aptoslabs.com/v1") == bearer
    assert headers("http://api.mainnet.aptoslabs.com/v1") == {}  # never in clear text
    assert headers("https://aptoslabs.com.evil.example/v1") == {}
    assert headers("https://fullnode.example/v1") == {}
    assert headers("http://127.0.0.1:8080/v1") == {}
    assert key_headers({})(APTOS_LABS) == {}
    assert redact_text(f"key {KEY}") == "key ***"


def test_each_family_key_goes_to_its_own_provider() -> None:
    both = every_key({"APTOS_API_KEY": KEY, "TRON_PRO_API_KEY": "tron-key-5c2f0a4e8d1b"})
    assert both(APTOS_LABS) == {"Authorization": f"Bearer {KEY}"}
    assert both("https://api.trongrid.io") == {"TRON-PRO-API-KEY": "tron-key-5c2f0a4e8d1b"}
    assert both("https://rpc.ankr.com/eth") == {}


@pytest.fixture
def node() -> Any:
    recorded = AptosNode().start()
    recorded.transactions[TRANSFER["hash"]] = TRANSFER
    yield recorded
    recorded.stop()


@pytest.mark.parametrize(
    "mode",
    [["--json"], [], ["--format", "reply"], ["--format", "agent"], ["-v", "--json"]],
)
def test_the_key_never_reaches_another_host_nor_any_output(
    node: AptosNode, tmp_path: Path, mode: list[str]
) -> None:
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        f"chains:\n  aptos:\n    family: aptos\n    rpc: [{APTOS_LABS}, {node.url}]\n"
    )
    seen: list[dict[str, str]] = []

    def refuse(request: Any) -> tuple[int, dict[str, str], str]:
        seen.append(dict(request.headers))
        sent = request.headers.get("Authorization", "")
        return 401, {}, json.dumps({"message": f"Invalid API key: {sent}", "error_code": "x"})

    verbose = mode[:1] if mode[:1] == ["-v"] else []  # a global option: before the command
    rest = mode[len(verbose) :]
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru("http://127.0.0.1")
        mock.add_callback(
            http_mock.GET, re.compile(r"https://api\.mainnet\.aptoslabs\.com/.*"), refuse
        )
        run = CliRunner().invoke(
            app,
            [*verbose, "diagnose", TRANSFER["hash"], "--chains-file", str(chains), *rest],
            env={"APTOS_API_KEY": KEY, "NO_COLOR": "1"},
        )
    assert seen and all(h.get("Authorization") == f"Bearer {KEY}" for h in seen)
    assert node.headers and all("Authorization" not in h for h in node.headers)
    assert "Confirmed" in run.stdout or "CONFIRMED" in run.stdout  # the fullnode answered
    if verbose:
        assert "aptoslabs.com" in run.stderr  # the request log, with the key masked
    for text in (run.stdout, run.stderr):
        assert KEY not in text and KEY[:12] not in text and KEY[-12:] not in text
