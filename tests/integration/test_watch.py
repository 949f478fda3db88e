"""`txdoctor watch`, and REPLACED / DROPPED told apart by the history, made for real on anvil."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
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
TXDOCTOR = str(Path(sys.executable).with_name("txdoctor"))


def diagnose(chains: Path, tx_hash: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(
        app,
        ["diagnose", tx_hash, "--json", "--chains-file", str(chains)],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    return result.exit_code, json.loads(result.stdout)


class Watch:
    """``txdoctor watch`` in a child process; its stdout lines arrive in a queue."""

    def __init__(self, chains: Path, tx_hash: str, *extra: str) -> None:
        self.process = subprocess.Popen(
            [
                TXDOCTOR,
                "watch",
                tx_hash,
                "--chains-file",
                str(chains),
                "--interval",
                "0.2",
                "--timeout",
                "60",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        stdout = self.process.stdout
        self._reader = threading.Thread(
            target=lambda: [self.lines.put(line) for line in stdout], daemon=True
        )
        self._reader.start()

    def next_json(self) -> dict[str, Any]:
        line: dict[str, Any] = json.loads(self.lines.get(timeout=30))
        return line

    def finish(self) -> tuple[int, str]:
        self.process.wait(timeout=30)  # not communicate(): the reader thread owns stdout
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        return self.process.returncode, self.process.stderr.read()

    def rest(self) -> str:
        out = []
        while not self.lines.empty():
            out.append(self.lines.get_nowait())
        return "".join(out)


@pytest.fixture
def node(anvil_pending: AnvilNode) -> AnvilNode:
    return anvil_pending


@pytest.fixture
def chains(node: AnvilNode, chains_file: Any) -> Path:
    return chains_file({"ethereum": ChainEntry(node, confirmations=3)})


def test_watch_follows_a_pending_transfer_until_it_is_confirmed(
    node: AnvilNode, chains: Path
) -> None:
    case = sc.pending_transfer(node)
    watch = Watch(chains, case.hash, "--json")
    seen = []
    for _ in range(4):
        report = watch.next_json()
        seen.append((report["verdict"], report["facts"]["confirmations"]))
        if report["verdict"] != "CONFIRMED":
            node.mine(1)
    code, stderr = watch.finish()
    assert seen == [("PENDING", None), ("CONFIRMING", 1), ("CONFIRMING", 2), ("CONFIRMED", 3)]
    assert code == 0, stderr


def test_watch_prints_each_change_for_people(node: AnvilNode, chains: Path) -> None:
    case = sc.pending_transfer(node)
    watch = Watch(chains, case.hash)
    assert "Pending" in watch.lines.get(timeout=30)
    node.mine(3)
    code, stderr = watch.finish()
    rest = watch.rest()
    assert code == 0 and "Watching" in stderr
    assert "Confirmed" in rest and "What to do" in rest  # the whole final report


def test_a_speed_up_shows_as_replaced_and_then_names_the_replacement(
    node: AnvilNode, chains: Path
) -> None:
    case = sc.pending_transfer(node)
    assert diagnose(chains, case.hash)[1]["verdict"] == "PENDING"  # remembered
    old = node.transaction(case.hash)
    assert old is not None
    fee = int(old["maxFeePerGas"], 16) * 2
    speed_up = sc.replace_pending(node, case, max_fee=fee, tip=fee // 2)
    code, waiting = diagnose(chains, case.hash)
    assert code == 1 and waiting["verdict"] == "REPLACED" and waiting["chain"] == "ethereum"
    assert waiting["findings"][0]["params"]["replacement_state"] == "pending"
    node.mine(1)
    code, mined = diagnose(chains, case.hash)
    params = mined["findings"][0]["params"]
    assert code == 1 and mined["verdict"] == "REPLACED"
    assert params["replaced_by"] == speed_up.hash and params["replacement_kind"] == "speed_up"
    assert speed_up.hash in mined["summary"] and "speed-up" in mined["summary"]


def test_a_cancel_shows_as_replaced_by_a_cancel(node: AnvilNode, chains: Path) -> None:
    case = sc.pending_transfer(node)
    diagnose(chains, case.hash)
    old = node.transaction(case.hash)
    assert old is not None
    fee = int(old["maxFeePerGas"], 16) * 2
    cancel = node.rpc(
        "eth_sendTransaction",
        {
            "from": case.sender,
            "to": case.sender,
            "value": "0x0",
            "nonce": hex(case.nonce),
            "maxFeePerGas": hex(fee),
            "maxPriorityFeePerGas": hex(fee // 2),
        },
    )
    node.mine(1)
    code, report = diagnose(chains, case.hash)
    params = report["findings"][0]["params"]
    assert code == 1 and report["verdict"] == "REPLACED" and params["replaced_by"] == cancel
    assert params["replacement_kind"] == "cancel" and "nothing was paid" in report["summary"]


def test_a_dropped_transaction_is_dropped_only_when_it_was_seen(
    node: AnvilNode, chains: Path, _private_data_dir: Path
) -> None:
    seen, unseen = (
        sc.pending_transfer(node),
        sc.pending_transfer(node, sender=sc.dev_account(node, sc.Account.CONFIRMED)),
    )
    assert diagnose(chains, seen.hash)[1]["verdict"] == "PENDING"
    assert sc.drop(node, seen.hash) and sc.drop(node, unseen.hash)
    code, report = diagnose(chains, seen.hash)
    assert code == 1 and report["verdict"] == "DROPPED" and report["chain"] == "ethereum"
    assert f"nonce {seen.nonce} is still unused" in report["summary"]
    assert "Send the payment again" in report["steps"][0]
    assert diagnose(chains, unseen.hash)[1]["verdict"] == "NOT_FOUND"  # never seen pending
    assert (_private_data_dir / "history.sqlite3").exists()


def test_watch_ends_with_replaced_when_the_transaction_is_replaced(
    node: AnvilNode, chains: Path
) -> None:
    case = sc.pending_transfer(node)
    watch = Watch(chains, case.hash, "--json")
    assert watch.next_json()["verdict"] == "PENDING"
    old = node.transaction(case.hash)
    assert old is not None
    fee = int(old["maxFeePerGas"], 16) * 2
    sc.replace_pending(node, case, max_fee=fee, tip=fee // 2)
    assert watch.next_json()["verdict"] == "REPLACED"
    code, _ = watch.finish()
    assert code == 1


def test_watch_gives_up_at_its_timeout_with_status_4(node: AnvilNode, chains: Path) -> None:
    result = subprocess.run(
        [
            TXDOCTOR,
            "watch",
            sc.random_hash(),
            "--chains-file",
            str(chains),
            "--interval",
            "0.2",
            "--timeout",
            "0.7",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    assert result.returncode == 4
    assert "gave up after" in result.stderr and "NOT_FOUND" in result.stderr
    assert result.stdout.count("Not found") == 1  # printed once: nothing changed after


def test_watch_of_something_that_is_not_a_hash_ends_at_once(chains: Path) -> None:
    result = runner.invoke(
        app,
        ["watch", "hello", "--chains-file", str(chains)],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    assert result.exit_code == 2 and "Not a valid hash" in result.stdout
