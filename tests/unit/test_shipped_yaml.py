"""The built-in YAML files are parsed once and kept as JSON: the next command reads the same
chains without loading PyYAML, and a damaged, stale or unwritable copy costs only a parse."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from txdoctor.config import load_chains
from txdoctor.core import shipped_yaml

DEFAULT_CHAINS = (
    "import sys; from txdoctor.commands.running import chains_config; "
    "config = chains_config(None, None, None, None); "
    "print(len(config.names()), 'yaml' in sys.modules)"
)


@pytest.fixture
def kept_in(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    shipped_yaml.keep_parsed_in(folder)
    yield folder
    shipped_yaml.keep_parsed_in(None)


def run_default_chains(data: Path) -> list[str]:
    env = {"TXDOCTOR_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", DEFAULT_CHAINS], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_second_command_reads_the_default_chains_without_the_yaml_parser(
    tmp_path: Path,
) -> None:
    first = run_default_chains(tmp_path)
    second = run_default_chains(tmp_path)
    assert first[0] == second[0] == str(len(load_chains(environ={}).names()))
    assert (first[1], second[1]) == ("True", "False")


def test_the_kept_copy_gives_the_same_chains(kept_in: Path) -> None:
    shipped_yaml.keep_parsed_in(None)
    fresh = load_chains(environ={}).chains
    shipped_yaml.keep_parsed_in(kept_in)
    text = "chains:\n  a: {rpc: [x], n: 1}\n"
    assert shipped_yaml.load(text, "t") == shipped_yaml.load(text, "t")
    (copy,) = kept_in.glob("shipped-t-*.json")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept_in.stat().st_mode) == 0o700
    assert load_chains(environ={}).chains == fresh


def test_a_damaged_copy_is_parsed_again_and_rewritten(kept_in: Path) -> None:
    text = "known:\n  1: {native: ETH}\n"
    expected = shipped_yaml.load(text, "t")
    (copy,) = kept_in.glob("shipped-t-*.json")
    copy.write_text('{"known": {"1": {"nat')
    assert shipped_yaml.load(text, "t") == expected == {"known": {"1": {"native": "ETH"}}}
    assert copy.read_text().startswith('{"known":{"1":')


def test_a_new_version_of_the_file_replaces_the_old_copy(kept_in: Path) -> None:
    assert shipped_yaml.load("a: 1\n", "t") == {"a": 1}
    assert shipped_yaml.load("a: 2\n", "t") == {"a": 2}
    (only,) = kept_in.glob("shipped-t-*.json")
    assert only.read_text() == '{"a":2}'


def test_an_unwritable_folder_costs_only_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    shipped_yaml.keep_parsed_in(blocker / "data")
    try:
        assert shipped_yaml.load("a: [1, 2]\n", "t") == {"a": [1, 2]}
    finally:
        shipped_yaml.keep_parsed_in(None)
    assert list(tmp_path.iterdir()) == [blocker]
