"""The console entry point's fast path (``commands/entry.py``) says and returns exactly what
the typer application says and returns, for the command lines it takes and for those it
hands over; and it takes the common ones without loading typer or pydantic.

Each case runs twice in a fresh process: through the console entry point, and through the
typer application's own ``main`` (the entry point before the fast path existed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.entry_points import assert_same
from txdoctor.commands.cli import app
from txdoctor.commands.entry import SPECS, value_options

HASH = "0x" + "ab" * 32
# The BIP-39 test vector (public, holds nothing): a recovery phrase given as an option value.
PHRASE = " ".join(["abandon"] * 11 + ["about"])


@pytest.mark.parametrize("columns", ["40", "80", "200"])
def test_help_is_typer_s_help_at_any_width(columns: str, tmp_path: Path) -> None:
    said = assert_same(["--help"], tmp_path, fast=True, COLUMNS=columns)
    assert said.startswith("0\nUsage: txdoctor [OPTIONS] COMMAND [ARGS]...")
    assert all(name in said for name in ("diagnose", "batch", "serve", "--verbose"))


@pytest.mark.parametrize(
    "args",
    [
        [],  # no command: help on stderr, exit 2
        ["diagnose", "--help"],
        ["diagnose"],  # no input
        ["diagnose", HASH, "--bogus"],
        ["diagnose", HASH, "--jsn"],
        ["diagnose", HASH, "--json=yes"],
        ["diagnose", HASH, "--timeout", "0"],
        ["diagnose", HASH, "--timeout", "soon"],
        ["diagnose", HASH, "--deadline"],
        ["diagnose", HASH, "--chain-id", "0"],
        ["diagnose", HASH, "--chain-id", "1e3"],
        ["diagnose", "-5"],
        ["--debug", "diagnose", HASH, "--stall", "-1"],
        ["-vv", "diagnose", "0x1234"],
        ["diagnose", "0x1234", "--debug"],
        ["codes", "--json"],
        ["explain", "NOT_A_CODE"],
    ],
)
def test_command_lines_it_does_not_take_are_typer_s(args: list[str], tmp_path: Path) -> None:
    assert_same(args, tmp_path, fast=False)


def test_shell_completion_is_typer_s(tmp_path: Path) -> None:
    env = {"_TXDOCTOR_COMPLETE": "bash_complete", "COMP_WORDS": "txdoctor diag", "COMP_CWORD": "1"}
    assert_same(["diagnose", "0x1234"], tmp_path, fast=False, **env)


def test_a_bad_deadline_in_the_environment_is_typer_s_error(tmp_path: Path) -> None:
    said = assert_same(["diagnose", HASH], tmp_path, fast=False, TXDOCTOR_DEADLINE="soon")
    assert said.startswith("2\n")


@pytest.mark.parametrize(
    "args",
    [
        ["diagnose", "0x1234"],  # invalid input: a report, no network
        ["diagnose", "0x1234", "--json"],
        ["diagnose", "0x1234", "--format=reply", "--lang", "zh-CN"],
        ["--debug", "-v", "diagnose", "--", "0x1234", "-"],
        ["diagnose", HASH, "--lang", "fr"],
        ["diagnose", HASH, "--color", "purple"],
        ["diagnose", HASH, "--format", "yaml"],
        ["diagnose", HASH, "--json", "--format", "reply"],
        ["diagnose", HASH, "--expect-chain", "narnia"],
        ["diagnose", HASH, "--chain", "narnia", "--chain=ethereum"],
        ["diagnose", HASH, "--rpc", "ethereum"],
        ["diagnose", HASH, "--chains-file", "/nonexistent/chains.yaml"],
        ["diagnose", HASH, "--chain", PHRASE],  # a secret as an option value: refused
        ["diagnose", PHRASE, "--json"],  # a secret as an input: its own report
    ],
)
def test_command_lines_it_takes_end_as_typer_ends_them(args: list[str], tmp_path: Path) -> None:
    said = assert_same(args, tmp_path, fast=True)
    assert "abandon" not in said


def test_an_unreachable_chain_is_the_same_report(tmp_path: Path) -> None:
    """A real lookup through the fast path: a chain whose endpoint refuses connections."""
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        "chains:\n  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [http://127.0.0.1:9]\n"
    )
    said = assert_same(
        ["diagnose", HASH, "--json", "--deadline", "2", "--timeout=1.5", "--stall", "0"],
        tmp_path,
        fast=True,
        TXDOCTOR_CHAINS_FILE=str(chains),
    )
    assert '"verdict": "UNREACHABLE"' in said


@pytest.mark.parametrize("command", sorted(SPECS))
def test_the_fast_path_knows_which_options_take_a_value(command: str) -> None:
    """The secret check reads the values of these options; typer's list is the reference."""
    import typer

    group = typer.main.get_command(app)
    assert value_options(command) == group.value_options(command)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", sorted(SPECS))
def test_the_fast_path_knows_every_option_and_flag_of_the_command(command: str) -> None:
    """An option typer has and the fast path does not know would send the line to typer
    (slower, not wrong); one the fast path knows and typer does not would be a bug."""
    import typer

    group = typer.main.get_command(app)
    params = group.commands[command].params  # type: ignore[attr-defined]
    names = {name for p in params if not p.hidden for name in p.opts}
    spec = SPECS[command]
    known = set(spec.flags) | set(spec.values) | set(spec.repeated)
    assert known == names - {p.opts[0] for p in params if p.param_type_name == "argument"}


def test_help_and_a_diagnosis_load_neither_typer_nor_pydantic(tmp_path: Path) -> None:
    """Nor rich, which only the human output needs."""
    code = (
        "import sys\n"
        "sys.argv = ['txdoctor', *sys.argv[1:]]\n"
        "from txdoctor.commands.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('typer', 'click', 'pydantic', 'rich') if m in sys.modules), "
        "file=sys.stderr)\n"
    )
    env = {**os.environ, "TXDOCTOR_DATA_DIR": str(tmp_path), "TXDOCTOR_LANG": "en"}
    for args in (["--help"], ["diagnose", "0x1234", "--json"]):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
        )
        assert done.stderr.strip().endswith("[]"), (args, done.stderr)


def _rows(tmp_path: Path) -> str:
    rows = tmp_path / "rows.txt"
    rows.write_text("0x1234\nhello\n" + PHRASE + "\n")  # no network: invalid inputs, a secret
    return str(rows)


@pytest.mark.parametrize(
    "extra",
    [
        ["-q"],
        ["-q", "--format", "reply", "--lang", "zh-CN"],
        ["-q", "--format=csv", "--order", "input"],
        ["-q", "--format", "markdown", "--batch-size", "50", "--in-flight", "16"],
        ["--format", "yaml"],
        ["--order", "sideways"],
        ["-q", "--chain", "narnia"],
        ["-q", "--chains-file", "/nonexistent/chains.yaml"],
        ["-q", "--rpc", PHRASE],  # a secret as an option value: refused
    ],
)
def test_batch_lines_it_takes_end_as_typer_ends_them(extra: list[str], tmp_path: Path) -> None:
    said = assert_same(["batch", _rows(tmp_path), *extra], tmp_path, fast=True)
    assert "abandon" not in said


@pytest.mark.parametrize(
    "args",
    [
        ["batch"],
        ["batch", "--help"],
        ["batch", "ROWS", "ROWS"],
        ["batch", "ROWS", "--batch-size", "2"],
        ["batch", "ROWS", "--in-flight", "17"],
        ["batch", "ROWS", "--resume=yes"],
        ["batch", "ROWS", "--expect-chain", "ethereum"],
    ],
)
def test_batch_lines_it_does_not_take_are_typer_s(args: list[str], tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    assert_same([rows if a == "ROWS" else a for a in args], tmp_path, fast=False)


def test_a_batch_of_an_unreachable_chain_writes_the_same_file(tmp_path: Path) -> None:
    """A real lookup through both paths, each writing its own --out file."""
    from support.entry_points import FAST, TYPER, run

    chains = tmp_path / "chains.yaml"
    chains.write_text(
        "chains:\n  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [http://127.0.0.1:9]\n"
    )
    rows = tmp_path / "rows.csv"
    rows.write_text(f"ticket_id,hash\nT-1,{HASH}\nT-2,0x1234\n")
    written = []
    for entry in (FAST, TYPER):
        out = tmp_path / f"{len(written)}.jsonl"
        code, stdout, stderr, typer_loaded = run(
            entry,
            ["batch", str(rows), "--out", str(out), "-q", "--deadline", "2", "--stall=0"],
            tmp_path,
            TXDOCTOR_CHAINS_FILE=str(chains),
        )
        assert typer_loaded is (entry == TYPER) and "Traceback" not in stderr
        written.append((code, stdout, stderr, sorted(out.read_text().splitlines())))
    assert written[0] == written[1]
    assert '"verdict": "UNREACHABLE"' in "".join(written[0][3])
