"""Line breaking for the terminal that also suits Chinese.

rich breaks lines only at spaces: a Chinese sentence is one long "word" to it, so a numbered
step is left empty (" 1. " alone, the sentence pushed below), and a long run is cut anywhere,
inside a hash or a method name, or just before "。". Here a line may break between two CJK
characters or at a space, never inside a run of Latin letters, digits and symbols (an
identifier, a number, a URL) unless that run alone is wider than the line; a line never
starts with closing punctuation nor ends with opening punctuation (the usual kinsoku rules).
Continuation lines are indented under the first, so a numbered step reads as one block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

NO_LINE_START = set("，。、：；！？）」』】》〉”’%％·…,.;:!?)]}")
NO_LINE_END = set("（「『【《〈“‘([{")
_WIDE = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]"
# One unit: a run of spaces, a run of characters that must stay together (Latin words,
# numbers, identifiers), or one wide character (CJK, full-width punctuation).
_UNITS = r"\s+|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…·]+|\S"
# In ASCII text (most English) nothing is wide and every run of non-spaces stays together:
# the same units by a pattern that compiles in microseconds (the ranges above take ms).
_ASCII_UNITS = re.compile(r"\s+|\S+")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _units(text: str) -> list[str]:
    return (_ASCII_UNITS if text.isascii() else _compiled(_UNITS)).findall(text)


def _has_wide(text: str) -> bool:
    return not text.isascii() and _compiled(_WIDE).search(text) is not None


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells, plus at most one hanging closing
    mark (one list item per line; a newline in ``text`` starts a new line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_line(paragraph, max(width, 8))
    return lines


def _wrap_line(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    for unit in _split_long(_units(text), width):
        size = cell_len(unit)
        line = lines[-1]
        if unit.isspace():
            if line and used + size <= width:
                line.append(unit)
                used += size
            continue
        if used + size > width and line and not _hangs(line, unit):
            carried = _carry(line, unit)
            lines.append(carried)
            used = sum(cell_len(u) for u in carried)
            line = lines[-1]
        line.append(unit)
        used += size
    return ["".join(line).rstrip() for line in lines]


def _hangs(line: list[str], unit: str) -> bool:
    """A closing mark after a line that is one unbreakable unit stays on that line (past
    the width by one mark: ``Paragraph`` keeps room for it) rather than start the next."""
    return unit[0] in NO_LINE_START and len([u for u in line if not u.isspace()]) == 1


def _carry(line: list[str], unit: str) -> list[str]:
    """What moves down to the next line with ``unit``: the last character before a closing
    mark (so the mark does not start a line), an opening mark left at the end of the line."""
    while line and line[-1].isspace():
        line.pop()
    carried: list[str] = []
    while len(line) > 1 and (carried or [unit])[0][0] in NO_LINE_START:
        carried.insert(0, line.pop())
        while len(line) > 1 and line[-1].isspace():
            carried.insert(0, line.pop())
    while len(line) > 1 and line[-1][-1] in NO_LINE_END:
        carried.insert(0, line.pop())
    return (
        [u for u in carried if not u.isspace()] if not carried or carried[0].isspace() else carried
    )


def _split_long(units: list[str], width: int) -> Iterator[str]:
    """Units as they are, except one wider than a whole line, cut into line-wide pieces."""
    for unit in units:
        while cell_len(unit) > width and not unit.isspace():
            yield unit[:width]
            unit = unit[width:]
        yield unit


class Paragraph:
    """Text with an optional prefix (" 1. "), wrapped by ``wrap`` at render time, with
    continuation lines indented under the text."""

    def __init__(
        self, text: str, prefix: str = "", style: str = "", prefix_style: str = ""
    ) -> None:
        self.text = text
        self.prefix = prefix
        self.style = style
        self.prefix_style = prefix_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """One ``Text`` per line, already broken, so rich does not break them again."""
        indent = cell_len(self.prefix)
        room = 2 if _has_wide(self.text) else 0  # for a closing mark that hangs
        for i, line in enumerate(wrap(self.text, options.max_width - indent - room)):
            head = self.prefix if i == 0 else " " * indent
            yield Text(head, style=self.prefix_style if i == 0 else "", no_wrap=True) + Text(
                line, style=self.style, no_wrap=True
            )
