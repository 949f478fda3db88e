"""`txdoctor diagnose` end to end, on real anvil nodes, each case made for real."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import scenarios as sc
from support.anvil import AnvilNode
from support.scenarios import ChainEntry
from txdoctor.commands.cli import app

pytestmark = pytest.mark.anvil

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, list(args), input=stdin, env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"}
    )
    return result.exit_code, result.stdout, result.stderr


def diagnose_json(chains: Path, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run("diagnose", value, "--json", "--chains-file", str(chains), *extra)
    lines = out.splitlines()
    assert len(lines) == 1, (out, err)
    return code, json.loads(lines[0])


@pytest.fixture
def one_chain(anvil_a: AnvilNode, chains_file: Any) -> Path:
    return chains_file({"ethereum": ChainEntry(anvil_a, confirmations=5, block_time=12)})


@pytest.fixture
def two_chains(anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any) -> Path:
    return chains_file(
        {
            "ethereum": ChainEntry(anvil_a, confirmations=5),
            "bsc": ChainEntry(
                anvil_b, confirmations=5, native="BNB", explorer="https://bscscan.com/tx/{hash}"
            ),
        }
    )


def test_confirmed_transfer(anvil_a: AnvilNode, two_chains: Path) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    code, out = diagnose_json(two_chains, case.hash)
    assert code == 0
    assert out["verdict"] == "CONFIRMED" and out["severity"] == "ok"
    assert out["chain"] == "ethereum" and out["kind"] == "transaction"
    assert out["checked"] == {"ethereum": "found", "bsc": "not_found"}
    assert out["facts"]["confirmations"] >= 5
    assert out["facts"]["value"]["amount"] == "1"
    assert out["explorer_url"] == f"https://etherscan.io/tx/{case.hash}"
    assert out["findings"][0]["code"] == "CONFIRMED"


def test_confirming_transfer_says_how_many_left(anvil_a: AnvilNode, one_chain: Path) -> None:
    case = sc.confirming_transfer(anvil_a, blocks_after=1)
    code, out = diagnose_json(one_chain, case.hash)
    assert code == 0 and out["verdict"] == "CONFIRMING" and out["severity"] == "info"
    params = out["findings"][0]["params"]
    assert (params["confirmations"], params["required"]) == (2, 5)
    assert "2 of the 5 confirmations" in out["summary"]


def test_pending_with_mining_paused(anvil_pending: AnvilNode, chains_file: Any) -> None:
    case = sc.pending_transfer(anvil_pending)
    code, out = diagnose_json(chains_file({"ethereum": anvil_pending}), case.hash)
    assert out["verdict"] == "PENDING" and code == 0
    assert out["facts"]["state"] == "pending" and out["facts"]["block_number"] is None


def test_low_fee_gives_replacement_fees_that_really_get_mined(
    anvil_pending: AnvilNode, chains_file: Any
) -> None:
    case = sc.pending_low_fee(anvil_pending)
    code, out = diagnose_json(chains_file({"ethereum": anvil_pending}), case.hash)
    assert code == 1 and out["verdict"] == "PENDING_LOW_FEE"
    params = out["findings"][0]["params"]
    assert params["problem"] == "below_base_fee"
    assert f"nonce {case.nonce}" in out["steps"][0]
    # Send the advised speed-up with the same nonce: the node accepts it and mines it.
    max_fee = int(Decimal(params["new_max_fee_gwei"]) * 10**9)
    tip = int(Decimal(params["new_tip_gwei"]) * 10**9)
    replacement = sc.replace_pending(anvil_pending, case, max_fee=max_fee, tip=tip)
    anvil_pending.mine(1)
    receipt = anvil_pending.wait_for_receipt(replacement.hash)
    assert receipt["status"] == "0x1"


def test_nonce_gap_names_the_blocking_nonce(anvil_pending: AnvilNode, chains_file: Any) -> None:
    case = sc.pending_nonce_gap(anvil_pending, gap=1)
    code, out = diagnose_json(chains_file({"ethereum": anvil_pending}), case.hash)
    assert code == 1 and out["verdict"] == "PENDING_NONCE_GAP"
    assert out["findings"][0]["params"]["blocking_nonce"] == case.nonce - 1
    assert f"nonce {case.nonce - 1}" in out["summary"]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (sc.reverted_with_message, "The contract's reason: Insufficient balance for withdrawal"),
        (sc.reverted_with_panic, "Panic 0x11: an arithmetic overflow or underflow"),
        (sc.reverted_with_custom_error, "InsufficientBalance(uint256,uint256)"),
    ],
)
def test_reverts_are_explained(
    anvil_a: AnvilNode, one_chain: Path, make: Any, expected: str
) -> None:
    case = make(anvil_a)
    code, out = diagnose_json(one_chain, case.hash)
    assert code == 1 and out["verdict"] == "FAILED_REVERTED" and out["severity"] == "error"
    assert expected in out["summary"]


def test_out_of_gas(anvil_a: AnvilNode, one_chain: Path) -> None:
    case = sc.out_of_gas(anvil_a)
    code, out = diagnose_json(one_chain, case.hash)
    assert code == 1 and out["verdict"] == "FAILED_OUT_OF_GAS"
    assert out["facts"]["evm_fees"]["gas_used"] == out["facts"]["evm_fees"]["gas_limit"]


def test_wrong_network(anvil_b: AnvilNode, two_chains: Path) -> None:
    case = sc.wrong_network(anvil_b, confirmations_after=6)
    code, out = diagnose_json(two_chains, case.hash, "--expect-chain", "ethereum")
    assert code == 1 and out["verdict"] == "WRONG_NETWORK" and out["chain"] == "bsc"
    assert [f["code"] for f in out["findings"]][:2] == ["WRONG_NETWORK", "CONFIRMED"]


def test_explorer_url_implies_the_expected_chain(anvil_b: AnvilNode, two_chains: Path) -> None:
    case = sc.wrong_network(anvil_b)
    code, out = diagnose_json(two_chains, f"https://etherscan.io/tx/{case.hash}")
    assert code == 1 and out["verdict"] == "WRONG_NETWORK" and out["value"] == case.hash


def test_random_hash_is_not_found_everywhere(two_chains: Path) -> None:
    code, out = diagnose_json(two_chains, sc.random_hash())
    assert code == 1 and out["verdict"] == "NOT_FOUND" and out["chain"] is None
    assert out["checked"] == {"ethereum": "not_found", "bsc": "not_found"}


def test_dead_endpoint_is_unreachable_and_reported(two_chains: Path) -> None:
    code, out = diagnose_json(
        two_chains, sc.random_hash(), "--rpc", "bsc=http://127.0.0.1:9", "--timeout", "1"
    )
    assert code == 1 and out["verdict"] == "NOT_FOUND"
    assert out["checked"]["bsc"] == "unreachable"
    assert "CHAINS_UNCHECKED" in [f["code"] for f in out["findings"]]


def test_every_endpoint_dead_exits_3(two_chains: Path) -> None:
    code, out = diagnose_json(
        two_chains,
        sc.random_hash(),
        "--rpc",
        "bsc=http://127.0.0.1:9",
        "--rpc",
        "ethereum=http://127.0.0.1:9",
        "--timeout",
        "1",
    )
    assert code == 3 and out["verdict"] == "UNREACHABLE"


def test_endpoint_for_another_chain_is_not_trusted(
    anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any
) -> None:
    case = sc.wrong_network(anvil_b)
    chains = chains_file({"ethereum": anvil_a})
    code, out = diagnose_json(chains, case.hash, "--rpc", f"ethereum={anvil_b.url}")
    assert out["verdict"] == "UNREACHABLE" and code == 3
    assert "answers for chain id 31338, not 31337" in json.dumps(out["findings"])


def test_stdin_batch_keeps_order_and_human_view(anvil_a: AnvilNode, one_chain: Path) -> None:
    ok = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    failed = sc.out_of_gas(anvil_a)
    code, out, _ = run(
        "diagnose",
        "-",
        "--json",
        "--chains-file",
        str(one_chain),
        stdin=f"{ok.hash}\n\n  {failed.hash}  \nnot-a-hash\n",
    )
    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    assert verdicts == ["CONFIRMED", "FAILED_OUT_OF_GAS", "INVALID_INPUT"]
    assert code == 2  # bad input outranks the failed transaction

    code, human, _ = run("diagnose", failed.hash, "--chains-file", str(one_chain))
    assert "Failed: out of gas" in human and "What to do:" in human
    assert failed.hash in human and "\x1b[" not in human


def test_console_script_runs_as_installed(anvil_a: AnvilNode, one_chain: Path) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    script = Path(sys.executable).with_name("txdoctor")
    proc = subprocess.run(
        [str(script), "diagnose", case.hash, "--json", "--chains-file", str(one_chain)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] == "CONFIRMED"


def test_address_active_unused_and_contract(
    anvil_a: AnvilNode, anvil_b: AnvilNode, two_chains: Path
) -> None:
    sender = sc.confirmed_transfer(anvil_a, confirmations_after=1).sender
    code, out = diagnose_json(two_chains, sender)
    assert code == 0 and out["kind"] == "address" and out["verdict"] == "ADDRESS_OK"
    assert out["checked"]["ethereum"] == "found"
    assert int(out["facts"]["addresses"]["ethereum"]["nonces"]["latest"]) >= 1

    code, out = diagnose_json(two_chains, sc.unused_address())
    assert code == 1 and out["verdict"] == "ADDRESS_UNUSED"
    assert out["checked"] == {"ethereum": "not_found", "bsc": "not_found"}

    contract = sc.deploy_reverter(anvil_a)
    code, out = diagnose_json(two_chains, contract)
    assert out["verdict"] == "ADDRESS_IS_CONTRACT" and "ethereum" in out["summary"].lower()


def test_address_whose_only_transaction_waits_behind_a_gap_is_stuck(
    anvil_pending: AnvilNode, chains_file: Any
) -> None:
    case = sc.pending_nonce_gap(anvil_pending, gap=1)
    code, out = diagnose_json(chains_file({"ethereum": anvil_pending}), case.sender)
    assert code == 1 and out["verdict"] == "ADDRESS_STUCK_PENDING"
    assert out["findings"][0]["params"]["blocking_nonce"] == case.nonce - 1
    assert f"No transaction with nonce {case.nonce - 1} is known" in out["summary"]


def test_expected_chain_is_searched_even_outside_chain_filter(
    anvil_b: AnvilNode, two_chains: Path
) -> None:
    case = sc.wrong_network(anvil_b, confirmations_after=6)
    code, out = diagnose_json(two_chains, case.hash, "--chain", "bsc", "--expect-chain", "ethereum")
    assert code == 1 and out["verdict"] == "WRONG_NETWORK"
    assert out["checked"] == {"ethereum": "not_found", "bsc": "found"}


def test_every_endpoint_on_another_chain_says_so_not_the_internet(
    anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any
) -> None:
    chains = chains_file({"ethereum": anvil_a})
    code, out = diagnose_json(chains, sc.random_hash(), "--rpc", f"ethereum={anvil_b.url}")
    assert code == 3 and out["verdict"] == "UNREACHABLE"
    assert "another network than configured" in " ".join(out["notes"])  # the agent's note
    assert "internet connection is fine" in " ".join(out["notes"])
