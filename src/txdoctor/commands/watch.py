"""``txdoctor watch HASH``: follow one transaction until it is final, printing each change.

Final means settled on its chain, read from the facts whatever the verdict code
(``diagnose.finality``: confirmed to the chain's threshold, finalized, solidified, failed in a
block), or replaced or dropped (the history in ``tracking`` tells those two apart when the hash
disappears). Once the transaction is found,
only its chain is asked. Input that can never become final (invalid, a secret, an address)
ends the watch at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text

import txdoctor.advise.catalog.batch as texts
from txdoctor.advise.i18n import translator
from txdoctor.advise.report import Report
from txdoctor.commands.exit_status import status_of
from txdoctor.core.errors import ExitStatus
from txdoctor.diagnose.finality import is_settled
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.input import InputKind, classify
from txdoctor.pipeline.doctor import Doctor
from txdoctor.render.console import Terminal
from txdoctor.render.human import MARK, STYLE, render_report
from txdoctor.render.jsonl import write_jsonl
from txdoctor.render.sanitize import clean

FINAL_WITHOUT_FACTS = frozenset(
    {
        Verdict.REPLACED,
        Verdict.DROPPED,
        Verdict.EXPIRED,
        Verdict.REJECTED,
        Verdict.FAMILY_NOT_SUPPORTED,
    }
)
"""Verdicts after which nothing more will happen even though no chain shows the transaction
settled: it was replaced, dropped, expired or refused when sent (the history, the chain or its
error tells), or no configured chain can see it."""


@dataclass(frozen=True)
class WatchOptions:
    """How to watch."""

    interval: float = 5.0
    timeout: float = 3600.0
    json: bool = False


def is_final(report: Report) -> bool:
    """Whether nothing more will happen to the transaction (or to this input).

    Read from the facts (``diagnose.finality``), whatever the verdict code: a fake token or
    an out-of-energy failure is as final as a confirmed payment once its block is settled.
    """
    if report.kind != InputKind.TRANSACTION.value:
        return True
    if report.verdict in FINAL_WITHOUT_FACTS:
        return True
    return report.facts is not None and is_settled(report.facts)


def watch(
    doctor: Doctor,
    tx_hash: str,
    options: WatchOptions,
    terminal: Terminal,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll until final or ``options.timeout``; the exit status of the final verdict."""
    _ = translator(doctor.lang).gettext
    started = clock()
    if not options.json:
        terminal.err.print(
            Text(
                _(texts.WATCH_START).format(
                    # Classified first: a secret is shown as "[redacted]", never echoed.
                    hash=clean(classify(tx_hash).raw, 120),
                    interval=_number(options.interval),
                    timeout=_number(options.timeout),
                )
            )
        )
    last: tuple[object, ...] | None = None
    report: Report | None = None
    while True:
        plan = doctor.plan(tx_hash)
        if isinstance(plan, Report):
            report = plan
        else:
            found = report.chain if report is not None and report.chain else None
            if found is not None:  # only the chain it was seen on
                plan = replace(plan, chains=tuple(c for c in plan.chains if c.name == found))
            report = doctor.conclude(plan, doctor.lookup(plan))
        state = _state(report)
        final = is_final(report)
        if state != last:
            _show(report, terminal, options.json, final)
            last = state
        if final:
            return int(status_of(report))
        elapsed = clock() - started
        if elapsed + options.interval > options.timeout:
            terminal.err.print(
                Text(
                    "txdoctor: "
                    + _(texts.WATCH_TIMEOUT).format(
                        seconds=_number(round(elapsed, 1)), verdict=report.verdict.value
                    )
                )
            )
            return int(ExitStatus.NOT_FINAL)
        sleep(options.interval)


def _state(report: Report) -> tuple[object, ...]:
    """What makes a change worth printing: verdict, chain, state and confirmations."""
    facts = report.facts
    return (
        report.verdict,
        report.chain,
        facts.state if facts else None,
        facts.confirmations if facts else None,
    )


def _show(report: Report, terminal: Terminal, json: bool, final: bool) -> None:
    if json:
        write_jsonl(report, terminal.stdout)
        return
    if final:
        render_report(report, terminal.out)
        return
    line = Text(time.strftime("%H:%M:%S "), style="dim")
    style = STYLE[report.severity]
    line.append(f"{MARK[report.severity]} {report.main.title}", style=style)
    if report.chain_title:
        line.append(f" · {report.chain_title}", style=style)
    terminal.out.print(line)
    terminal.out.print(Text("  " + clean(report.main.summary, 500)))


def _number(value: float) -> str:
    return f"{value:g}"
