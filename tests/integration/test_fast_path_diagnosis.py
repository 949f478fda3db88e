"""A diagnosis on a real node says the same through the console script's fast path as
through the typer application (``tests/unit/cli/test_fast_path.py`` covers help and usage)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import scenarios as sc
from support.anvil import AnvilNode
from support.entry_points import assert_same
from support.scenarios import ChainEntry

pytestmark = pytest.mark.anvil


@pytest.fixture
def one_chain(anvil_a: AnvilNode, chains_file: Any) -> Path:
    return chains_file({"ethereum": ChainEntry(anvil_a, confirmations=5, block_time=12)})


@pytest.mark.parametrize("extra", [[], ["--json"], ["--format", "agent", "--lang", "zh-TW"]])
def test_a_confirmed_transfer_reads_the_same(
    anvil_a: AnvilNode, one_chain: Path, extra: list[str], tmp_path: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    said = assert_same(
        ["diagnose", case.hash, "--chains-file", str(one_chain), *extra], tmp_path, fast=True
    )
    assert said.startswith("0\n") and case.hash in said


def test_a_revert_and_an_unknown_hash_read_the_same(
    anvil_a: AnvilNode, one_chain: Path, tmp_path: Path
) -> None:
    case = sc.reverted_with_message(anvil_a)
    said = assert_same(
        ["diagnose", case.hash, sc.random_hash(), "--chains-file", str(one_chain)],
        tmp_path,
        fast=True,
    )
    assert case.reason and case.reason in said


# Read for every family by design: the message catalog (advise/catalog) and the API keys
# (fetch/keys.py), each a few small modules.
SHARED_BY_DESIGN = ("messages", "fetch_key")


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_an_evm_answer_loads_no_other_family(
    anvil_a: AnvilNode, one_chain: Path, extra: list[str], tmp_path: Path
) -> None:
    """Start-up cost: the facts, rules, fetchers and JSON fields of Bitcoin, Tron, Solana,
    EOS, Aptos and Polkadot stay unloaded while an EVM transfer is answered; so does the
    retry machinery (tenacity) while no request needs a retry."""
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    code = (
        "import sys\n"
        "sys.argv[0] = 'txdoctor'\n"
        "from txdoctor.commands.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('tenacity' in sys.modules, file=sys.stderr)\n"
        "print(sorted(m for m in sys.modules if m.startswith('txdoctor.families.')), "
        "file=sys.stderr)\n"
    )
    env = {**os.environ, "TXDOCTOR_DATA_DIR": str(tmp_path), "TXDOCTOR_LANG": "en"}
    args = ["diagnose", case.hash, "--chains-file", str(one_chain), *extra]
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0 and "CONFIRMED" in done.stdout.upper(), done.stderr
    *_, retried, families = done.stderr.strip().splitlines()
    assert retried == "False"
    loaded = ast.literal_eval(families)
    others = [
        m
        for m in loaded
        if m.split(".")[2] != "evm"
        and len(m.split(".")) > 3
        and m.split(".")[3] not in SHARED_BY_DESIGN
    ]
    assert others == []
    assert "txdoctor.families.evm.facts" in loaded  # the check can see a family's modules
