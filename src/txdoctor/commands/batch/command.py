"""``txdoctor batch``: read the rows, skip those already done, run, write, summarise."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shlex
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from rich.text import Text

import txdoctor.advise.catalog.batch as texts
from txdoctor.advise.i18n import N_, resolve_language, translator
from txdoctor.commands.batch.output import Done, Output, OutputError
from txdoctor.commands.batch.rows import LANG_COLUMN, Row, count_rows, guard_secrets, read_rows
from txdoctor.commands.batch.runner import BatchRunner
from txdoctor.commands.batch.tickets import TicketFiles
from txdoctor.commands.exit_status import status_of
from txdoctor.config import ChainsConfig
from txdoctor.core.errors import ExitStatus, TxDoctorError
from txdoctor.diagnose.verdicts import Severity, Verdict
from txdoctor.fetch.transport import Transport
from txdoctor.input import InputKind, classify
from txdoctor.input.model import REDACTED
from txdoctor.pipeline.doctor import Doctor
from txdoctor.pipeline.history import History
from txdoctor.render.console import Terminal
from txdoctor.render.progress import BatchProgress
from txdoctor.render.sanitize import clean


@dataclass(frozen=True)
class BatchOptions:
    """What ``txdoctor batch`` was asked to do."""

    source: str  # a path, or "-" for stdin
    fmt: str = "jsonl"
    out: Path | None = None
    resume: bool = False
    batch_size: int = 200
    in_flight: int = 4
    quiet: bool = False
    tickets: Path | None = None  # one reply file per row in this folder
    ticket_format: str = "reply"
    ticket_name: str | None = None  # the column that names each file (e.g. ticket_id)
    order: str | None = None  # "input" or "completion"; None: input for formats people read


ORDERS = ("input", "completion")
READ_IN_ORDER = frozenset({"reply", "markdown", "agent"})


def run_batch(
    options: BatchOptions, config: ChainsConfig, transport: Transport, lang: str, terminal: Terminal
) -> ExitStatus:
    """Run the whole batch; the exit status sums up every row (done before or now)."""
    _ = translator(lang).gettext
    if options.batch_size < 4:
        raise TxDoctorError(texts.BATCH_SIZE)
    if options.order is not None and options.order not in ORDERS:
        raise TxDoctorError(N_("--order: choose one of {choices}"), choices=", ".join(ORDERS))
    ordered = (
        options.order or ("input" if options.fmt in READ_IN_ORDER else "completion")
    ) == "input"
    with _open_source(options.source) as stream:
        layout, rows = read_rows(stream)
        output = Output(
            options.fmt, layout, options.out, resume=options.resume, stdout=terminal.stdout
        )
        tickets = (
            None
            if options.tickets is None
            else TicketFiles(
                options.tickets, options.ticket_format, options.ticket_name, layout.carried_names
            )
        )
        try:
            live = terminal.err.is_terminal and not options.quiet
            # Only a live progress bar needs the total: counting first reads the whole file
            # (seconds for a million rows) before the first row is looked up.
            total = _count(options.source, output) if live or output.done else None
            history = History.open_default()
            doctor = Doctor(config, transport, lang, history=history)
            runner = BatchRunner(doctor, batch_size=options.batch_size, in_flight=options.in_flight)
            todo = _known_chains(_not_done(guard_secrets(rows), output), config, terminal, lang)
            progress = BatchProgress(
                terminal.err,
                lang,
                total=total,
                already=len(output.done),
                live=live,
            )
            progress.include_earlier(d.verdict for d in output.done.values())
            statuses = {_status(d) for d in output.done.values()}
            stop = threading.Event()
            try:
                with progress, _rare_young_collections():
                    for row, found in runner.run(
                        todo, stop, ordered=ordered, paced=_is_paced(options.source)
                    ):
                        report = doctor.in_language(found, _row_language(row, lang))
                        if tickets is not None:
                            tickets.write(row, report)
                        output.write(row, report)
                        progress.advance(report)
                        statuses.add(status_of(report))
            except KeyboardInterrupt:
                stop.set()
                progress.stop()
                output.close()
                _interrupted(options, progress.count, lang)
            if history is not None:
                history.close()
        finally:
            output.close()
    if progress.count + len(output.done) == 0:
        raise TxDoctorError(texts.NO_ROWS)
    if not options.quiet:
        shown = str(options.out) if options.out else _(texts.STDOUT)
        terminal.err.print(progress.summary(shown))
    return _combined(statuses)


YOUNG_COLLECTION_THRESHOLD = 100_000


@contextlib.contextmanager
def _rare_young_collections() -> Iterator[None]:
    """A young-generation garbage collection every 100,000 new objects instead of every
    700 while rows are diagnosed. Every row makes and frees thousands of objects (answers,
    facts, text), and each collection traversed the answers of the windows in flight again:
    about 75 µs of CPU per hash, a tenth of a batch's, for nothing, since refcounting frees
    a row's objects (they make no reference cycles to speak of). Memory stays flat: a
    10,000-row batch peaked at 64 MB either way. The threshold is put back afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _is_paced(source: str) -> bool:
    """Whether the rows may pause (stdin, a pipe): anything but a regular file."""
    if source == "-":
        return True
    try:
        return not stat.S_ISREG(os.stat(source).st_mode)
    except OSError:
        return True


@contextlib.contextmanager
def _open_source(source: str) -> Iterator[IO[str]]:
    if source == "-":
        yield (
            io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="replace", newline="")
            if hasattr(sys.stdin, "buffer")
            else sys.stdin
        )
        return
    try:
        stream = open(source, encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115
    except OSError as exc:
        raise TxDoctorError(
            texts.CANNOT_READ, path=source, reason=exc.strerror or type(exc).__name__
        ) from exc
    with stream:
        yield stream


def _count(source: str, output: Output) -> int | None:
    """How many rows the input holds (None for stdin); checks the done rows are its rows."""
    done = output.done
    if source == "-":
        return None
    with open(source, encoding="utf-8-sig", errors="replace", newline="") as stream:
        if not done:
            return count_rows(stream)
        rows = read_rows(stream)[1]
        total = 0
        for row in guard_secrets(rows):
            total += 1
            if row.number in done:
                _same_input(row, done[row.number], str(output.path))
        return total


def _not_done(rows: Iterable[Row], output: Output) -> Iterator[Row]:
    for row in rows:
        done = output.done.get(row.number)
        if done is None:
            yield row
        else:
            _same_input(row, done, str(output.path))


def _same_input(row: Row, done: Done, output: str) -> None:
    if done.input is None or done.input in (REDACTED, row.text):
        return
    given = classify(row.text).raw
    if given != done.input:
        # Both quoted texts are strangers' (the resumed file may have been edited): cleaned.
        shown = given if given == REDACTED else clean(row.text, 80)
        found = REDACTED if classify(done.input).kind is InputKind.SECRET else clean(done.input, 80)
        raise OutputError(
            texts.OTHER_INPUT, output=output, row=row.number, found=found, given=shown
        )


def _known_chains(
    rows: Iterable[Row], config: ChainsConfig, terminal: Terminal, lang: str
) -> Iterator[Row]:
    """Rows whose expect_chain is not configured lose it, with one warning per name."""
    warned: set[str] = set()
    _ = translator(lang).gettext
    for row in rows:
        name = row.expect_chain
        if name and config.get(name) is None:
            if name not in warned:
                warned.add(name)
                shown = REDACTED if classify(name).kind is InputKind.SECRET else clean(name, 60)
                terminal.err.print(Text(_(texts.UNKNOWN_EXPECT).format(row=row.number, name=shown)))
            row = replace(row, expect_chain=None)
        yield row


def _row_language(row: Row, default: str) -> str:
    """The row's own ``lang`` column (en, zh-CN, zh-TW, zh_TW…) if it names one we speak."""
    given = row.columns.get(LANG_COLUMN, "")
    return resolve_language(given, environ={"LANG": default}) if given.strip() else default


def _status(done: Done) -> ExitStatus:
    if done.verdict is Verdict.UNREACHABLE:
        return ExitStatus.UNCHECKED
    if done.severity in (Severity.WARNING, Severity.ERROR):
        return ExitStatus.PROBLEM_FOUND
    return ExitStatus.OK


def _combined(statuses: set[ExitStatus]) -> ExitStatus:
    """1 when some row needs attention (bad rows included), 3 when no row could be checked."""
    statuses = {ExitStatus.PROBLEM_FOUND if s is ExitStatus.BAD_INPUT else s for s in statuses}
    if statuses == {ExitStatus.UNCHECKED}:
        return ExitStatus.UNCHECKED
    if statuses & {ExitStatus.PROBLEM_FOUND, ExitStatus.UNCHECKED}:
        return ExitStatus.PROBLEM_FOUND
    return ExitStatus.OK


def _interrupted(options: BatchOptions, count: int, lang: str) -> None:
    """Say how to resume, then leave at once: worker threads may be mid-request."""
    _ = translator(lang).gettext
    if options.out is None:
        message = _(texts.INTERRUPTED_STDOUT).format(count=count)
    else:
        command = ["txdoctor", "batch", options.source, "--out", str(options.out)]
        command += ["--format", options.fmt] if options.fmt != "jsonl" else []
        message = _(texts.INTERRUPTED).format(
            count=count, output=options.out, command=shlex.join([*command, "--resume"])
        )
    sys.stderr.write("txdoctor: " + message + "\n")
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(ExitStatus.INTERRUPTED)
