"""The rows of a batch input: a CSV with a hash column, or plain text with one input a line.

A CSV is recognised by its first line: a header with a column named ``hash``, ``tx``,
``txid`` or ``input`` (any case; separated by commas, tabs, semicolons or bars). Its
``expect_chain`` column, if any, names the chain each row should be on; a ``lang`` column
(en, zh-CN, zh-TW) the language of the row's reply; every column but the input is carried
through to the output. Anything else is plain text, one input per line.

Every row keeps its line number in the input (``row``): the key that ``--resume`` uses, so
two rows with the same hash are two rows. Empty and malformed rows are rows too: they get a
result of their own. A secret spread over several rows (a recovery phrase one word a line)
is found here and every one of its rows is refused whole, never echoed piece by piece.
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from io import TextIOBase

from txdoctor.input import InputKind, classify
from txdoctor.input.lines import bounded_lines
from txdoctor.input.model import REDACTED
from txdoctor.input.phrases import is_wordlist_word, tokenize
from txdoctor.input.secrets import find_secret
from txdoctor.input.spread import MAX_PIECE_CHARS, join_json_documents, join_spread_secrets

INPUT_COLUMNS = ("hash", "tx", "txid", "input")
EXPECT_COLUMN = "expect_chain"
LANG_COLUMN = "lang"  # a carried column that, when set, picks the row's reply language
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
        try:
            header = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # e.g. a field over the csv module's size limit: not a header
            continue
        names = [h.strip().lstrip("\ufeff").lower() for h in header]
        found = [n for n in INPUT_COLUMNS if n in names]
        if not found or (best is not None and len(names) <= len(best.carried) + 1):
            continue
        column = names.index(found[0])
        expect = names.index(EXPECT_COLUMN) if EXPECT_COLUMN in names else None
        carried = tuple((i, name) for i, name in enumerate(_unique_names(header)) if i != column)
        best = Layout(True, delimiter, column, expect, carried)
    return best or Layout(False)


def read_rows(stream: Iterable[str]) -> tuple[Layout, Iterator[Row]]:
    """The layout and the rows of a text stream (lines with their line ends)."""
    lines = (
        bounded_lines(stream, MAX_LINE_CHARS) if isinstance(stream, TextIOBase) else iter(stream)
    )
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
    columns (alone, or spread over the columns of the row) replaced by ``[redacted]``.

    Streams: a row is held back only while it may be a piece of a secret (a short row, or
    a key-shaped row waiting to see whether a label follows it).
    """
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
    """One row a line; a JSON document over several lines (a pretty-printed keystore) is
    one row, judged whole, numbered by its first line."""
    number = 1
    texts = (_clip(line.rstrip("\r\n")) for line in itertools.chain([first], lines))
    for used, text in join_json_documents(texts):
        yield Row(number, text.strip())
        number += used


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
    # Spread first, on the cells as given: once a key's cell is redacted, a label in the
    # next cell would seem to name the input before it.
    row = _without_spread_secret(row)
    if any(_is_secret(v) for v in row.columns.values()):
        row = replace(
            row, columns={k: REDACTED if _is_secret(v) else v for k, v in row.columns.items()}
        )
    return row


def _without_spread_secret(row: Row) -> Row:
    """A secret split over the cells of one row (a phrase six words a column, a label and
    its key side by side): the cells that hold it are redacted, and the input too when it
    is one of them (then it is refused as the whole secret)."""
    cells = {key: value for key, value in row.columns.items() if value and value != REDACTED}
    if not cells or find_secret(" ".join([row.text, *cells.values()])) is None:
        return row
    needed = _needed_cells({"": row.text, **cells})
    pieces = {key for key, value in cells.items() if _looks_like_piece(value)}
    redacted = (needed | pieces) - {""}
    columns = {k: REDACTED if k in redacted else v for k, v in row.columns.items()}
    text = row.text
    if "" in needed:  # the input is a piece: the row is the secret, refused whole
        text = " ".join(v for k, v in {"": row.text, **cells}.items() if k in needed)
    return replace(row, text=text, columns=columns)


def _needed_cells(cells: dict[str, str]) -> set[str]:
    """A smallest set of cells (by name; "" is the input) that still holds the secret."""
    kept = dict(cells)
    for key in list(cells):
        trial = {k: v for k, v in kept.items() if k != key}
        if trial and find_secret(" ".join(trial.values())) is not None:
            kept = trial
    return set(kept)


def _looks_like_piece(text: str) -> bool:
    """A cell of wordlist words only: a piece of a phrase, even when not needed to find it."""
    words = tokenize(text)
    return bool(words) and len(text) <= MAX_PIECE_CHARS and all(is_wordlist_word(w) for w in words)


def _is_secret(text: str) -> bool:
    # The shortest secret is a recovery phrase in Chinese: 12 characters.
    return len(text) >= MIN_SECRET_CHARS and classify(text).kind is InputKind.SECRET


def _unique_names(header: list[str]) -> list[str]:
    """Column names, a repeated one numbered (``note``, ``note_2``); linear, for headers of
    any width."""
    seen: Counter[str] = Counter()
    names = []
    for cell in header:
        name = cell.strip().lstrip("\ufeff")
        names.append(f"{name}_{seen[name] + 1}" if seen[name] else name)
        seen[name] += 1
    return names


def _clip(text: str) -> str:
    return text[:MAX_LINE_CHARS]
