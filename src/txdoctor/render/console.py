"""The two consoles: stdout for what the user asked for, stderr for everything else."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import IO

from rich.console import Console

COLOR_CHOICES = ("auto", "always", "never")


@dataclass
class Terminal:
    """Where output goes and how it looks; tests swap the streams."""

    out: Console
    err: Console
    stdout: IO[str]


def make_terminal(
    color: str = "auto", stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> Terminal:
    """Consoles that colour only a terminal, honour NO_COLOR and ``--color``."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr

    def console(stream: IO[str]) -> Console:
        return Console(
            file=stream,
            highlight=False,
            markup=False,
            emoji=False,
            force_terminal=True if color == "always" else None,
            no_color=True if color == "never" else None,
            soft_wrap=False,
        )

    return Terminal(out=console(stdout), err=console(stderr), stdout=stdout)
