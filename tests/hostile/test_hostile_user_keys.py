"""The user's own secrets (API keys in RPC URLs and in the environment) never show.

Every request really happens: RPC endpoints are loopback servers on URLs such as
``http://127.0.0.1:PORT/v3/<32 hex>``, which echo the key back in their errors the way
providers do ("invalid project id …"); Etherscan and TronGrid are `http_mock` mocks that
echo the key they were sent. The key must then appear in no output of any command or
format (human, JSON, reply, Markdown, `chains`, `chains --check`, `batch` files), and an
environment key must go to its own provider only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import LoopbackRpc, Run, assert_clean_exit, chain_entry, run_cli

from support import http_mock

INFURA_KEY = "9aa3d95b3bc440fa88ea12eaa4456161"
OTHER_KEY = "1f2e3d4c5b6a79881f2e3d4c5b6a7988"
ETHERSCAN_KEY = "QX7Z2M4KDT9H1PAYW3EVC8N6RB5SUJ0G"
TRON_KEY = "5c2f0a4e-8d1b-4f3a-9c6e-7b2d1e0f4a93"
PASSWORD = "hunter2-Pa55w0rd"
TX = "0x" + "42" * 32
ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


def echoing_refusal(path: str) -> tuple[int, dict[str, str], bytes]:
    """What a provider says to a bad key: the key, back, in the message."""
    body = {
        "jsonrpc": "2.0",
        "id": None,
        "error": {
            "code": -32002,
            "message": f"invalid project id {path.rsplit('/', 1)[-1]} (http://127.0.0.1{path})",
        },
    }
    return 401, {}, json.dumps(body).encode()


def not_found(method: str, params: list[Any]) -> Any:
    return {
        "eth_chainId": "0x1",
        "eth_blockNumber": "0x1000",
        "eth_getBalance": "0x0",
        "eth_getTransactionCount": "0x0",
        "eth_getCode": "0x",
    }.get(method)


def assert_no_key(text: str, *keys: str) -> None:
    for key in keys:
        assert key not in text, f"key {key[:6]}… shown"
        assert key[:12] not in text and key[-12:] not in text


@pytest.fixture
def refusing(loopback: Callable[..., LoopbackRpc]) -> LoopbackRpc:
    server = loopback(path=f"/v3/{INFURA_KEY}")
    server.raw = echoing_refusal(f"/v3/{INFURA_KEY}")
    return server


def cli(*args: str, env: dict[str, str] | None = None) -> Run:
    run = run_cli(*args, env=env)
    assert_clean_exit(run)
    return run


@pytest.mark.parametrize(
    "mode",
    [
        ["--json"],
        ["--color", "always"],
        ["--format", "reply"],
        ["--format", "markdown"],
        ["--debug", "--json"],
    ],
)
def test_key_in_an_rpc_path_never_shows_in_diagnose(
    refusing: LoopbackRpc, mode: list[str], chains_yaml: Callable[..., Path]
) -> None:
    chains = chains_yaml({"ethereum": chain_entry([refusing.url])})
    args = (
        ["--debug", "diagnose", TX, *mode[1:]] if mode[0] == "--debug" else ["diagnose", TX, *mode]
    )
    run = cli(*args, "--chains-file", str(chains), env={"NO_COLOR": ""})
    assert refusing.seen and refusing.seen[0].path == f"/v3/{INFURA_KEY}"  # really asked
    assert run.code == 3
    assert_no_key(run.both, INFURA_KEY)
    if mode == ["--json"]:
        reasons = run.json_lines()[0]["findings"][0]["params"]["reasons"]
        # The server's message quoted the key: dropped, not merely masked.
        assert "HTTP 401 (server message withheld" in reasons


@pytest.mark.parametrize(
    "args",
    [["chains"], ["chains", "--json"], ["chains", "--check"], ["chains", "--check", "--json"]],
)
def test_key_in_an_rpc_path_never_shows_in_chains(
    refusing: LoopbackRpc, args: list[str], chains_yaml: Callable[..., Path]
) -> None:
    chains = chains_yaml({"ethereum": chain_entry([refusing.url])})
    run = cli(*args, "--chains-file", str(chains), env={"COLUMNS": "250"})
    assert_no_key(run.both, INFURA_KEY)
    assert f"{refusing.url.split('/v3/')[0]}/…" in run.out
    if "--check" in args:
        assert refusing.seen  # the check really went out


def test_keys_in_userinfo_and_query_never_show(
    loopback: Callable[..., LoopbackRpc], chains_yaml: Callable[..., Path]
) -> None:
    server = loopback(handler=not_found)
    port = server.url.split(":")[2].rstrip("/")
    url = f"http://alice:{PASSWORD}@127.0.0.1:{port}/rpc?apikey={OTHER_KEY}&chain=1"
    chains = chains_yaml({"ethereum": chain_entry([url, f"http://127.0.0.1:9/v3/{INFURA_KEY}"])})
    for args in (
        ["diagnose", TX, "--json"],
        ["diagnose", TX],
        ["chains", "--json"],
        ["chains", "--check"],
        ["diagnose", ADDRESS, "--json"],
    ):
        run = cli(*args, "--chains-file", str(chains), "--timeout", "2")
        assert_no_key(run.both, PASSWORD, OTHER_KEY, INFURA_KEY)
    assert server.seen  # the keyed endpoint really answered


def test_endpoint_names_in_findings_are_redacted(
    loopback: Callable[..., LoopbackRpc], chains_yaml: Callable[..., Path]
) -> None:
    # A lagging endpoint and one on another chain: both are named in findings.
    behind = loopback(
        handler=lambda m, p: {**{"eth_blockNumber": "0x10"}}.get(m, not_found(m, p)),
        path=f"/v3/{INFURA_KEY}",
    )
    ahead = loopback(handler=not_found, path=f"/v2/{OTHER_KEY}")
    wrong = loopback(
        handler=lambda m, p: "0x38" if m == "eth_chainId" else not_found(m, p),
        path=f"/key/{ETHERSCAN_KEY}",
    )
    chains = chains_yaml({"ethereum": chain_entry([wrong.url, behind.url, ahead.url])})
    run = cli("diagnose", TX, "--json", "--chains-file", str(chains))
    codes = [f["code"] for f in run.json_lines()[0]["findings"]]
    assert {"ENDPOINT_WRONG_CHAIN", "ENDPOINT_LAGGING"} <= set(codes), codes
    assert_no_key(run.both, INFURA_KEY, OTHER_KEY, ETHERSCAN_KEY)
    human = cli("diagnose", TX, "--chains-file", str(chains))
    assert "Endpoint behind" in human.out
    assert_no_key(human.both, INFURA_KEY, OTHER_KEY, ETHERSCAN_KEY)


def test_batch_files_hold_no_key(
    refusing: LoopbackRpc, chains_yaml: Callable[..., Path], tmp_path: Path
) -> None:
    chains = chains_yaml({"ethereum": chain_entry([refusing.url])})
    source = tmp_path / "in.txt"
    source.write_text(f"{TX}\n")
    for fmt in ("jsonl", "csv", "reply", "markdown"):
        out = tmp_path / f"out.{fmt}"
        run = cli(
            "batch", str(source), "--out", str(out), "--format", fmt, "--chains-file", str(chains)
        )
        assert_no_key(out.read_text() + run.both, INFURA_KEY)


def test_etherscan_key_goes_to_etherscan_only_and_never_shows(
    loopback: Callable[..., LoopbackRpc], chains_yaml: Callable[..., Path]
) -> None:
    rpc = loopback(handler=not_found)
    chains = chains_yaml({"ethereum": chain_entry([rpc.url])})
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru("http://127.0.0.1")
        mock.add(
            http_mock.GET,
            re.compile(r"https://api\.etherscan\.io/v2/api.*"),
            json={
                "status": "0",
                "message": "NOTOK",
                "result": f"Invalid API Key (#err2)|{ETHERSCAN_KEY}",
            },
        )
        runs = [
            cli(
                "diagnose",
                ADDRESS,
                *mode,
                "--chains-file",
                str(chains),
                env={"ETHERSCAN_API_KEY": ETHERSCAN_KEY},
            )
            for mode in (["--json"], [], ["--format", "reply"])
        ]
        sent = [call.request.url for call in mock.calls if "etherscan" in call.request.url]
    assert sent and all(f"apikey={ETHERSCAN_KEY}" in url for url in sent)
    assert ETHERSCAN_KEY not in rpc.bodies() + "".join(str(s.headers) + s.path for s in rpc.seen)
    for run in runs:
        assert_no_key(run.both, ETHERSCAN_KEY)
    assert "Etherscan" in json.dumps(runs[0].json_lines())  # its refusal is reported, masked


TRON_TX = "4c0a4c1a7b3e3f5a1e8c6f0b9d2a4e7c1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a"


def _tron_chains(chains_yaml: Callable[..., Path], url: str) -> Path:
    return chains_yaml(
        {
            "tron": {
                "family": "tron",
                "rpc": [url],
                "confirmations": 19,
                "block_time": 3,
                "native": "TRX",
                "native_decimals": 6,
                "explorer": "https://tronscan.org/#/transaction/{hash}",
            }
        }
    )


def test_tron_key_goes_to_trongrid_only_and_never_shows(
    chains_yaml: Callable[..., Path],
) -> None:
    chains = _tron_chains(chains_yaml, "https://api.trongrid.io")
    seen: list[dict[str, str]] = []

    def refuse(request: Any) -> tuple[int, dict[str, str], str]:
        seen.append(dict(request.headers))
        key = request.headers.get("TRON-PRO-API-KEY", "")
        return 401, {}, json.dumps({"Error": f"ApiKey '{key}' does not exist"})

    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        for method in (http_mock.GET, http_mock.POST):
            mock.add_callback(method, re.compile(r"https://api\.trongrid\.io/.*"), callback=refuse)
        runs = [
            cli(
                "diagnose",
                TRON_TX,
                *mode,
                "--chains-file",
                str(chains),
                env={"TRON_PRO_API_KEY": TRON_KEY},
            )
            for mode in (["--json"], [], ["--format", "markdown"])
        ]
    assert seen and all(h.get("TRON-PRO-API-KEY") == TRON_KEY for h in seen)
    for run in runs:
        assert run.code == 3
        assert_no_key(run.both, TRON_KEY)


def test_tron_key_is_not_sent_to_another_tron_endpoint(
    loopback: Callable[..., LoopbackRpc], chains_yaml: Callable[..., Path]
) -> None:
    other = loopback(raw=(500, {}, b'{"Error":"down"}'))
    chains = _tron_chains(chains_yaml, other.url.rstrip("/"))
    run = cli(
        "diagnose",
        TRON_TX,
        "--json",
        "--chains-file",
        str(chains),
        "--timeout",
        "2",
        env={"TRON_PRO_API_KEY": TRON_KEY},
    )
    assert other.seen, run.both  # it was asked, without the key
    assert all(TRON_KEY not in str(s.headers) + s.body.decode() for s in other.seen)
    assert_no_key(run.both, TRON_KEY)
