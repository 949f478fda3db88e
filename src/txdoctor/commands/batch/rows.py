"""The rows of a batch input: a CSV with a hash column, or plain text with one input a line.

A CSV is recognised by its first line: a header with a column named ``hash``, ``tx``,
``txid`` or ``input`` (any case; separated by commas, tabs, semicolons or bars). Its
``expect_chain`` column, if any, names the chain each row should be on; every other column
is carried through to the output. Anything else is plain text, one input per line.

Every row keeps its line number in the input (``row``): the key that ``--resume`` uses, so
two rows with the same hash are two rows. Empty and malformed rows are rows too: they get a
result of their own. A secret spread over several rows (a recovery phrase one word a line)
is found here and every one of its rows is refused whole, never echoed piece by piece.
"""

from __future__ import annotations

import csv
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from txdoctor.input import InputKind, classify
from txdoctor.input.model import REDACTED
from txdoctor.input.spread import MAX_PIECE_CHARS, join_spread_secrets

INPUT_COLUMNS = ("hash", "tx", "txid", "input")
EXPECT_COLUMN = "expect_chain"
DELIMITERS = (",", "\t", ";", "|")
MAX_LINE_CHARS = 100_000  # longer lines are cut: no input is that long
MIN_SECRET_CHARS = 12


@dataclass(frozen=True)
class Row:
    """One input of the batch."""

    number: int  # line number in the input file where the row starts (1-based)
    text: str  # what to diagnose
    expect_chain: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # carried through, in order


@dataclass(frozen=True)
class Layout:
    """How the input is laid out."""

    is_csv: bool
    delimiter: str = ","
    input_column: int = 0
    expect_column: int | None = None
    carried: tuple[tuple[int, str], ...] = ()  # (index, name) of every other column

    @property
    def carried_names(self) -> list[str]:
        """Names of the carried columns, in input order."""
        return [name for _, name in self.carried]


def detect_layout(first_line: str) -> Layout:
    """CSV when the first line is a header naming an input column; else plain text."""
    best: Layout | None = None
    for delimiter in DELIMITERS:
        header = next(csv.reader([first_line], delimiter=delimiter), [])
        names = [h.strip().lstrip("\ufeff").lower() for h in header]
        found = [n for n in INPUT_COLUMNS if n in names]
        if not found or (best is not None and len(names) <= len(best.carried) + 1):
            continue
        column = names.index(found[0])
        expect = names.index(EXPECT_COLUMN) if EXPECT_COLUMN in names else None
        carried = tuple((i, _unique(h.strip().lstrip("\ufeff"), header[:i]))
                        for i, h in enumerate(header) if i != column)
        best = Layout(True, delimiter, column, expect, carried)
    return best or Layout(False)


def read_rows(stream: Iterable[str]) -> tuple[Layout, Iterator[Row]]:
    """The layout and the rows of a text stream (lines with their line ends)."""
    lines = iter(stream)
    first = next(lines, None)
    if first is None:
        return Layout(False), iter(())
    layout = detect_layout(first.rstrip("\r\n"))
    if layout.is_csv:
        return layout, _csv_rows(layout, lines)
    return layout, _text_rows(first, lines)


def guard_secrets(rows: Iterable[Row]) -> Iterator[Row]:
    """The rows, with every row that is a piece of a secret spread over several rows given
    the whole secret as its text (so it is refused, redacted), and secrets in carried
    columns replaced by ``[redacted]``.

    Only runs of short rows can be pieces; a long row (a 0x hash) after another long row is
    passed on as it is, which spares classifying most rows of a batch twice.
    """
    run: list[Row] = []
    for row in rows:
        if len(row.text) > MAX_PIECE_CHARS and not run:
            yield _without_secret_columns(row)
            continue
        run.append(row)
        if len(row.text) > MAX_PIECE_CHARS:  # it ends the run: no piece is held past it
            yield from _joined(run)
            run = []
    yield from _joined(run)


def _joined(rows: list[Row]) -> Iterator[Row]:
    pending: deque[Row] = deque()

    def texts() -> Iterator[str]:
        for row in rows:
            pending.append(row)
            yield row.text

    for joined in join_spread_secrets(texts()):
        taken = [pending.popleft()]
        while " ".join(r.text for r in taken) != joined and pending:
            taken.append(pending.popleft())
        for row in taken:
            yield _without_secret_columns(row if len(taken) == 1 else replace(row, text=joined))


def count_rows(stream: Iterable[str]) -> int:
    """How many rows a stream holds (for the progress bar's total)."""
    return sum(1 for _ in read_rows(stream)[1])


def _text_rows(first: str, lines: Iterator[str]) -> Iterator[Row]:
    for number, line in enumerate(itertools.chain([first], lines), start=1):
        yield Row(number, _clip(line.rstrip("\r\n")).strip())


def _csv_rows(layout: Layout, lines: Iterator[str]) -> Iterator[Row]:
    """Data records with the line number where each starts (the header is line 1)."""
    counted = _Counted(lines)
    reader = csv.reader(counted, delimiter=layout.delimiter)
    while True:
        start = counted.count + 2
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # e.g. a field over the csv module's size limit
            cells = []
        yield _csv_row(layout, start, cells)


def _csv_row(layout: Layout, number: int, cells: list[str]) -> Row:
    def cell(index: int | None) -> str:
        return _clip(cells[index]).strip() if index is not None and index < len(cells) else ""

    expect = cell(layout.expect_column).lower() or None
    columns = {name: cell(i) for i, name in layout.carried}
    return Row(number, cell(layout.input_column), expect, columns)


class _Counted:
    """Lines passed through, counted (the csv module hides where a record started)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def _without_secret_columns(row: Row) -> Row:
    if not any(_is_secret(v) for v in row.columns.values()):
        return row
    return replace(row, columns={k: REDACTED if _is_secret(v) else v
                                 for k, v in row.columns.items()})


def _is_secret(text: str) -> bool:
    # The shortest secret is a recovery phrase in Chinese: 12 characters.
    return len(text) >= MIN_SECRET_CHARS and classify(text).kind is InputKind.SECRET


def _unique(name: str, before: list[str]) -> str:
    taken = [b.strip().lstrip("\ufeff") for b in before]
    return name if name not in taken else f"{name}_{taken.count(name) + 1}"


def _clip(text: str) -> str:
    return text[:MAX_LINE_CHARS]
