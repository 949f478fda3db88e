"""A chain family is one package and one registry line: a toy family plugs in everywhere.

The test points the Solana registry line at ``tests/support/toy_family`` and runs the real CLI
in a fresh process (the registry is read as each layer first needs a family): the toy's fetcher
is asked through the shared transport, its rules give the verdict, its catalog words it, its
render module adds its row, and ``chains --check`` uses its health check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from txdoctor.core import base58

TESTS = Path(__file__).resolve().parents[1]
SIGNATURE = base58.encode(bytes(range(64)))
RUN_WITH_TOY = (
    "import sys; from txdoctor.core import registry; "
    "from txdoctor.core.family import Family; "
    "registry.use_package(Family.SOLANA, 'support.toy_family'); "
    "from txdoctor.commands.cli import main; sys.argv[0] = 'txdoctor'; main()"
)


class ToyNode(BaseHTTPRequestHandler):
    """The toy chain: one transaction at block 90, tip 99."""

    def do_GET(self) -> None:
        if self.path == f"/tx/{SIGNATURE}":
            self._send(200, {"block": 90, "tip": 99, "value": 1_500_000_000})
        elif self.path == "/tip":
            self._send(200, {"tip": 99})
        else:
            self._send(404, {"error": "unknown"})

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def toy_chains(tmp_path: Path) -> Iterator[Path]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ToyNode)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = tmp_path / "chains.yaml"
    path.write_text(
        "chains:\n  toy:\n    family: solana\n    display_name: Toy Chain\n"
        f"    rpc: http://127.0.0.1:{server.server_address[1]}\n"
        "    confirmations: 3\n"
    )
    yield path
    server.shutdown()


def txdoctor(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{TESTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-c", RUN_WITH_TOY, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_toy_family_answers_diagnoses_words_and_renders(toy_chains: Path) -> None:
    run = txdoctor("diagnose", SIGNATURE, "--chains-file", str(toy_chains), "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert "Toy-confirmed · Toy Chain" in run.stdout
    assert "The toy chain buried it 10 blocks deep." in run.stdout  # 99 - 90 + 1
    assert "Toy depth" in run.stdout and "10 toy blocks" in run.stdout
    assert "1.5 SOL" in run.stdout  # the family's built-in native coin and decimals


def test_the_toy_family_answers_json_and_chains_check(toy_chains: Path) -> None:
    run = txdoctor("diagnose", SIGNATURE, "--chains-file", str(toy_chains), "--json")
    row = json.loads(run.stdout)
    assert (row["verdict"], row["chain"], row["facts"]["confirmations"]) == ("CONFIRMED", "toy", 10)
    check = txdoctor("chains", "--check", "--json", "--chains-file", str(toy_chains))
    assert check.returncode == 0, check.stderr
    (health,) = [json.loads(line) for line in check.stdout.splitlines()]
    assert health["latest_block"] == 99 and health["reachable"] is True


def test_without_the_toy_the_real_solana_code_is_used(toy_chains: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "txdoctor",
            "diagnose",
            SIGNATURE,
            "--chains-file",
            str(toy_chains),
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert json.loads(run.stdout)["verdict"] != "CONFIRMED"  # a REST toy is no Solana node
