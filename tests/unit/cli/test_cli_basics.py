"""What a user meets first: help, bad usage, bad files, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support import http_mock
from support.rpc_mock import serve_rpc
from txdoctor.commands.cli import app

runner = CliRunner()
HASH = "0x" + "ab" * 32


def test_importing_the_cli_does_not_load_web3() -> None:
    code = (
        "import sys, txdoctor.commands.cli; "
        "print(sorted(m for m in ('web3', 'eth_abi', 'eth_utils') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_help_and_a_plain_hash_load_no_help_formatter_nor_wordlists() -> None:
    """`--help` is plain text (rich and markdown-it cost ~0.2 s to load), and neither the
    help nor the secret check of a hash builds the BIP-39 wordlists (`mnemonic`)."""
    code = (
        "import sys\n"
        "from txdoctor.commands.cli import main\n"
        "from txdoctor.input import classify\n"
        f"assert classify({HASH!r}).kind.value == 'transaction'\n"
        "sys.argv = ['txdoctor', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'markdown_it', 'pygments', 'mnemonic') "
        "if m in sys.modules), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: txdoctor" in run.stdout and "diagnose" in run.stdout
    assert run.stderr.strip() == "[]"


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "diagnose" in result.stdout and "chains" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["diagnose", HASH, "--chains-file", "/nonexistent/chains.yaml"], "cannot read the file"),
        (["diagnose", HASH, "--expect-chain", "narnia"], "unknown chain 'narnia'"),
        (["diagnose", HASH, "--chain", "narnia"], "unknown chain 'narnia'"),
        (["diagnose", HASH, "--rpc", "ethereum"], "NAME=URL"),
        (["diagnose", HASH, "--lang", "fr"], "--lang"),
        (["diagnose", HASH, "--color", "purple"], "--color"),
    ],
)
def test_bad_usage_is_a_clear_message_and_exit_2(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_invalid_input_exits_2_without_touching_the_network(tmp_path: Path) -> None:
    with http_mock.HttpMock() as rsps:  # any request would fail the test
        result = runner.invoke(app, ["diagnose", "0x1234", "--json"])
        assert len(rsps.calls) == 0
    assert result.exit_code == 2
    assert json.loads(result.stdout)["verdict"] == "INVALID_INPUT"


def test_chains_lists_the_default_configuration() -> None:
    result = runner.invoke(app, ["chains", "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche"} <= {
        r["name"] for r in rows
    }


@http_mock.activate
def test_chains_check_reports_chain_id_block_and_latency() -> None:
    serve_rpc(
        http_mock.mock,
        "https://good.test/",
        lambda m, p: {"eth_chainId": "0x1", "eth_blockNumber": "0x112a880"}[m],
    )
    serve_rpc(
        http_mock.mock,
        "https://other.test/",
        lambda m, p: {"eth_chainId": "0x38", "eth_blockNumber": "0x10"}[m],
    )
    result = runner.invoke(
        app,
        [
            "chains",
            "--check",
            "--json",
            "--chain",
            "ethereum",
            "--rpc",
            "ethereum=https://good.test/",
            "--rpc",
            "ethereum=https://other.test/",
        ],
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["reachable"], r["chain_id_ok"], r["latest_block"]) for r in rows] == [
        (True, True, 18_000_000),
        (True, False, 16),
    ]
    assert all(r["latency_ms"] is not None for r in rows)
    assert result.exit_code == 0
