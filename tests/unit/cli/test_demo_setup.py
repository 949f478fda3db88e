"""How the demo finds anvil, and what it says when it cannot get one (no network here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from txdoctor.commands.cli import app
from txdoctor.commands.demo import node
from txdoctor.commands.demo.bytecode import REVERT_REASON, error_data, reverter

runner = CliRunner()


def executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n", "utf-8")
    path.chmod(0o755)
    return path


def test_without_anvil_and_without_npm_the_demo_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(node, "find_anvil", lambda environ=None: None)
    monkeypatch.setattr(node.shutil, "which", lambda name, path=None: None)
    monkeypatch.setattr("txdoctor.commands.demo.walkthrough.find_anvil", lambda: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = runner.invoke(app, ["demo", "--lang", "zh-CN"])
    assert result.exit_code == 3
    assert "演示需要 anvil，而安装 anvil 需要 Node.js 和 npm。" in result.stderr
    assert "https://nodejs.org" in result.stderr
    assert "Traceback" not in result.stderr


def test_txdoctor_anvil_wins_over_path(tmp_path: Path) -> None:
    mine = executable(tmp_path / "my-anvil")
    on_path = executable(tmp_path / "anvil")
    found = node.find_anvil({"TXDOCTOR_ANVIL": str(mine), "PATH": str(on_path.parent)})
    assert found == str(mine)
    assert node.find_anvil({"PATH": str(tmp_path)}) == str(on_path)


def test_a_txdoctor_anvil_that_is_not_executable_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(node.DemoError, match="is not an executable file"):
        node.find_anvil({"TXDOCTOR_ANVIL": str(tmp_path / "missing")})


@pytest.mark.skipif(sys.platform != "linux", reason="XDG cache directory")
def test_anvil_is_installed_in_the_users_cache_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert node.cache_dir() == tmp_path / "txdoctor" / "anvil"


def test_the_reverter_returns_a_standard_error_string() -> None:
    data = error_data(REVERT_REASON)
    assert data[:4].hex() == "08c379a0"
    assert int.from_bytes(data[36:68], "big") == len(REVERT_REASON)
    assert data[68 : 68 + len(REVERT_REASON)].decode() == REVERT_REASON
    assert reverter().endswith(data)
