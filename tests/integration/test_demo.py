"""`txdoctor demo` end to end: real nodes, every case, every verdict, and no node left over."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from support.anvil import find_anvil
from txdoctor.commands.cli import app
from txdoctor.commands.demo.cases import CASES
from txdoctor.commands.demo.token import CREATION_CODE

pytestmark = pytest.mark.anvil

runner = CliRunner()
EXPECTED = (
    "CONFIRMED",
    "FAILED_REVERTED",
    "FAILED_OUT_OF_GAS",
    "WRONG_NETWORK",
    "FAKE_TOKEN",
    "SENT_TO_TOKEN_CONTRACT",
    "PENDING_NONCE_GAP",
    "PENDING_LOW_FEE",
)
AS_EXPECTED = {
    "en": "txdoctor's verdict: {code}, as expected.",
    "zh-CN": "txdoctor 的诊断结论：{code}，与预期一致。",
    "zh-TW": "txdoctor 的診斷結論：{code}，與預期一致。",
}
URL = re.compile(r"http://127\.0\.0\.1:(\d+)")


@pytest.fixture
def env() -> dict[str, str]:
    return {"TXDOCTOR_ANVIL": find_anvil(), "NO_COLOR": "1", "COLUMNS": "200"}


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ports(text: str) -> list[int]:
    return sorted({int(p) for p in URL.findall(text)})


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_demo_makes_and_diagnoses_every_case_then_stops_its_nodes(
    env: dict[str, str], lang: str
) -> None:
    result = runner.invoke(app, ["demo", "--lang", lang], env=env)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(CASES) == len(EXPECTED)
    for code in EXPECTED:
        assert AS_EXPECTED[lang].format(code=code) in result.stdout
    used = ports(result.stdout)
    assert len(used) == 2
    assert not any(listening(port) for port in used)


def test_the_demo_token_is_the_test_token_compiled_from_its_source(contracts: Any) -> None:
    assert contracts["TestToken"].bytecode == "0x" + CREATION_CODE


@pytest.fixture
def kept_nodes() -> Iterator[list[int]]:
    pids: list[int] = []
    yield pids
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def test_keep_leaves_the_nodes_running_and_prints_commands_that_work(
    env: dict[str, str], kept_nodes: list[int]
) -> None:
    result = runner.invoke(app, ["demo", "--keep"], env=env)
    kill = re.search(r"kill ((?:\d+ ?)+)$", result.stdout, re.MULTILINE)
    assert kill is not None, result.stdout
    kept_nodes += [int(pid) for pid in kill.group(1).split()]
    assert result.exit_code == 0
    assert all(listening(port) for port in ports(result.stdout))
    commands = re.findall(r"^    (txdoctor diagnose .*)$", result.stdout, re.MULTILINE)
    assert len(commands) == len(EXPECTED)
    wrong_network = next(c for c in commands if "--expect-chain" in c)
    by_hand = runner.invoke(app, [*wrong_network.split()[1:], "--json"])
    assert '"verdict": "WRONG_NETWORK"' in by_hand.stdout


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_demo_stops_the_nodes_it_started(
    env: dict[str, str], sig: signal.Signals
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "txdoctor", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + 60
    while len(ports(seen)) < 2 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
    used = ports(seen)
    assert len(used) == 2, seen
    process.send_signal(sig)
    rest, _ = process.communicate(timeout=30)
    assert process.returncode == 130, seen + rest
    assert "Traceback" not in seen + rest
    assert not any(listening(port) for port in used)
