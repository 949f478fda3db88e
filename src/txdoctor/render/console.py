"""The two consoles: stdout for what the user asked for, stderr for everything else."""

from __future__ import annotations

import sys
from functools import cached_property
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

COLOR_CHOICES = ("auto", "always", "never")


class Terminal:
    """Where output goes and how it looks; tests swap the streams.

    The two rich consoles are made when first used: JSON Lines and the paste-ready text
    formats write to ``stdout`` directly and never need rich, which costs ~40 ms to import."""

    def __init__(self, stdout: IO[str], stderr: IO[str], color: str) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.color = color

    @cached_property
    def out(self) -> Console:
        """The console on stdout."""
        return _console(self.stdout, self.color)

    @cached_property
    def err(self) -> Console:
        """The console on stderr."""
        return _console(self.stderr, self.color)


def make_terminal(
    color: str = "auto", stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> Terminal:
    """Consoles that colour only a terminal, honour NO_COLOR and ``--color``."""
    return Terminal(stdout or sys.stdout, stderr or sys.stderr, color)


def _console(stream: IO[str], color: str) -> Console:
    from rich.console import Console

    return Console(
        file=stream,
        highlight=False,
        markup=False,
        emoji=False,
        force_terminal=True if color == "always" else None,
        no_color=True if color == "never" else None,
        soft_wrap=False,
    )
