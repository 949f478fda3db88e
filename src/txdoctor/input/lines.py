"""Lines of a text stream read with a length limit, so that one huge line (a 300 MB file
without a newline) costs at most ``limit`` characters of memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class Readable(Protocol):
    """A text stream: ``readline(limit)`` returns at most ``limit`` characters."""

    def readline(self, size: int = -1, /) -> str: ...


def bounded_lines(stream: Readable, limit: int) -> Iterator[str]:
    """Each line of ``stream`` with its line end, cut to ``limit`` characters (a cut line
    loses the rest of itself and its line end)."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(("\n", "\r")):
            _skip_rest(stream, limit)
        yield line


def _skip_rest(stream: Readable, limit: int) -> None:
    while True:
        rest = stream.readline(limit)
        if not rest or rest.endswith(("\n", "\r")):
            return
