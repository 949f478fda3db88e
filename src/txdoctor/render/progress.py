"""The batch's progress bar and end-of-run summary, on stderr (never mixed into results)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from types import TracebackType

from rich.console import Console, Group
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

import txdoctor.advise.catalog.batch as texts
from txdoctor.advise import catalog
from txdoctor.advise.i18n import translator
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import SEVERITY, Verdict
from txdoctor.render.human import STYLE
from txdoctor.render.sanitize import clean

TALLY_SHOWN = 4  # verdicts named on the bar; the summary lists them all


class _Rate(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self._unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(self._unit.format(rate="-" if speed is None else f"{speed:.0f}"), style="dim")


class BatchProgress:
    """Counts results by verdict; shows a live bar when ``live`` (stderr is a terminal)."""

    def __init__(
        self, console: Console, lang: str, *, total: int | None, already: int = 0, live: bool = True
    ) -> None:
        self._console = console
        self._gettext = translator(lang).gettext
        self.tally: Counter[Verdict] = Counter()
        self.count = 0
        self.already = already
        self._started = time.monotonic()
        self._progress: Progress | None = None
        if live:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _Rate(self._gettext(texts.RATE)),
                TimeRemainingColumn(),
                TextColumn("{task.fields[tally]}"),
                console=console,
                transient=True,
                refresh_per_second=8,
            )
            self._task = self._progress.add_task(
                self._gettext(texts.CHECKING),
                total=None if total is None else total - already,
                tally="",
            )

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Remove the bar (before printing anything else on stderr)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def include_earlier(self, verdicts: Iterable[Verdict | None]) -> None:
        """Count the rows an earlier run wrote (``--resume``), so the summary covers every
        row of the file; rows whose verdict cannot be read back are left out."""
        for verdict in verdicts:
            if verdict is not None:
                self.tally[verdict] += 1

    def advance(self, report: Report) -> None:
        """One more result."""
        self.count += 1
        self.tally[report.verdict] += 1
        if self._progress is not None:
            shown = " · ".join(
                f"{code.value} {n}" for code, n in self.tally.most_common(TALLY_SHOWN)
            )
            self._progress.update(self._task, advance=1, tally=shown)

    def summary(self, output: str) -> Group:
        """Rows per verdict, and how long it took."""
        _ = self._gettext
        elapsed = time.monotonic() - self._started
        table = Table(
            title=_(texts.SUMMARY_TITLE),
            title_justify="left",
            box=None,
            padding=(0, 2),
            pad_edge=False,
        )
        table.add_column(_(texts.VERDICT_HEADER))
        table.add_column(_(texts.CODE_HEADER), style="dim")
        table.add_column(_(texts.ROWS_HEADER), justify="right")
        for code, count in sorted(self.tally.items(), key=lambda item: (-item[1], item[0])):
            title = _(catalog.text_for(code, None).title)  # in the reader's language
            table.add_row(Text(title, style=STYLE[SEVERITY[code]]), code.value, str(count))
        rate = self.count / elapsed if elapsed > 0 else 0.0
        caption = _(texts.SUMMARY_CAPTION).format(
            count=self.count,
            seconds=f"{elapsed:.1f}",
            rate=f"{rate:.0f}",
            output=clean(output, 300),
            already=self.already,
        )
        return Group(table, Text(caption, style="dim"))
