"""What leaves the machine: requests only to configured endpoints, carrying only the question.

`http_mock` records every request txdoctor tries, including any to a URL nobody
registered; each test then checks where the requests went and what they held.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import assert_clean_exit, chain_entry, run_cli

from support import http_mock
from support.rpc_mock import serve_rpc

RPC_A = "https://a.scope.test/"
RPC_B = "https://b.scope.test/rpc"
TX = "0x" + "9c" * 32
ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
READ_ONLY = {
    "eth_chainId",
    "eth_blockNumber",
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_getCode",
    "eth_call",
    "eth_feeHistory",
    "eth_getBlockByNumber",
    "eth_gasPrice",
    "eth_maxPriorityFeePerGas",
    "txpool_content",
    "txpool_contentFrom",
    "eth_getLogs",
}


def empty(method: str, params: list[Any]) -> Any:
    return {
        "eth_chainId": "0x1",
        "eth_blockNumber": "0x100",
        "eth_getBalance": "0x0",
        "eth_getTransactionCount": "0x0",
        "eth_getCode": "0x",
    }.get(method)


@pytest.fixture
def chains(chains_yaml: Callable[..., Path]) -> Path:
    return chains_yaml({"ethereum": chain_entry([RPC_A]), "bsc": chain_entry([RPC_B], chain_id=1)})


@pytest.mark.parametrize("value", [TX, ADDRESS, f"https://etherscan.io/tx/{TX}"])
def test_requests_go_only_to_the_configured_endpoints_and_only_read(
    chains: Path, value: str
) -> None:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        serve_rpc(mock, RPC_A, empty)
        serve_rpc(mock, RPC_B, empty)
        run = run_cli(
            "diagnose",
            value,
            "--json",
            "--chains-file",
            str(chains),
            env={"ETHERSCAN_API_KEY": "", "TRON_PRO_API_KEY": ""},
        )
        calls = list(mock.calls)
    assert_clean_exit(run)
    assert calls and {c.request.url for c in calls} <= {RPC_A, RPC_B}
    for call in calls:
        headers = call.request.headers
        assert "Cookie" not in headers and "Authorization" not in headers
        assert headers["User-Agent"].startswith("txdoctor/")
        body = json.loads(call.request.body)
        methods = {c["method"] for c in (body if isinstance(body, list) else [body])}
        assert methods <= READ_ONLY, methods  # never a method that sends or signs
        # What the endpoint learns: the value asked about, nothing of the user's besides.
        asked = set(re.findall(r"0x[0-9a-fA-F]{40,64}", call.request.body.decode()))
        assert {a.lower() for a in asked} <= {TX, ADDRESS.lower()}, asked


def test_invalid_input_and_secrets_send_nothing_at_all(chains: Path) -> None:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        run = run_cli(
            "diagnose",
            "0x1234",
            "hello",
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2n"
            "Rk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
            "--json",
            "--chains-file",
            str(chains),
        )
        assert len(mock.calls) == 0
    assert_clean_exit(run)
    assert run.code == 2
