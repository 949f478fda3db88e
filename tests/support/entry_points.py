"""Run ``txdoctor`` through both entry points in fresh processes and compare what they do:
the console script's fast path (``commands/entry.py``) and the typer application's own
``main`` (``commands/cli.py``, the entry point before the fast path existed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FAST = "from txdoctor.commands.entry import main"
TYPER = "from txdoctor.commands.cli import main"


def run(entry: str, args: list[str], tmp_path: Path, **env: str) -> tuple[int, str, str, bool]:
    """Exit status, stdout, stderr, and whether typer was loaded, of ``txdoctor ARGS``."""
    run_dir = tmp_path / os.urandom(4).hex()  # its own data directory: nothing remembered
    run_dir.mkdir()
    marker = run_dir / "typer-loaded"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write(str('typer' in sys.modules)))\n"
        "sys.argv[0] = 'txdoctor'\n"
        f"{entry}\n"
        "main()\n"
    )
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TXDOCTOR_")},
        "NO_COLOR": "1",
        "TXDOCTOR_LANG": "en",
        "TXDOCTOR_DATA_DIR": str(run_dir / "data"),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=environ,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr, marker.read_text() == "True"


def assert_same(args: list[str], tmp_path: Path, *, fast: bool, **env: str) -> str:
    """Both entry points give the same status, stdout and stderr; ``fast``: whether the
    console entry point answered without typer. Returns what was written (for more checks)."""
    code, out, err, typer_loaded = run(FAST, args, tmp_path, **env)
    assert (code, out, err) == run(TYPER, args, tmp_path, **env)[:3]
    assert "Traceback" not in out + err
    assert typer_loaded is not fast
    return f"{code}\n{out}{err}"
