"""Strings from a chain or an endpoint are strangers' text: shown inert and bounded.

A failed transaction's revert reason is whatever its contract chose to say, and an endpoint's
error message is whatever its server chose to send. Both are served here (real Ethereum
mainnet transaction and receipt bodies, a mocked replay) with terminal escapes, OSC 8
hyperlinks, rich markup, bidi overrides and 10,000-character texts, then rendered by the
real CLI with colour forced on, as JSON, and as the paste-ready reply formats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eth_abi.abi import encode
from hostile_support import (
    HOSTILE,
    OSC8_LINK,
    SGR,
    UNSAFE,
    Run,
    assert_clean_exit,
    assert_inert,
    assert_only_our_links,
    chain_entry,
    run_cli,
)

from support import http_mock
from support.rpc_mock import RpcFailure, fixture_result, serve_rpc

RPC = "https://rpc.strings.test/"
TX = "0xec080b91deea33830c3e626201662243c66c1f3d10da01f32c4cb0ebf395012a"
TX_FILE = "evm-mainnet/eth_getTransactionByHash_eip1559_universal_router_failed_0xec080b91.json"
RECEIPT_FILE = (
    "evm-mainnet/eth_getTransactionReceipt_eip1559_universal_router_failed_status0_0xec080b91.json"
)
ERROR_STRING = "0x08c379a0"


def revert_data(reason: str) -> str:
    return ERROR_STRING + encode(["string"], [reason]).hex()


def failed_tx_chain(replay: RpcFailure) -> Callable[[str, list[Any]], Any]:
    def handler(method: str, params: list[Any]) -> Any:
        answers = {"eth_chainId": "0x1", "eth_blockNumber": hex(18_000_100)}
        if method in answers:
            return answers[method]
        if method == "eth_getTransactionByHash":
            return fixture_result(TX_FILE)
        if method == "eth_getTransactionReceipt":
            return fixture_result(RECEIPT_FILE)
        if method == "eth_call" and "from" in params[0]:  # the replay of the failed call
            raise replay
        return "0x"  # token metadata and code lookups: nothing there

    return handler


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import yaml

    path = tmp_path_factory.mktemp("strings") / "chains.yaml"
    path.write_text(yaml.safe_dump({"chains": {"ethereum": chain_entry([RPC])}}))
    return path


def diagnose(chains: Path, handler: Callable[[str, list[Any]], Any], fmt: str) -> Run:
    mode = {"human": ["--color", "always"], "json": ["--json"]}.get(fmt, ["--format", fmt])
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        serve_rpc(mock, RPC, handler)
        run = run_cli(
            "diagnose",
            TX,
            "--chains-file",
            str(chains),
            "--timeout",
            "2",
            *mode,
            env={"NO_COLOR": "", "COLUMNS": "120"},
        )
    assert_clean_exit(run)
    return run


def assert_bounded(text: str, hostile: str) -> None:
    assert len(text) < 8_000
    run_of = max(len(m.group()) for m in re.finditer(r"(.)\1*", hostile))
    if run_of > 400:
        assert hostile[0] * 400 not in text


@pytest.mark.parametrize("name", HOSTILE)
def test_revert_reason_is_inert_and_bounded_for_people(chains: Path, name: str) -> None:
    hostile = HOSTILE[name]
    run = diagnose(
        chains, failed_tx_chain(RpcFailure(3, "execution reverted", revert_data(hostile))), "human"
    )
    assert run.code == 1 and "Failed" in run.out
    assert "The contract's reason:" in run.out
    assert SGR.search(run.out), "colour was forced on: the test must see real styling"
    assert_inert(run.out)
    assert_bounded(run.out, hostile)
    if "markup" in name and "unbalanced" not in name:
        # Shown as typed: rich did not turn it into style or a link.
        assert SGR.sub("", run.out).count(hostile) >= 1


@pytest.mark.parametrize("name", HOSTILE)
def test_revert_reason_in_json_is_the_bounded_raw_text_with_nothing_raw_on_the_line(
    chains: Path, name: str
) -> None:
    hostile = HOSTILE[name]
    run = diagnose(
        chains, failed_tx_chain(RpcFailure(3, "execution reverted", revert_data(hostile))), "json"
    )
    (line,) = run.out.splitlines()
    report = json.loads(line)
    reason = report["findings"][0]["params"]["reason"]
    assert report["verdict"] == "FAILED_REVERTED"
    assert hostile.startswith(reason.rstrip("…")) and len(reason) <= 300
    assert report["facts"]["failure"]["reason"] == reason
    assert len(report["facts"]["failure"]["raw_data"]) <= 2 + 2 * 1024  # evidence, bounded
    assert not UNSAFE.search(line) and "\x1b" not in line
    assert len(line) < 16_000


@pytest.mark.parametrize("name", HOSTILE)
def test_node_message_without_revert_data_is_inert_too(chains: Path, name: str) -> None:
    hostile = HOSTILE[name]
    run = diagnose(
        chains, failed_tx_chain(RpcFailure(-32000, f"execution reverted: {hostile}")), "human"
    )
    assert run.code == 1
    assert_inert(run.out)
    assert_bounded(run.out, hostile)


@pytest.mark.parametrize("fmt", ["reply", "markdown"])
@pytest.mark.parametrize(
    "name",
    [
        "markup",
        "link markup",
        "osc8 hyperlink",
        "forged line",
        "rtl override",
        "10k mixed",
        "scam url",
        "scam domain",
    ],
)
def test_paste_ready_replies_keep_chain_text_inert(chains: Path, fmt: str, name: str) -> None:
    hostile = HOSTILE[name]
    run = diagnose(
        chains, failed_tx_chain(RpcFailure(3, "execution reverted", revert_data(hostile))), fmt
    )
    assert run.code == 1
    assert "\x1b" not in run.out and not UNSAFE.search(run.out.replace("\n", ""))
    assert_bounded(run.out, hostile)
    assert "\n\u2714 Confirmed" not in run.out  # no forged line
    # Help desks link bare URLs in Markdown and in plain replies: only our explorer link.
    assert_only_our_links(run.out)


@pytest.mark.parametrize(
    "name", ["osc8 hyperlink", "markup", "forged line", "10k mixed", "rtl override"]
)
def test_endpoint_error_messages_are_inert_and_bounded(chains: Path, name: str) -> None:
    hostile = HOSTILE[name]

    def refusing(method: str, params: list[Any]) -> Any:
        if method in ("eth_getTransactionByHash", "eth_getTransactionReceipt"):
            raise RpcFailure(-32000, hostile)
        return {"eth_chainId": "0x1", "eth_blockNumber": "0x10"}[method]

    run = diagnose(chains, refusing, "human")
    assert run.code == 3 and "Could not check" in run.out
    assert_inert(run.out + run.err)
    assert_bounded(run.out, hostile)
    line = diagnose(chains, refusing, "json").out
    assert json.loads(line)["verdict"] == "UNREACHABLE"
    assert not UNSAFE.search(line) and len(line) < 6_000


def test_http_error_bodies_are_inert_and_bounded(chains: Path) -> None:
    body = {"error": {"code": -32600, "message": OSC8_LINK + "\u202e" + "B" * 5000}}
    runs = []
    for mode in (["--color", "always"], ["--json"]):
        with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
            mock.add(http_mock.POST, RPC, status=403, json=body)
            runs.append(
                run_cli("diagnose", TX, "--chains-file", str(chains), *mode, env={"NO_COLOR": ""})
            )
    human, as_json = runs
    for run in runs:
        assert_clean_exit(run)
        assert run.code == 3 and "B" * 200 not in run.out
    assert_inert(human.out)
    reasons = json.loads(as_json.out)["findings"][0]["params"]["reasons"]
    assert reasons.startswith("ethereum: HTTP 403: ]8;;")  # the ESC was dropped
    assert len(reasons) < 200 and "\u202e" not in reasons


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "reply", "markdown"])
@pytest.mark.parametrize(
    "name", ["osc8 hyperlink", "c1 csi", "rtl override", "forged line", "10k mixed"]
)
def test_batch_output_keeps_chain_text_inert(
    chains: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    hostile = HOSTILE[name]
    source = tmp_path / "in.txt"
    source.write_text(TX + "\n")
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        serve_rpc(
            mock, RPC, failed_tx_chain(RpcFailure(3, "execution reverted", revert_data(hostile)))
        )
        run = run_cli(
            "batch", str(source), "--format", fmt, "--quiet", "--chains-file", str(chains)
        )
    assert_clean_exit(run)
    assert "FAILED_REVERTED" in run.out
    assert "\x1b" not in run.out and not UNSAFE.search(run.out.replace("\n", ""))
    assert_bounded(run.out, hostile)
    if fmt == "jsonl":
        assert json.loads(run.out)["findings"][0]["params"]["reason"]
