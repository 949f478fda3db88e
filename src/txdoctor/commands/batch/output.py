"""Batch results, appended to a file (or stdout) one record at a time, and read back to resume.

Every record is written with one ``write`` on a file opened for appending, and flushed, so a
process killed at any moment leaves whole records plus at most one cut-off record at the
end. ``--resume`` drops that cut-off tail, reads which rows are done, and appends the rest:
after a SIGKILL and a resume the file holds exactly one record per row.

Formats: ``jsonl`` (the ``diagnose --json`` object with ``row`` and the carried ``columns``),
``csv`` (one line per row, carried columns first), ``reply`` and ``markdown`` (the ticket
reply of each row after a marker line naming the row).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from txdoctor.advise.i18n import N_
from txdoctor.advise.report import Report
from txdoctor.commands.batch.rows import Layout, Row
from txdoctor.core.errors import TxDoctorError
from txdoctor.diagnose.verdicts import SEVERITY, Severity, Verdict
from txdoctor.render.jsonl import report_dict, terminal_safe_json
from txdoctor.render.sanitize import clean

FORMATS = ("jsonl", "csv", "reply", "markdown", "agent")
CSV_FIELDS = (
    "input",
    "kind",
    "value",
    "chain",
    "verdict",
    "severity",
    "title",
    "summary",
    "steps",
    "findings",
    "checked",
    "explorer_url",
    "lang",
)
_MAX_ROW_DIGITS = 12
_REPLY_MARK = re.compile(r"^=== row (\d{1,12}) · ([A-Z_]+)", re.MULTILINE)
_MARKDOWN_MARK = re.compile(r"^<!-- txdoctor row (\d{1,12}) ([A-Z_]+)", re.MULTILINE)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Done:
    """A row already in the output file."""

    row: int
    input: str | None
    verdict: Verdict | None
    severity: Severity | None


class OutputError(TxDoctorError):
    """The output file cannot be written or resumed."""


class Output:
    """Where results go: appended records, one write each, flushed."""

    def __init__(
        self, fmt: str, layout: Layout, path: Path | None, *, resume: bool, stdout: IO[str]
    ) -> None:
        if fmt not in FORMATS:
            raise OutputError(N_("--format: choose one of {choices}"), choices=", ".join(FORMATS))
        self.fmt = fmt
        self.path = path
        self._columns = layout.carried_names
        self._stdout = stdout
        self._file: IO[bytes] | None = None
        self.done: dict[int, Done] = {}
        self._check_columns()
        if path is None:
            if resume:
                raise OutputError(N_("--resume needs --out FILE (the results to continue)"))
            self._write_header()
            return
        if not _is_regular_or_missing(path):
            # A pipe, a FIFO, /dev/stdout: written to, never read back (reading would hang).
            if resume:
                raise OutputError(
                    N_("--resume needs --out to be a regular file, and {path} is not one"),
                    path=str(path),
                )
            self._file = _open_append(path)
            self._write_header()
            return
        self._file = _open_append(path)
        try:
            self._resume_file(path, resume)
        except BaseException:
            self.close()
            raise

    def _resume_file(self, path: Path, resume: bool) -> None:
        """Lock the file against a second writer, then read the rows it holds."""
        assert self._file is not None
        _lock(self._file, path)
        existing = _read(path)
        if existing and not resume:
            raise OutputError(
                N_(
                    "{path} already holds results: add --resume to continue it, "
                    "or choose another --out"
                ),
                path=str(path),
            )
        keep = self._load(existing) if existing else 0
        if existing and keep < len(existing):
            try:
                os.truncate(path, keep)  # a record cut off by a kill: written again below
            except OSError as exc:
                raise OutputError(
                    N_("cannot write {path} ({reason})"),
                    path=str(path),
                    reason=exc.strerror or type(exc).__name__,
                ) from exc
        if keep == 0 and self.fmt == "csv":
            self._append(self._csv_line(["row", *self._columns, *CSV_FIELDS]))

    def write(self, row: Row, report: Report) -> None:
        """Append the record of one row."""
        self._append(self._record(row, report))

    def close(self) -> None:
        """Close the file (stdout stays open)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    # -- writing ---------------------------------------------------------------------

    def _write_header(self) -> None:
        if self.fmt == "csv":
            self._append(self._csv_line(["row", *self._columns, *CSV_FIELDS]))

    def _append(self, text: str) -> None:
        if self._file is None:
            self._stdout.write(text)
            self._stdout.flush()
            return
        data = text.encode("utf-8")
        written = self._file.write(data)
        while written is not None and written < len(data):  # only on unusual file systems
            data = data[written:]
            written = self._file.write(data)

    def _record(self, row: Row, report: Report) -> str:
        if self.fmt == "jsonl":
            body = {"row": row.number, **report_dict(report), "columns": row.columns}
            return terminal_safe_json(body) + "\n"  # chain text cannot act on a terminal
        if self.fmt == "csv":
            return self._csv_line(
                [
                    str(row.number),
                    *(row.columns.get(c, "") for c in self._columns),
                    *_csv_fields(report),
                ]
            )
        return self._text_record(row, report)

    def _text_record(self, row: Row, report: Report) -> str:
        from txdoctor.render.formats import text_renderer

        rendered = text_renderer(self.fmt)
        assert rendered is not None
        text = rendered[0](report).rstrip("\n")
        carried = " · ".join(f"{k}: {v}" for k, v in row.columns.items() if v)
        if self.fmt == "markdown":
            from txdoctor.render.markdown import escape

            mark = f"<!-- txdoctor row {row.number} {report.verdict.value} -->\n"
            mark += f"*{escape(carried, 500)}*\n\n" if carried else ""
        else:
            mark = f"=== row {row.number} · {report.verdict.value}"
            mark += f" · {clean(carried, 500)} ===\n" if carried else " ===\n"
        return mark + text + "\n\n"

    def _csv_line(self, cells: Sequence[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([_cell(c) for c in cells])
        return buffer.getvalue()

    def _check_columns(self) -> None:
        if self.fmt != "csv":
            return
        clash = [c for c in self._columns if c in ("row", *CSV_FIELDS)]
        if clash:
            raise OutputError(
                N_(
                    "the input column '{name}' has the name of an output column; "
                    "rename it for --format csv"
                ),
                name=clash[0],
            )

    # -- resuming --------------------------------------------------------------------

    def _load(self, data: bytes) -> int:
        """Read the rows already done; the length of the file that holds whole records."""
        if self.fmt in ("jsonl", "csv"):
            keep = data.rfind(b"\n") + 1
            lines = data[:keep].decode("utf-8", errors="replace").split("\n")[:-1]
            if self.fmt == "jsonl":
                self._load_jsonl(lines)
            else:
                self._load_csv(lines)
            return keep
        return self._load_text(data.decode("utf-8", errors="replace"))

    def _load_jsonl(self, lines: list[str]) -> None:
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line)
                row = record["row"]
            except (ValueError, KeyError, TypeError, IndexError, RecursionError):
                raise self._not_ours(number) from None
            if not isinstance(record, dict) or not _is_row_number(row):
                raise self._not_ours(number)
            text = record.get("input")
            self._add(
                Done(
                    row,
                    text if isinstance(text, str) else None,
                    _verdict(record.get("verdict")),
                    _severity(record.get("severity")),
                ),
                number,
            )

    def _load_csv(self, lines: list[str]) -> None:
        expected = ["row", *self._columns, *CSV_FIELDS]
        reader = csv.reader(lines)
        try:
            if next(reader, None) != expected:
                raise self._not_ours(1)
            for number, record in enumerate(reader, start=2):
                fields = dict(zip(expected, record, strict=False))
                row = fields.get("row", "")
                if not row.isdigit() or len(row) > _MAX_ROW_DIGITS or not int(row):
                    raise self._not_ours(number)
                self._add(
                    Done(
                        int(row),
                        _uncell(fields.get("input", "")),
                        _verdict(fields.get("verdict")),
                        _severity(fields.get("severity")),
                    ),
                    number,
                )
        except csv.Error:
            raise self._not_ours(reader.line_num) from None

    def _add(self, done: Done, line: int) -> None:
        """Record a done row; a row twice means two runs wrote to the file."""
        if done.row in self.done:
            raise OutputError(
                N_(
                    "{path} holds row {row} twice (line {line}): two runs wrote "
                    "to it, so it cannot be resumed safely"
                ),
                path=str(self.path),
                row=done.row,
                line=line,
            )
        self.done[done.row] = done

    def _load_text(self, text: str) -> int:
        marks = list((_MARKDOWN_MARK if self.fmt == "markdown" else _REPLY_MARK).finditer(text))
        if text.strip() and (not marks or text[: marks[0].start()].strip()):
            raise self._not_ours(1)
        complete = marks if text.endswith("\n\n") else marks[:-1]
        for mark in complete:
            verdict = _verdict(mark.group(2))
            line = text.count("\n", 0, mark.start()) + 1
            if not int(mark.group(1)):
                raise self._not_ours(line)
            self._add(
                Done(int(mark.group(1)), None, verdict, SEVERITY.get(verdict) if verdict else None),
                line,
            )
        keep = len(text) if len(complete) == len(marks) else marks[-1].start()
        return len(text[:keep].encode("utf-8"))

    def _not_ours(self, line: int) -> OutputError:
        return OutputError(
            N_("{path} line {line} is not a txdoctor {format} result: cannot resume it safely"),
            path=str(self.path),
            line=line,
            format=self.fmt,
        )


def _is_row_number(value: Any) -> bool:
    return type(value) is int and 0 < value < 10**_MAX_ROW_DIGITS


def _is_regular_or_missing(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError as exc:
        raise OutputError(
            N_("cannot read {path} ({reason})"),
            path=str(path),
            reason=exc.strerror or type(exc).__name__,
        ) from exc


def _open_append(path: Path) -> IO[bytes]:
    try:
        return open(path, "ab", buffering=0)
    except OSError as exc:
        raise OutputError(
            N_("cannot write {path} ({reason})"),
            path=str(path),
            reason=exc.strerror or type(exc).__name__,
        ) from exc


def _lock(file: IO[bytes], path: Path) -> None:
    """Hold an exclusive lock on ``--out`` while writing: a second batch on the same file
    would write every row again."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here
        return
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise OutputError(
            N_(
                "{path} is being written by another txdoctor batch: wait for it "
                "to end, or choose another --out"
            ),
            path=str(path),
        ) from exc


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise OutputError(
            N_("cannot read {path} ({reason})"),
            path=str(path),
            reason=exc.strerror or type(exc).__name__,
        ) from exc


def _csv_fields(report: Report) -> list[str]:
    data: dict[str, Any] = report_dict(report)
    checked = data.get("checked") or {}
    return [
        data["input"],
        data["kind"],
        data["value"] or "",
        data["chain"] or "",
        data["verdict"],
        # Summaries quote chain text (revert reasons, token names): no terminal controls.
        data["severity"],
        report.main.title,
        clean(data["summary"], 2000),
        " | ".join(clean(step, 1000) for step in data["steps"]),
        " ".join(f["code"] for f in data["findings"]),
        " ".join(f"{chain}:{status}" for chain, status in checked.items()),
        data["explorer_url"] or "",
        data["lang"],
    ]


def _cell(value: str) -> str:
    """One line (records are lines), and no spreadsheet formula from a stranger's text."""
    value = " ".join(value.splitlines())
    return "'" + value if value.startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in _FORMULA_START else value


def _verdict(value: Any) -> Verdict | None:
    try:
        return Verdict(value)
    except ValueError:
        return None


def _severity(value: Any) -> Severity | None:
    try:
        return Severity(value)
    except ValueError:
        return None
