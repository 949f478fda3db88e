"""Token symbols and names are whatever a contract's deployer typed: shown inert and bounded.

A mined ERC-20 ``transfer`` of an unlisted token is served over JSON-RPC (`http_mock`); the
token's ``symbol()`` and ``name()`` answer hostile text (terminal escapes, an OSC 8 link,
rich markup, bidi overrides, 10,000 characters), and a token claiming to be USDT is judged
an impostor with its hostile name. Every output format is checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eth_abi.abi import encode
from hostile_support import (
    HOSTILE,
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
from support.rpc_mock import serve_rpc
from txdoctor.families.evm.fetch_abi import (
    NAME_CALL,
    SYMBOL_CALL,
    TRANSFER_SELECTOR,
    TRANSFER_TOPIC,
)

RPC = "https://rpc.tokens.test/"
TX = "0x" + "7e" * 32
SENDER = "0x" + "11" * 20
RECIPIENT = "0x" + "22" * 20
TOKEN = "0x" + "33" * 20
AMOUNT = 1_000 * 10**6


def word(address: str) -> str:
    return "0x" + "0" * 24 + address[2:]


def token_chain(symbol: str, name: str) -> Callable[[str, list[Any]], Any]:
    tx = {
        "hash": TX,
        "from": SENDER,
        "to": TOKEN,
        "nonce": "0x1",
        "gas": "0x186a0",
        "value": "0x0",
        "gasPrice": "0x3b9aca00",
        "blockNumber": "0x100",
        "input": "0x"
        + TRANSFER_SELECTOR
        + encode(["address", "uint256"], [RECIPIENT, AMOUNT]).hex(),
    }
    receipt = {
        "transactionHash": TX,
        "blockNumber": "0x100",
        "status": "0x1",
        "gasUsed": "0xc350",
        "effectiveGasPrice": "0x3b9aca00",
        "logs": [
            {
                "address": TOKEN,
                "topics": [TRANSFER_TOPIC, word(SENDER), word(RECIPIENT)],
                "data": "0x" + AMOUNT.to_bytes(32, "big").hex(),
            }
        ],
    }
    texts = {SYMBOL_CALL: symbol, NAME_CALL: name}

    def handler(method: str, params: list[Any]) -> Any:
        if method == "eth_call":
            data = params[0].get("data")
            if data in texts:
                return "0x" + encode(["string"], [texts[data]]).hex()
            return "0x" + (6).to_bytes(32, "big").hex()  # decimals()
        return {
            "eth_chainId": "0x1",
            "eth_blockNumber": "0x200",
            "eth_getTransactionByHash": tx,
            "eth_getTransactionReceipt": receipt,
            "eth_getCode": "0x",
        }.get(method)

    return handler


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import yaml

    path = tmp_path_factory.mktemp("tokens") / "chains.yaml"
    entry = chain_entry(
        [RPC],
        tokens={
            "USDT": {
                "contract": "0xdAC17F958D2ee523a2206206994597C13D831ec7",
                "decimals": 6,
                "name": "Tether USD",
            }
        },
    )
    path.write_text(yaml.safe_dump({"chains": {"ethereum": entry}}))
    return path


def diagnose(chains: Path, symbol: str, name: str, mode: list[str]) -> Run:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        serve_rpc(mock, RPC, token_chain(symbol, name))
        run = run_cli(
            "diagnose",
            TX,
            "--chains-file",
            str(chains),
            *mode,
            env={"NO_COLOR": "", "COLUMNS": "120"},
        )
    assert_clean_exit(run)
    return run


MODES = {
    "human": ["--color", "always"],
    "json": ["--json"],
    "reply": ["--format", "reply"],
    "markdown": ["--format", "markdown"],
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_token_symbol_and_name_are_inert_and_bounded(
    chains: Path, case: str, mode: str
) -> None:
    hostile = HOSTILE[case]
    run = diagnose(chains, hostile, hostile, MODES[mode])
    assert run.code in (0, 1)
    assert len(run.out) < 10_000
    if mode == "json":
        report = json.loads(run.out)
        (transfer,) = report["facts"]["transfers"]
        assert transfer["token"]["contract"].lower() == TOKEN
        assert len(transfer["token"]["symbol"] or "") <= 64
        assert not UNSAFE.search(run.out) and "\x1b" not in run.out
        return
    assert_inert(run.out)
    if mode == "human":
        assert SGR.search(run.out)
    assert "A" * 100 not in run.out
    if mode in ("markdown", "reply"):  # help desks link bare URLs in both
        assert_only_our_links(run.out)


@pytest.mark.parametrize("mode", MODES)
def test_an_impostor_named_with_markup_is_flagged_and_shown_literally(
    chains: Path, mode: str
) -> None:
    name = "[bold green]Tether USD (official)[/]"
    run = diagnose(chains, "USDT", name, MODES[mode])
    assert run.code == 1
    if mode == "json":
        assert json.loads(run.out)["verdict"] == "FAKE_TOKEN"
        return
    text = " ".join(SGR.sub("", run.out).split())
    assert "Fake token" in text
    if "Tether USD (official)" in text and mode != "markdown":
        assert name in text  # shown as typed, never as styling
    assert_inert(run.out)
