"""`txdoctor diagnose` end to end on Solana: the real CLI against a recorded node (responses)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import http_mock
from support.solana_mock import URL_A, URL_B, SolanaNode, chains_yaml, result, transaction
from txdoctor.commands.cli import app

runner = CliRunner()
OWNER = "5wytVPbjLb2VCXbynhUQabEZZD2B6Wxrkvwm6v6Cuy5X"
TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
FAKE_MINT = "48xDdGnciLBQh7vpxFJ3TdWDgBZ7ELwT5ne6HZbPFGgu"
FAKE_METADATA = "87cj7uGssmLn97WvTbVKBU4XrY74sSq3J9m6w4zTQGzB"


@pytest.fixture
def rsps() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def chains(tmp_path: Path) -> Path:
    path = tmp_path / "chains.yaml"
    path.write_text(chains_yaml(URL_A, URL_B), "utf-8")
    return path


def run(chains: Path, value: str, *extra: str) -> tuple[int, str]:
    outcome = runner.invoke(
        app,
        ["diagnose", value, "--chains-file", str(chains), *extra],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en", "COLUMNS": "200"},
    )
    return outcome.exit_code, outcome.stdout


def run_json(chains: Path, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out = run(chains, value, "--json", *extra)
    (line,) = out.splitlines()
    return code, json.loads(line)


def serve(rsps: http_mock.HttpMock, node: SolanaNode) -> None:
    node.serve(rsps, URL_A)
    SolanaNode().serve(rsps, URL_B)


def test_confirmed_usdt_transfer(rsps: http_mock.HttpMock, chains: Path) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")
    serve(rsps, node)
    code, out = run_json(chains, signature)
    assert (code, out["verdict"], out["chain"]) == (0, "CONFIRMED", "solana")
    assert out["facts"]["solana"]["commitment"] == "finalized"
    (transfer,) = out["facts"]["transfers"]
    assert transfer["token"]["status"] == "official" and transfer["token"]["symbol"] == "USDT"
    assert out["findings"][0]["params"]["amount"] == "28"
    assert out["explorer_url"] == f"https://solscan.io/tx/{signature}"
    code, human = run(chains, signature)
    assert "✔ Confirmed · Solana" in human
    assert "28 USDT (Tether USD, the official mint)" in " ".join(human.split())
    assert "succeeded in slot 402118733, finalized" in human


def test_confirming_until_finalized(rsps: http_mock.HttpMock, chains: Path) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_sol_transfer.json", "confirmed", confirmations=12)
    serve(rsps, node)
    code, out = run_json(chains, signature)
    assert (code, out["verdict"], out["severity"]) == (0, "CONFIRMING", "info")
    assert out["findings"][0]["params"]["seconds"] == 8
    assert "not finalized yet" in out["summary"] and "0.00001 SOL" in out["summary"]


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        (
            "getTransaction_jupiter_slippage_failed_v1.json",
            [
                "Instruction #2 failed in Jupiter v6",
                "6001 (0x1771): SlippageToleranceExceeded",
                "raising the slippage",
            ],
        ),
        (
            "getTransaction_usdt_insufficient_funds_failed.json",
            [
                "Instruction #3 failed in SPL Token",
                "error code 1 (0x1): InsufficientFunds",
                "Error: insufficient funds",
            ],
        ),
        (
            "getTransaction_raydium_slippage_failed.json",
            ["failed in Raydium AMM v4", "30 (0x1e): ExceededSlippage"],
        ),
        (
            "getTransaction_ata_incorrect_program_id_failed.json",
            [
                "failed in SPL Token",
                "IncorrectProgramId",
                "called from inside Associated Token Account",
            ],
        ),
        (
            "getTransaction_rent_failed.json",
            ["InsufficientFundsForRent", "rent-exempt minimum of 0.00089088 SOL"],
        ),
    ],
)
def test_failed_with_the_error_decoded(
    rsps: http_mock.HttpMock, chains: Path, fixture: str, words: list[str]
) -> None:
    node = SolanaNode()
    signature = node.add(fixture)
    serve(rsps, node)
    code, out = run_json(chains, signature)
    assert (code, out["verdict"], out["severity"]) == (1, "FAILED_REVERTED", "error")
    for word in words:
        assert word in out["summary"], word
    assert out["facts"]["success"] is False and out["facts"]["transfers"] == []
    code, human = run(chains, signature)
    assert "✖ Failed · Solana" in human and words[0] in " ".join(human.split())


def test_fake_usdt(rsps: http_mock.HttpMock, chains: Path) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_fake_usdt_v1.json")
    node.multiple[("jsonParsed", FAKE_MINT)] = result(
        "getMultipleAccounts_fake_mint_jsonParsed.json"
    )["value"][0]
    node.multiple[("base64", FAKE_METADATA)] = result(
        "getMultipleAccounts_fake_mint_metadata_base64.json"
    )["value"][0]
    serve(rsps, node)
    code, out = run_json(chains, signature)
    assert (code, out["verdict"], out["severity"]) == (1, "FAKE_TOKEN", "error")
    assert FAKE_MINT in out["summary"] and "not the official Tether USD mint" in out["summary"]
    assert out["facts"]["transfers"][0]["token"]["status"] == "impostor"


def test_not_found_explains_expiry_and_resending(rsps: http_mock.HttpMock, chains: Path) -> None:
    signature, _ = transaction("getTransaction_usdt_transfer.json")
    serve(rsps, SolanaNode())
    code, out = run_json(chains, signature)
    assert (code, out["verdict"], out["checked"]) == (1, "NOT_FOUND", {"solana": "not_found"})
    assert "expires for good" in out["summary"]
    assert any("safe to send the payment again" in step for step in out["steps"])
    assert any("it may still land" in step for step in out["steps"])


def test_unreachable_when_every_endpoint_fails(rsps: http_mock.HttpMock, chains: Path) -> None:
    rsps.add(http_mock.POST, URL_A, status=500)
    rsps.add(http_mock.POST, URL_B, status=500)
    signature, _ = transaction("getTransaction_usdt_transfer.json")
    code, out = run_json(chains, signature, "--timeout", "1")
    assert (code, out["verdict"]) == (3, "UNREACHABLE")


def test_explorer_link_is_accepted(rsps: http_mock.HttpMock, chains: Path) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_sol_transfer.json")
    serve(rsps, node)
    code, out = run_json(chains, f"https://solscan.io/tx/{signature}")
    assert (code, out["verdict"], out["value"]) == (0, "CONFIRMED", signature)


def address_node(address: str, **answers: str) -> SolanaNode:
    node = SolanaNode()
    node.accounts = {
        "getBalance": {address: result(answers.get("balance", "getBalance.json"))},
        "getAccountInfo": {
            address: result(answers.get("account", "getAccountInfo_wallet_jsonParsed.json"))
        },
        "getTokenAccountsByOwner": {
            (address, TOKEN): result(answers.get("tokens", "getTokenAccountsByOwner_brave.json"))
        },
        "getSignaturesForAddress": {
            address: result(answers.get("signatures", "getSignaturesForAddress_sava.json"))
        },
    }
    return node


def test_address_in_use(rsps: http_mock.HttpMock, chains: Path) -> None:
    serve(rsps, address_node(OWNER))
    code, out = run_json(chains, OWNER)
    assert (code, out["verdict"], out["kind"]) == (0, "ADDRESS_OK", "address")
    assert "0.08120304 SOL" in out["summary"] and "0.020508 USDC" in out["summary"]
    assert (
        "latest transaction is 2EhWejyZMgKKiWSXXQYe9LHCkTicoG3uDeBU4FkZQPFtWPiFUPWNNbJfMpWnmap"
        "RgrUEDRN8TpAcUj7J2SUnLNMc (succeeded)" in out["summary"]
    )
    facts = out["facts"]["addresses"]["solana"]
    assert len(facts["recent"]) == 10 and facts["history_available"] is True
    code, human = run(chains, OWNER)
    assert "Address in use · Solana" in human


def test_new_address_needs_the_rent_minimum(rsps: http_mock.HttpMock, chains: Path) -> None:
    fresh = "3bGLBHzDt6tbx9W8Wsf3vDixsoQyWvFSEr1pN6wfyrST"
    serve(
        rsps,
        address_node(
            fresh,
            balance="getBalance_zero.json",
            account="getAccountInfo_null.json",
            tokens="getTokenAccountsByOwner_empty.json",
            signatures="getSignaturesForAddress_empty.json",
        ),
    )
    code, out = run_json(chains, fresh)
    assert (code, out["verdict"]) == (1, "ADDRESS_UNUSED")
    assert "at least 0.00089088 SOL" in out["summary"]
    assert any("typo" in step for step in out["steps"])


def test_mint_address_is_not_a_wallet(rsps: http_mock.HttpMock, chains: Path) -> None:
    usdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
    serve(
        rsps,
        address_node(
            usdc,
            account="getAccountInfo_usdc_mint_jsonParsed.json",
            tokens="getTokenAccountsByOwner_empty.json",
        ),
    )
    _, out = run_json(chains, usdc)
    assert out["verdict"] == "ADDRESS_IS_CONTRACT"
    assert "not a wallet" in out["summary"]


def test_mistyped_address_gets_a_clear_message(chains: Path) -> None:
    # Solana addresses carry no checksum: a wrong letter outside base58 is caught here; a
    # wrong but valid letter makes another address, which the lookup finds unused.
    code, out = run_json(chains, OWNER[:-1] + "O")
    assert (code, out["verdict"]) == (2, "INVALID_INPUT")
    assert "O" in out["summary"]
    code, out = run_json(chains, OWNER[:20])
    assert (code, out["verdict"]) == (2, "INVALID_INPUT")


def test_chinese_view_of_a_failure(rsps: http_mock.HttpMock, chains: Path) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_jupiter_slippage_failed_v1.json")
    serve(rsps, node)
    _, out = run_json(chains, signature, "--lang", "zh-CN")
    assert out["verdict"] == "FAILED_REVERTED" and out["lang"] == "zh-CN"
    assert "0x1771" in out["summary"] and "滑点" in out["summary"]


def test_chains_check_knows_a_mainnet_endpoint_from_a_devnet_one(
    rsps: http_mock.HttpMock, chains: Path
) -> None:
    SolanaNode().serve(rsps, URL_A)
    SolanaNode(genesis="EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG").serve(rsps, URL_B)
    outcome = runner.invoke(
        app,
        ["chains", "--check", "--json", "--chains-file", str(chains)],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    rows = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert [(r["chain_id_ok"], r["latest_block"]) for r in rows] == [
        (True, 402121100),
        (False, 402121100),
    ]
    assert "not mainnet-beta" in rows[1]["error"] and outcome.exit_code == 0


def test_a_hostile_program_log_is_shown_escaped(rsps: http_mock.HttpMock, chains: Path) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_insufficient_funds_failed.json")
    logs = node.transactions[signature]["meta"]["logMessages"]
    logs[logs.index("Program log: Error: insufficient funds")] = (
        "Program log: Error: \x1b]8;;https://evil.example\x07claim refund\u202e"
    )
    serve(rsps, node)
    code, human = run(chains, signature)
    assert code == 1 and "\x1b" not in human and "\u202e" not in human
    assert "\\x1b]8;;https://evil.example\\x07claim refund\\u202e" in human
