"""A diagnosis on a real node says the same through the console script's fast path as
through the typer application (``tests/unit/cli/test_fast_path.py`` covers help and usage)."""

from __future__ import annotations

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
