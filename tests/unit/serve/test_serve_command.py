"""``txdoctor serve`` as a user meets it: lazy imports, refused unsafe binds, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from txdoctor.commands.cli import app

runner = CliRunner()


def test_the_command_line_does_not_load_the_web_stack() -> None:
    code = (
        "import sys, txdoctor.commands.cli; print(sorted(m for m in ('fastapi', 'uvicorn', "
        "'starlette', 'jinja2', 'redis') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_help_names_the_serve_command_and_its_safety_options() -> None:
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in (
        "--host",
        "--port",
        "--workers",
        "--token-file",
        "--trusted-user-header",
        "--allowed-host",
        "--frame-ancestor",
        "--redis",
    ):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--host", "0.0.0.0"], "--token-file"),
        (["--host", "192.168.1.5", "--port", "0"], "--trusted-user-header"),
        (["--token-file", "/nonexistent/token"], "cannot read"),
        (["--frame-ancestor", "http://desk.example.com"], "https://"),
        (["--chains-file", "/nonexistent/chains.yaml"], "cannot read the file"),
    ],
)
def test_unsafe_or_broken_settings_are_refused_before_binding(args: list[str], words: str) -> None:
    result = runner.invoke(app, ["serve", *args], env={"TXDOCTOR_LANG": "en"})
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "http://" not in result.stdout  # never announced a URL


def test_every_address_needs_the_names_agents_use(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("x" * 32)
    result = runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--token-file", str(token)], env={"TXDOCTOR_LANG": "en"}
    )
    assert result.exit_code == 2 and "--allowed-host" in result.stderr


def test_a_short_token_is_refused(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("short\n")
    result = runner.invoke(
        app,
        ["serve", "--host", "10.1.2.3", "--token-file", str(token)],
        env={"TXDOCTOR_LANG": "zh-CN"},
    )
    assert result.exit_code == 2
    assert "16" in result.stderr and "令牌" in result.stderr


def test_without_the_extra_the_command_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None; sys.argv = ['txdoctor', 'serve']; "
        "from txdoctor.commands.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"TXDOCTOR_LANG": "en", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert "pip install 'txdoctor[serve]'" in result.stderr and "uvicorn" in result.stderr
    assert "Traceback" not in result.stderr
