"""Endpoints that answer wrongly: every answer is validated before use, through the CLI.

The honest endpoint serves a real Ethereum mainnet transaction (a plain send to a contract
with a 21000 gas limit, out of gas; tests/fixtures/evm-mainnet) and its receipt. Each case
breaks one thing in the answer: wrong types, missing fields, values out of range, a receipt
or transaction for another hash, another chain id, a JSON-RPC reply with the wrong id,
invalid JSON, a body over the size cap. With that endpoint alone, the chain must come out
UNREACHABLE with a reason (exit 3), never a crash and never a verdict built on the bad
answer; with an honest second endpoint, the answer must come from it, right.
"""

from __future__ import annotations

import copy
import json
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import Run, assert_clean_exit, chain_entry, run_cli
from typer.testing import CliRunner

from support import http_mock
from support.rpc_mock import RpcFailure, fixture_result
from txdoctor.commands.cli import app

BAD = "https://bad.rpc.test/"
GOOD = "https://good.rpc.test/"
TX = "0x439dfd7f6792c6a62d368de2814cd86ca2d92f6110e1ef4969e1f03367659e87"
OTHER = "0x" + "12" * 32
TX_FILE = (
    "evm-mainnet/eth_getTransactionByHash_eip1559_eth_send_gas21000_to_contract_0x439dfd7f.json"
)
RECEIPT_FILE = "evm-mainnet/eth_getTransactionReceipt_eip1559_out_of_gas_status0_0x439dfd7f.json"

Results = dict[str, Any]
Mutation = Callable[[Results], None]
Payload = Callable[[Any], bytes]


def honest() -> Results:
    return {
        "eth_chainId": "0x1",
        "eth_blockNumber": hex(18_000_000),
        "eth_getTransactionByHash": fixture_result(TX_FILE),
        "eth_getTransactionReceipt": fixture_result(RECEIPT_FILE),
        "eth_getTransactionCount": "0x5",
        "eth_getCode": "0x",
        "eth_feeHistory": {
            "oldestBlock": "0x1",
            "baseFeePerGas": ["0x3b9aca00"] * 11,
            "gasUsedRatio": [0.5] * 10,
            "reward": [["0x1", "0x2"]] * 10,
        },
    }


def serve(
    mock: http_mock.HttpMock, url: str, results: Results, payload: Payload | None = None
) -> None:
    """JSON-RPC from a table of results; ``payload`` may rewrite the reply object."""

    def answer(call: dict[str, Any]) -> dict[str, Any]:
        method = call["method"]
        if method == "eth_call" and "from" in call["params"][0]:
            failure = RpcFailure(-32000, "out of gas")
            return {"jsonrpc": "2.0", "id": call["id"], "error": failure.error}
        return {"jsonrpc": "2.0", "id": call["id"], "result": copy.deepcopy(results.get(method))}

    def callback(request: Any) -> tuple[int, dict[str, str], bytes]:
        body = json.loads(request.body)
        replies = [answer(c) for c in body] if isinstance(body, list) else answer(body)
        data = payload(replies) if payload else json.dumps(replies).encode()
        return 200, {"Content-Type": "application/json"}, data

    mock.add_callback(http_mock.POST, url, callback=callback)


def field(obj: str, name: str, value: Any) -> Mutation:
    def mutate(results: Results) -> None:
        if value is _DROP:
            del results[obj][name]
        else:
            results[obj][name] = value

    return mutate


def result(method: str, value: Any) -> Mutation:
    def mutate(results: Results) -> None:
        results[method] = value

    return mutate


_DROP = object()
T, R = "eth_getTransactionByHash", "eth_getTransactionReceipt"

BROKEN_ANSWERS: dict[str, tuple[Mutation, str]] = {
    "transaction is a list": (result(T, [1, 2]), "the transaction is not an object"),
    "receipt is a string": (result(R, "0x1"), "the receipt is not an object"),
    "transaction without nonce": (field(T, "nonce", _DROP), "the transaction has no nonce"),
    "transaction without sender": (field(T, "from", _DROP), "the transaction has no from"),
    "sender is a number": (field(T, "from", 5), "the transaction's from is not valid"),
    "recipient is markup": (field(T, "to", "[bold]0x00[/]"), "the transaction's to is not"),
    "value is not hex": (field(T, "value", "0xzz"), "the transaction's value is not valid"),
    "value beyond uint256": (field(T, "value", "0x1" + "0" * 64), "value is not valid"),
    "value is a float": (field(T, "value", 2.5), "the transaction's value is not valid"),
    "gas is negative": (field(T, "gas", "-0x5208"), "the transaction's gas is not valid"),
    "receipt without block": (field(R, "blockNumber", _DROP), "the receipt has no blockNumber"),
    "receipt status 2": (field(R, "status", "0x2"), "the receipt's status is not valid"),
    "receipt gasUsed is an object": (field(R, "gasUsed", {"x": 1}), "gasUsed is not valid"),
    "receipt for another hash": (field(R, "transactionHash", OTHER), "receipt is for another"),
    "transaction for another hash": (field(T, "hash", OTHER), "transaction is for another"),
    "receipt without transaction": (result(T, None), "a receipt without its transaction"),
    "chain id not hex": (result("eth_chainId", "1"), "chain id is not a hex quantity"),
    "chain id missing": (result("eth_chainId", None), "chain id is not a hex quantity"),
    "block number is an object": (result("eth_blockNumber", {}), "block number is not a hex"),
    "another chain": (result("eth_chainId", "0x38"), "answers for chain id 56, not 1"),
}


def _wrong_ids(replies: Any) -> bytes:
    items = replies if isinstance(replies, list) else [replies]
    for item in items:
        item["id"] += 1000
    return json.dumps(replies).encode()


def _no_ids(replies: Any) -> bytes:
    items = replies if isinstance(replies, list) else [replies]
    for item in items:
        del item["id"]
    return json.dumps(replies).encode()


BROKEN_REPLIES: dict[str, tuple[Payload, str]] = {
    "wrong ids": (_wrong_ids, "wrong id in JSON-RPC response"),
    "no ids": (_no_ids, "missing id in JSON-RPC response"),
    "one answer short": (lambda r: json.dumps(r[:-1]).encode(), "missing id"),
    "an answer twice": (lambda r: json.dumps([*r, r[0]]).encode(), "duplicate id"),
    "object for a batch": (lambda r: json.dumps(r[0]).encode(), "malformed JSON-RPC"),
    "truncated JSON": (lambda r: json.dumps(r).encode()[:-7], "invalid JSON"),
    "not JSON": (lambda r: b"<html>upstream error</html>", "invalid JSON"),
    "empty body": (lambda r: b"", "invalid JSON (empty body)"),
    "over the size cap": (lambda r: b'{"pad":"' + b"x" * 8_100_000 + b'"}', "response too large"),
}


@pytest.fixture(scope="module")
def one_bad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _chains(tmp_path_factory.mktemp("one"), [BAD])


@pytest.fixture(scope="module")
def bad_then_good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _chains(tmp_path_factory.mktemp("two"), [BAD, GOOD])


def _chains(folder: Path, urls: list[str]) -> Path:
    import yaml

    path = folder / "chains.yaml"
    path.write_text(yaml.safe_dump({"chains": {"ethereum": chain_entry(urls)}}))
    return path


def diagnose(
    chains: Path, bad: Results, payload: Payload | None = None, human: bool = False
) -> Run:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        serve(mock, BAD, bad, payload)
        serve(mock, GOOD, honest())
        run = run_cli(
            "diagnose",
            TX,
            "--chains-file",
            str(chains),
            "--timeout",
            "2",
            *([] if human else ["--json"]),
        )
    assert_clean_exit(run)
    return run


def assert_unreachable_with(run: Run, reason: str) -> None:
    (line,) = run.json_lines()
    assert (run.code, line["verdict"], line["checked"]) == (
        3,
        "UNREACHABLE",
        {"ethereum": "unreachable"},
    )
    assert line["facts"] is None and line["chain"] is None
    assert reason in line["findings"][0]["params"]["reasons"], line["findings"]


def assert_right_answer_from_the_good_endpoint(run: Run) -> dict[str, Any]:
    (line,) = run.json_lines()
    assert (run.code, line["verdict"], line["checked"]) == (
        1,
        "FAILED_OUT_OF_GAS",
        {"ethereum": "found"},
    )
    assert line["facts"]["hash"] == TX and line["facts"]["sender"].startswith("0x")
    return line


@pytest.mark.parametrize("case", BROKEN_ANSWERS)
def test_broken_answer_alone_leaves_the_chain_unchecked_with_a_reason(
    one_bad: Path, case: str
) -> None:
    mutate, reason = BROKEN_ANSWERS[case]
    results = honest()
    mutate(results)
    assert_unreachable_with(diagnose(one_bad, results), reason)
    human = diagnose(one_bad, results, human=True)
    assert human.code == 3 and "Could not check" in human.out


@pytest.mark.parametrize("case", BROKEN_REPLIES)
def test_broken_reply_alone_leaves_the_chain_unchecked_with_a_reason(
    one_bad: Path, case: str
) -> None:
    payload, reason = BROKEN_REPLIES[case]
    assert_unreachable_with(diagnose(one_bad, honest(), payload), reason)


@pytest.mark.parametrize("case", [c for c in BROKEN_ANSWERS if c != "receipt without transaction"])
def test_broken_answer_is_passed_over_for_an_honest_endpoint(
    bad_then_good: Path, case: str
) -> None:
    mutate, _ = BROKEN_ANSWERS[case]
    results = honest()
    mutate(results)
    line = assert_right_answer_from_the_good_endpoint(diagnose(bad_then_good, results))
    wrong_chain = [f for f in line["findings"] if f["code"] == "ENDPOINT_WRONG_CHAIN"]
    assert bool(wrong_chain) == (case == "another chain")


@pytest.mark.parametrize("case", BROKEN_REPLIES)
def test_broken_reply_is_passed_over_for_an_honest_endpoint(bad_then_good: Path, case: str) -> None:
    payload, _ = BROKEN_REPLIES[case]
    assert_right_answer_from_the_good_endpoint(diagnose(bad_then_good, honest(), payload))


@pytest.mark.parametrize(
    ("method", "value"),
    [
        ("eth_feeHistory", {"baseFeePerGas": "0x1", "reward": 5}),
        ("eth_feeHistory", {"baseFeePerGas": ["0xzz"], "reward": [["0x1", "0x2"]]}),
        ("eth_feeHistory", {"baseFeePerGas": [], "reward": [[None, {}]], "gasUsedRatio": "x"}),
        ("eth_getTransactionCount", ["0x1"]),
        ("eth_getTransactionCount", "0x" + "f" * 80),
    ],
)
def test_broken_detail_of_a_pending_transaction_leaves_a_plain_pending_verdict(
    one_bad: Path, method: str, value: Any
) -> None:
    results = honest()
    results[T] = {**results[T], "blockNumber": None, "blockHash": None, "transactionIndex": None}
    results[R] = None
    results["eth_getTransactionCount"] = results[T]["nonce"]  # next in line: no gap
    results[method] = value
    (line,) = diagnose(one_bad, results).json_lines()
    assert line["verdict"] == "PENDING" and line["facts"]["state"] == "pending"


@pytest.mark.parametrize(
    "data",
    ["0x08c379a0zz", "0x08c379a0" + "ff" * 40, "0x4e487b71", {"nested": ["odd"]}, "0x" + "ab" * 3],
)
def test_garbage_revert_data_is_a_failure_without_a_reason(one_bad: Path, data: Any) -> None:
    results = honest()
    results[R] = {**results[R], "gasUsed": hex(20_000)}  # not all gas used: a revert

    def replay_garbage(replies: Any) -> bytes:
        for item in replies if isinstance(replies, list) else [replies]:
            if "error" in item:
                item["error"] = {"code": 3, "message": "execution reverted", "data": data}
        return json.dumps(replies).encode()

    (line,) = diagnose(one_bad, results, replay_garbage).json_lines()
    assert line["verdict"] == "FAILED_REVERTED"
    assert line["findings"][0]["params"]["reason"] is None


@pytest.mark.parametrize(
    ("chain_id", "block"),
    [("zz", "0x1"), ("0x" + "f" * 90, "0x1"), (5, {"x": 1}), (None, None), ("0x1", "0xq")],
)
def test_chains_check_reports_garbage_answers_without_crashing(
    one_bad: Path, chain_id: Any, block: Any
) -> None:
    results = {"eth_chainId": chain_id, "eth_blockNumber": block}
    for mode in (["--json"], []):
        with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
            serve(mock, BAD, results)
            run = run_cli("chains", "--check", "--chains-file", str(one_bad), *mode)
        assert_clean_exit(run)
        assert run.code == (0 if chain_id == "0x1" else 3)
        if mode:
            (row,) = run.json_lines()
            assert row["reachable"] is True and row["latest_block"] is None
            if chain_id == "0x1":
                assert (row["chain_id"], row["chain_id_ok"]) == (1, True)
            else:
                assert (row["chain_id"], row["error"]) == (None, "no chain id in the answer")


def test_a_fetcher_bug_is_an_internal_error_never_an_unreachable_chain(
    one_bad: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from txdoctor.families.evm.fetch import EvmFetcher

    def broken(self: EvmFetcher, tx_hash: str) -> Any:
        raise KeyError("a bug reading an answer")

    monkeypatch.setattr(EvmFetcher, "_transaction", broken)
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        serve(mock, GOOD, honest())
        run = run_cli("diagnose", TX, "--chains-file", str(one_bad), "--json")
        debug = CliRunner().invoke(
            app,
            ["--debug", "diagnose", TX, "--chains-file", str(one_bad), "--json"],
            env={"TXDOCTOR_LANG": "en"},
        )
    assert run.code == 70 and run.out == ""
    assert (
        "txdoctor hit an internal error (KeyError); please report it with --debug output" in run.err
    )
    assert "UNREACHABLE" not in run.both and "Traceback" not in run.both
    # --debug lets the exception through, traceback and all, down to the fetcher's line.
    assert isinstance(debug.exception, KeyError) and debug.exc_info is not None
    frames = traceback.extract_tb(debug.exc_info[2])
    assert frames[-1].name == "broken" and "UNREACHABLE" not in debug.stdout
