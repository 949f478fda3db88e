"""`txdoctor diagnose` on Bitcoin, end to end through the real CLI (human and JSON views),
with mempool.space and blockstream.info mocked by `http_mock` on the bodies of
tests/fixtures/bitcoin, and the chains file's EVM and Tron chains mocked too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from support import http_mock
from support.esplora import (
    BLOCKSTREAM,
    MEMPOOL,
    REPLACED_TXID,
    REPLACEMENT_BLOCK,
    REPLACEMENT_TXID,
    SPENT_OUTPOINT,
    Esplora,
    fixture,
)
from support.rpc_mock import serve_rpc
from support.trongrid import TronGrid
from txdoctor.commands.cli import app

runner = CliRunner()
EVM_URL = "https://rpc.evm.test/"
PENDING_ADDRESS = "bc1p5t79edz9w4fcnmkjjk4e6k2tp7kd8cqggz37gal60sp9gyk9x72sk4mk0f"
DOCS_ADDRESS = "1wiz18xYmhRX6xStj2b9t1rwWX4GKUgpv"
UNUSED_ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


@dataclass
class World:
    """The mocked networks of one test: fill the explorers, then run the CLI."""

    mempool: Esplora
    blockstream: Esplora
    tron: TronGrid
    evm_calls: list[str]
    chains: Path
    data_dir: Path

    def run(self, value: str, *extra: str, lang: str = "en") -> tuple[int, str]:
        result = runner.invoke(
            app,
            ["diagnose", value, "--chains-file", str(self.chains), *extra],
            env={
                "NO_COLOR": "1",
                "TXDOCTOR_LANG": lang,
                "COLUMNS": "200",
                "TXDOCTOR_DATA_DIR": str(self.data_dir),
            },
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result.exit_code, result.stdout

    def json(self, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
        code, out = self.run(value, "--json", *extra)
        lines = out.splitlines()
        assert len(lines) == 1, out
        return code, json.loads(lines[0])


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """Ethereum, Tron and Bitcoin in one chains file; every network mocked, knowing nothing."""
    monkeypatch.delenv("TRON_PRO_API_KEY", raising=False)
    body = {
        "chains": {
            "ethereum": {
                "family": "evm",
                "chain_id": 1,
                "rpc": [EVM_URL],
                "confirmations": 12,
                "block_time": 12,
                "native": "ETH",
                "explorer": "https://etherscan.io/tx/{hash}",
            },
            "tron": {
                "family": "tron",
                "rpc": ["https://api.trongrid.io"],
                "confirmations": 19,
                "block_time": 3,
                "native": "TRX",
                "native_decimals": 6,
                "explorer": "https://tronscan.org/#/transaction/{hash}",
            },
            "bitcoin": {
                "display_name": "Bitcoin",
                "family": "bitcoin",
                "rpc": [MEMPOOL, BLOCKSTREAM],
                "confirmations": 4,
                "block_time": 600,
                "native": "BTC",
                "native_decimals": 8,
                "explorer": "https://mempool.space/tx/{hash}",
            },
        }
    }
    chains = tmp_path / "chains.yaml"
    chains.write_text(yaml.safe_dump(body, sort_keys=False))
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:

        def evm(method: str, params: list[Any]) -> Any:
            return {"eth_chainId": "0x1", "eth_blockNumber": hex(20_000_000)}.get(method)

        mempool, blockstream = Esplora(MEMPOOL, rbf={}), Esplora(BLOCKSTREAM)
        mempool.serve(rsps)
        blockstream.serve(rsps)
        yield World(
            mempool,
            blockstream,
            TronGrid(head=1000, solidified=981).serve(rsps),
            serve_rpc(rsps, EVM_URL, evm),
            chains,
            tmp_path / "data",
        )


def low_fee(world: World) -> None:
    world.mempool.add_tx("tx_242f3fff_unconfirmed.json")
    world.mempool.recommended = fixture("fees_recommended_docs.json")
    world.mempool.cpfp[REPLACED_TXID] = fixture("cpfp_242f3fff.json")


# -- the bare 64-hex hash, looked up on every family -------------------------------------


def test_a_hash_that_exists_only_on_bitcoin(world: World) -> None:
    world.mempool.add_tx("tx_b6a53d8a_confirmed.json")
    world.mempool.tip = REPLACEMENT_BLOCK + 10
    code, report = world.json(REPLACEMENT_TXID)
    assert code == 0
    assert report["verdict"] == "CONFIRMED" and report["chain"] == "bitcoin"
    assert report["checked"] == {"ethereum": "not_found", "tron": "not_found", "bitcoin": "found"}
    assert report["facts"]["confirmations"] == 11
    assert report["facts"]["bitcoin"]["fee_rate"] == "4.286"
    assert report["facts"]["fee_paid"]["raw"] == "960"  # raw units as strings
    assert report["explorer_url"] == f"https://mempool.space/tx/{REPLACEMENT_TXID}"
    assert "eth_getTransactionByHash" in world.evm_calls
    assert "wallet/gettransactionbyid" in world.tron.calls


def test_a_hash_no_network_knows_gets_the_shared_wording(world: World) -> None:
    code, report = world.json("cd" * 32)
    assert code == 1
    assert report["verdict"] == "NOT_FOUND"
    assert report["checked"] == {
        "ethereum": "not_found",
        "tron": "not_found",
        "bitcoin": "not_found",
    }
    assert report["summary"].startswith("No checked network knows this transaction")


# -- transactions ---------------------------------------------------------------------------


def test_confirming_in_the_human_view(world: World) -> None:
    world.mempool.add_tx("tx_b6a53d8a_confirmed.json")
    world.mempool.tip = REPLACEMENT_BLOCK + 1
    code, out = world.run(REPLACEMENT_TXID, "--chain", "bitcoin")
    assert code == 0
    assert "Confirming · Bitcoin" in out
    assert "2 of the 4 confirmations" in out and "about 20 min left" in out
    assert "succeeded in block 890448, 2 confirmations (4 needed)" in out
    assert "4.29 sat/vB (224 vB)" in out
    assert world.evm_calls == []  # --chain bitcoin: nothing else asked


def test_pending_with_a_competitive_fee(world: World) -> None:
    world.mempool.add_tx("tx_b6a53d8a_unconfirmed.json")
    world.mempool.recommended = fixture("fees_recommended_quiet_docs.json")
    world.mempool.cpfp[REPLACEMENT_TXID] = fixture("cpfp_b6a53d8a.json")
    code, report = world.json(REPLACEMENT_TXID, "--chain", "bitcoin")
    assert code == 0
    assert report["verdict"] == "PENDING" and report["severity"] == "info"
    assert "It pays 4.29 sat/vB (960 sat for 224 vB)" in report["summary"]
    assert "within about 10 minutes" in report["summary"]
    assert report["findings"][0]["params"]["btc_eta"] == "next_block"


def test_pending_low_fee_gives_rbf_and_cpfp_numbers(world: World) -> None:
    low_fee(world)
    code, report = world.json(REPLACED_TXID, "--chain", "bitcoin")
    assert code == 1
    assert report["verdict"] == "PENDING_LOW_FEE" and report["severity"] == "warning"
    assert "it pays 2.6 sat/vB, less than the 5 sat/vB" in report["summary"]
    assert "it may wait days" in report["summary"]
    assert "signals replaceability (RBF)" in report["summary"]
    rbf, cpfp, wait, again = report["steps"]
    assert "at least 1,398 sat (6 sat/vB for its 233 vB)" in rbf
    assert "about 1,458 sat (13.2 sat/vB for a 111 vB transaction)" in cpfp
    assert PENDING_ADDRESS in cpfp and "0.00049394 BTC" in cpfp
    assert "14 days" in wait
    assert "both could confirm" in again
    params = report["findings"][0]["params"]
    assert params["rbf_fee_sat"] == "1398" and params["btc_rbf"] == "signalled"


def test_pending_low_fee_in_the_human_view(world: World) -> None:
    low_fee(world)
    code, out = world.run(REPLACED_TXID, "--chain", "bitcoin")
    assert code == 1
    assert "Pending: fee too low · Bitcoin" in out
    assert "2.6 sat/vB (233 vB) · network now: next block 7, within an hour 5, economy 4" in out
    assert "yes (signals RBF)" in out


def test_pending_low_fee_in_chinese(world: World) -> None:
    low_fee(world)
    code, out = world.run(REPLACED_TXID, "--chain", "bitcoin", lang="zh-CN")
    assert code == 1
    assert "1,398" in out and "1,458" in out and "sat/vB" in out
    assert "The sender can replace it" not in out  # translated, not English


def test_replaced_known_only_from_the_rbf_record(world: World) -> None:
    world.mempool.rbf = {REPLACED_TXID: fixture("rbf_242f3fff.json")}
    code, report = world.json(f"https://mempool.space/tx/{REPLACED_TXID}")
    assert code == 1
    assert report["verdict"] == "REPLACED" and report["chain"] == "bitcoin"
    assert report["findings"][0]["params"]["replaced_by"] == REPLACEMENT_TXID
    assert REPLACEMENT_TXID in report["steps"][0]
    assert report["checked"] == {"bitcoin": "found"}  # the link says Bitcoin: only it asked


def test_replaced_in_a_ticket_reply(world: World) -> None:
    world.mempool.rbf = {REPLACED_TXID: fixture("rbf_242f3fff.json")}
    code, out = world.run(REPLACED_TXID, "--chain", "bitcoin", "--format", "reply")
    assert code == 1
    assert f"Status: replaced by {REPLACEMENT_TXID}" in out
    assert "Network: Bitcoin" in out


def test_replaced_by_a_confirmed_spend_of_its_input(world: World) -> None:
    world.blockstream.add_tx("tx_242f3fff_unconfirmed.json")
    world.mempool.outspends[SPENT_OUTPOINT] = fixture("outspend_fb16c141_0_b6a53d8a_confirmed.json")
    code, out = world.run(REPLACED_TXID, "--chain", "bitcoin")
    assert code == 1
    assert "Replaced · Bitcoin" in out
    assert "The replacement is confirmed." in out
    assert f"replaced by {REPLACEMENT_TXID}" in out


def test_not_found_from_a_bitcoin_explorer_link(world: World) -> None:
    code, report = world.json("https://blockstream.info/tx/" + "ef" * 32)
    assert code == 1
    assert report["verdict"] == "NOT_FOUND"
    assert report["checked"] == {"bitcoin": "not_found"}
    assert report["summary"].startswith("No Bitcoin endpoint checked (Bitcoin) knows")
    steps = " ".join(report["steps"])
    assert "after 14 days" in steps and "replaced (RBF)" in steps
    assert "Paste the ID alone" in steps  # it may be a Tron or EVM hash in the wrong explorer
    assert world.evm_calls == [] and world.tron.calls == []


def test_every_bitcoin_endpoint_down(world: World) -> None:
    world.mempool.failing = world.blockstream.failing = {r"/.*": 503}
    code, report = world.json(REPLACED_TXID, "--chain", "bitcoin")
    assert code == 3
    assert report["verdict"] == "UNREACHABLE"
    assert report["summary"] == (
        "The networks could not be checked just now, so we cannot say "
        "yet what happened to this transfer."
    )
    assert report["findings"][0]["params"]["reasons"] == "bitcoin: HTTP 503: Internal Server Error"


# -- addresses ---------------------------------------------------------------------------


def test_an_address_with_an_unconfirmed_incoming_payment(world: World) -> None:
    world.mempool.addresses[PENDING_ADDRESS] = fixture("address_bc1p5t79_pending.json")
    world.mempool.address_txs[PENDING_ADDRESS] = fixture("address_txs_bc1p5t79_pending.json")
    code, report = world.json(PENDING_ADDRESS)
    assert code == 1
    assert report["verdict"] == "ADDRESS_STUCK_PENDING"
    assert "0.00049394 BTC coming in and 0 BTC going out" in report["summary"]
    assert REPLACED_TXID in report["steps"][0]
    facts = report["facts"]["addresses"]["bitcoin"]
    assert facts["bitcoin"]["unconfirmed_in_sat"] == "49394"
    assert facts["recent"][0]["hash"] == REPLACED_TXID


def test_an_address_in_the_human_view(world: World) -> None:
    world.mempool.addresses[PENDING_ADDRESS] = fixture("address_bc1p5t79_pending.json")
    world.mempool.address_txs[PENDING_ADDRESS] = fixture("address_txs_bc1p5t79_pending.json")
    code, out = world.run(PENDING_ADDRESS)
    assert code == 1
    assert "Address: unconfirmed transactions · Bitcoin" in out
    assert "0 BTC · 0.00049394 BTC incoming, unconfirmed" in out
    assert "unconfirmed received 0.00049394 BTC from 1stAprEZapjCYGUACUcXohQqSHF9MU5Kj" in out


def test_a_used_address_with_nothing_waiting(world: World) -> None:
    world.mempool.addresses[DOCS_ADDRESS] = fixture("address_1wiz18_docs.json")
    world.mempool.address_txs[DOCS_ADDRESS] = []
    code, report = world.json(DOCS_ADDRESS)
    assert code == 0
    assert report["verdict"] == "ADDRESS_OK"
    assert report["facts"]["addresses"]["bitcoin"]["balance"]["raw"] == "0"


def test_an_address_never_used(world: World) -> None:
    world.mempool.addresses[UNUSED_ADDRESS] = fixture("address_unused.json")
    world.mempool.address_txs[UNUSED_ADDRESS] = []
    code, report = world.json(UNUSED_ADDRESS)
    assert code == 1
    assert report["verdict"] == "ADDRESS_UNUSED"


@pytest.mark.parametrize(
    ("typo", "message"),
    [
        (
            "bc1p5t79edz9w4fcnmkjjk4e6k2tp7kd8cqggz37gal60sp9gyk9x72sk4mk0g",
            "The bc1 address's built-in checksum does not match: probably a typo.",
        ),
        (
            "1wiz18xYmhRX6xStj2b9t1rwWX4GKUgpw",
            "The address's built-in checksum does not match: probably a typo or a missing "
            "character.",
        ),
    ],
)
def test_a_mistyped_address_gets_a_checksum_message(world: World, typo: str, message: str) -> None:
    code, report = world.json(typo)
    assert code == 2
    assert report["verdict"] == "INVALID_INPUT"
    assert message in report["summary"]
    assert world.mempool.calls == world.blockstream.calls == world.evm_calls == []


# -- chains --check ---------------------------------------------------------------------


def test_chains_check_knows_mainnet_by_its_genesis_block(world: World) -> None:
    genesis = fixture("block_genesis.json")
    world.mempool.blocks[genesis["id"]] = genesis
    world.mempool.tip = REPLACEMENT_BLOCK
    world.blockstream.tip = 123  # a signet-like server: no mainnet genesis block
    result = runner.invoke(
        app,
        ["chains", "--check", "--json", "--chain", "bitcoin", "--chains-file", str(world.chains)],
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0  # one endpoint is healthy
    mempool, blockstream = rows
    assert mempool["reachable"] and mempool["chain_id_ok"] is True
    assert mempool["latest_block"] == REPLACEMENT_BLOCK and mempool["error"] is None
    assert blockstream["chain_id_ok"] is False
    assert blockstream["error"] == "not Bitcoin mainnet (no mainnet genesis block)"
