"""``batch --tickets DIR``: one reply file per row, named by a column such as the ticket id.

A help desk's queue wants one reply per ticket it can attach as it is. The name comes from
the input (strangers' text), so it is made a safe file name: letters, digits (any script),
``-``, ``_`` and ``.`` kept, anything else ``_``, no leading dot, bounded, never a device
name; a row without one, or two rows with the same one, get the row number added.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from txdoctor.advise.i18n import N_
from txdoctor.advise.report import Report
from txdoctor.commands.batch.rows import Row
from txdoctor.core.errors import TxDoctorError
from txdoctor.render.formats import text_renderer

EXTENSIONS = {"reply": ".txt", "markdown": ".md", "agent": ".txt"}
NAME_COLUMNS = ("ticket_id", "ticket", "id")  # tried in order when no column is named
MAX_NAME_CHARS = 80
_UNSAFE = re.compile(r"[^\w.-]+")
_DEVICES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def safe_name(value: str) -> str:
    """``value`` as a file name that stays inside its folder on every system ('' if none)."""
    text = unicodedata.normalize("NFC", value).strip()
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _UNSAFE.sub("_", text).strip("._")[:MAX_NAME_CHARS].rstrip("._")
    if text.split(".")[0].lower() in _DEVICES:
        text = "_" + text
    return text


class TicketFiles:
    """Writes each row's reply to ``folder/<name><ext>``."""

    def __init__(self, folder: Path, fmt: str, column: str | None, columns: list[str]) -> None:
        if text_renderer(fmt) is None or fmt not in EXTENSIONS:
            raise TxDoctorError(N_("--tickets needs --ticket-format reply, markdown or agent"))
        if column is not None and column not in columns:
            raise TxDoctorError(N_("--ticket-name: the input has no column '{name}'"), name=column)
        self.folder = folder
        self.fmt = fmt
        self.column = column or next((c for c in columns if c.lower() in NAME_COLUMNS), None)
        self._used: set[str] = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TxDoctorError(
                N_("cannot write {path} ({reason})"),
                path=str(folder),
                reason=exc.strerror or type(exc).__name__,
            ) from exc

    def write(self, row: Row, report: Report) -> Path:
        """Write (or replace) the reply of ``row``; the file written."""
        rendered = text_renderer(self.fmt)
        assert rendered is not None
        path = self.folder / self._name(row)
        try:
            path.write_text(rendered[0](report), encoding="utf-8")
        except OSError as exc:
            raise TxDoctorError(
                N_("cannot write {path} ({reason})"),
                path=str(path),
                reason=exc.strerror or type(exc).__name__,
            ) from exc
        return path

    def _name(self, row: Row) -> str:
        stem = safe_name(row.columns.get(self.column, "")) if self.column else ""
        name = stem or f"row-{row.number}"
        if name + EXTENSIONS[self.fmt] in self._used and stem:
            name = f"{stem}-row-{row.number}"
        self._used.add(name + EXTENSIONS[self.fmt])
        return name + EXTENSIONS[self.fmt]
