"""`txdoctor batch` streams: each row is written as soon as it is concluded (so a kill loses
only the rows in flight), `--order` picks input or completion order, and the summary after
`--resume` covers every row of the file."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_batch import TXDOCTOR, line_count, records, run, start_batch, wait_for

from support import scenarios as sc
from support.anvil import AnvilNode
from support.proxy import RpcProxy
from support.scenarios import ChainEntry

pytestmark = pytest.mark.anvil

ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"  # anvil's first account
NO_CHAIN_VERDICTS = {"INVALID_INPUT", "SECRET_REFUSED"}


@pytest.fixture
def gated(anvil_a: AnvilNode, chains_file: Any) -> Iterator[tuple[threading.Event, Path]]:
    """A chain whose endpoint answers nothing until the gate opens (then as anvil does)."""
    gate = threading.Event()

    def hold(number: int, body: Any) -> None:
        gate.wait(timeout=120)  # bounded: the proxy thread never hangs for good

    with RpcProxy(anvil_a.url, throttle=hold) as proxy:
        chains = chains_file({"ethereum": ChainEntry(anvil_a, confirmations=5,
                                                     extra={"rpc": [proxy.url]})})
        yield gate, chains
        gate.set()


def test_a_kill_mid_window_loses_only_the_rows_in_flight(
        anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path) -> None:
    gate, chains = gated
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    lines = [confirmed if i % 2 else f"junk-{i}" for i in range(40)]  # one window of 40 rows
    source, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_text("ticket,hash\n" + "".join(f"T-{i},{h}\n" for i, h in enumerate(lines)))
    junk_rows = sum(1 for line in lines if line.startswith("junk"))
    child = start_batch(source, out, chains, "--timeout", "60", "--deadline", "60")
    # The endpoint answers nothing yet: the rows that need no chain are written all the same.
    wait_for(lambda: line_count(out) >= junk_rows or child.poll() is not None)
    assert child.poll() is None, "finished although its endpoint never answered"
    child.send_signal(signal.SIGKILL)
    child.communicate()
    before = out.read_bytes()
    saved = records(out)
    assert len(saved) == junk_rows
    assert {r["verdict"] for r in saved} <= NO_CHAIN_VERDICTS
    gate.set()
    resumed = start_batch(source, out, chains, "--resume")
    _, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 1, stderr
    after = out.read_bytes()
    assert after.startswith(before)  # nothing written before the kill is redone
    got = records(out)
    assert sorted(r["row"] for r in got) == list(range(2, len(lines) + 2))  # none lost or twice
    redone = got[len(saved):]
    assert {r["verdict"] for r in redone} == {"CONFIRMED"}  # only the rows in flight
    assert f"{junk_rows} were done before" in stderr


def test_reply_is_in_input_order_and_jsonl_in_completion_order(
        anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path) -> None:
    gate, chains = gated
    gate.set()
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    lines = [confirmed, "junk", confirmed, "junk"]
    source = tmp_path / "in.txt"
    source.write_text("\n".join(lines) + "\n")
    _, replies, _ = run("batch", str(source), "--format", "reply", "--chains-file",
                        str(chains), "--quiet")
    assert [int(n) for n in re.findall(r"^=== row (\d+)", replies, re.MULTILINE)] == [1, 2, 3, 4]
    _, jsonl, _ = run("batch", str(source), "--chains-file", str(chains), "--quiet")
    # The junk rows need no chain: concluded (and written) before the hashes.
    assert [json.loads(line)["row"] for line in jsonl.splitlines()] == [2, 4, 1, 3]
    _, ordered, _ = run("batch", str(source), "--order", "input", "--chains-file",
                        str(chains), "--quiet")
    assert [json.loads(line)["row"] for line in ordered.splitlines()] == [1, 2, 3, 4]
    code, _, stderr = run("batch", str(source), "--order", "random", "--chains-file",
                          str(chains))
    assert code == 2 and "--order" in stderr and "Traceback" not in stderr


def test_the_summary_after_resume_counts_every_row_of_the_file(
        anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path) -> None:
    gate, chains = gated
    gate.set()
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    source, out = tmp_path / "in.txt", tmp_path / "out.jsonl"
    source.write_text(f"{confirmed}\njunk\n")
    run("batch", str(source), "--out", str(out), "--chains-file", str(chains))
    source.write_text(f"{confirmed}\njunk\n{confirmed}\n")  # the file grew
    code, _, stderr = run("batch", str(source), "--out", str(out), "--resume",
                          "--chains-file", str(chains))
    assert code == 1, stderr
    assert re.search(r"CONFIRMED\s+2\b", stderr), stderr  # one from each run
    assert re.search(r"INVALID_INPUT\s+1\b", stderr), stderr
    assert "2 were done before" in stderr


def test_stdin_rows_are_answered_while_the_input_is_still_open(
        anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path) -> None:
    gate, chains = gated
    gate.set()
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    out = tmp_path / "out.jsonl"
    child = subprocess.Popen(
        [TXDOCTOR, "batch", "-", "--out", str(out), "--chains-file", str(chains)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1", "TXDOCTOR_LANG": "en"})
    assert child.stdin is not None
    # A hash is held until the next row shows it is no key followed by its label (a secret
    # spread over lines): an address after it lets it go.
    child.stdin.write(f"junk\n{confirmed}\n{ADDRESS}\n")
    child.stdin.flush()
    wait_for(lambda: line_count(out) >= 3 or child.poll() is not None)
    assert child.poll() is None  # still reading its input
    verdicts = [r["verdict"] for r in records(out)]
    assert "CONFIRMED" in verdicts and "INVALID_INPUT" in verdicts and len(verdicts) == 3
    child.stdin.write("more junk\n")
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 1, stderr
    assert sorted(r["row"] for r in records(out)) == [1, 2, 3, 4]
