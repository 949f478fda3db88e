"""The view for people: headline, plain explanation, numbered steps, the facts behind it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from txdoctor.advise.i18n import LABEL_LINE, N_, translator
from txdoctor.advise.numbers import format_decimal, round_amount, round_fee
from txdoctor.advise.report import Report
from txdoctor.core import registry
from txdoctor.core.units import gwei
from txdoctor.diagnose import Severity
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    FailureKind,
    LookupStatus,
    TxFacts,
    TxState,
)
from txdoctor.render.found import safety_notes, status_text
from txdoctor.render.sanitize import clean
from txdoctor.render.transfers import address_rows, transfer_rows
from txdoctor.render.wrap import Paragraph

if TYPE_CHECKING:
    from txdoctor.families.evm.facts import EvmFees

STYLE = {
    Severity.OK: "bold green",
    Severity.INFO: "bold cyan",
    Severity.WARNING: "bold yellow",
    Severity.ERROR: "bold red",
}
MARK = {Severity.OK: "✔", Severity.INFO: "●", Severity.WARNING: "▲", Severity.ERROR: "✖"}
STATUS_WORDS = {
    LookupStatus.FOUND: N_("found"),
    LookupStatus.NOT_FOUND: N_("not found"),
    LookupStatus.UNREACHABLE: N_("unreachable"),
    LookupStatus.SKIPPED: N_("skipped"),
}


def render_report(report: Report, console: Console) -> None:
    """Print one report."""
    console.print(report_view(report))


def report_view(report: Report) -> RenderableType:
    """The whole view of one report as a rich renderable."""
    _ = translator(report.lang).gettext
    parts: list[RenderableType] = [_headline(report), Paragraph(clean(report.main.summary, 2000))]
    parts += [Paragraph(clean(note, 1000), style="dim") for note in report.main.agent_notes]
    steps = (*report.main.steps, *report.main.agent_steps)
    if steps:
        parts.append(Text(_("What to do:"), style="bold"))
        parts += [Paragraph(clean(step, 1000), prefix=f" {i}. ") for i, step in enumerate(steps, 1)]
    parts += [
        Paragraph(clean(note, 1000), prefix="⚠ ", prefix_style="bold yellow")
        for note in safety_notes(report)
    ]
    for finding, advice in zip(report.findings[1:], report.advice[1:], strict=True):
        parts.append(
            Paragraph(
                clean(_(LABEL_LINE).format(label=advice.title, value=advice.summary), 1000),
                prefix=f"{MARK[finding.severity]} ",
                prefix_style=STYLE[finding.severity],
            )
        )
    table = _facts_table(report)
    if table.row_count:
        parts.append(table)
    return Group(*parts, Text(""))


def _headline(report: Report) -> Text:
    style = STYLE[report.severity]
    text = Text(f"{MARK[report.severity]} {report.main.title}", style=style)
    if report.chain_title:
        text.append(f" · {report.chain_title}", style=style)
    text.append(f"   {clean(report.input, 120)}", style="dim")
    return text


def _facts_table(report: Report) -> Table:
    _ = translator(report.lang).gettext
    table = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in _fact_rows(report):
        table.add_row(Text(_(label)), Text(clean(value, 300)))
    return table


def _fact_rows(report: Report) -> Iterator[tuple[str, str]]:
    gettext = translator(report.lang).gettext
    if report.facts is not None:
        yield from _tx_rows(report.facts, gettext, report.lang)
    for address in report.addresses:
        yield address.chain, _address_line(address, gettext, report.lang)
        yield from address_rows(address, gettext, report.lang)
        family_rows = registry.part(address.family, "render", "address_rows")
        if family_rows is not None:
            yield from family_rows(address, gettext, report.lang)
    if report.explorer_url:
        yield N_("Explorer"), report.explorer_url
    if report.checked:
        yield (
            N_("Checked"),
            " · ".join(
                f"{chain}: {gettext(STATUS_WORDS[status])}"
                for chain, status in report.checked.items()
            ),
        )


def _tx_rows(
    facts: TxFacts, _: Callable[[str], str], lang: str = "en"
) -> Iterator[tuple[str, str]]:
    symbol = facts.value.symbol
    yield N_("Status"), _status_line(facts, _)
    if facts.sender:
        yield N_("From"), facts.sender
    if facts.recipient or facts.creates_contract:
        yield N_("To"), facts.recipient or _("(creates a contract)")
    yield N_("Value"), f"{round_amount(facts.value.value, lang)} {symbol}"
    if facts.fee_paid is not None:  # rounded for people; --json keeps every digit
        yield N_("Fee paid"), f"{round_fee(facts.fee_paid.value, lang)} {symbol}"
    yield from transfer_rows(facts, _, lang)
    family_rows = registry.part(facts.family, "render", "tx_rows")
    if family_rows is not None:
        yield from family_rows(facts, _, lang)
    fees = facts.evm_fees
    if fees is not None and facts.state is TxState.PENDING:
        yield N_("Fee offered"), _offered(facts, fees, _, lang)
    if fees is not None:
        used = f"{fees.gas_used} / " if fees.gas_used is not None else ""
        yield N_("Gas used / limit"), f"{used}{fees.gas_limit}"
    if facts.nonce is not None:
        nonce = str(facts.nonce)
        if facts.nonces is not None:
            nonce += " " + _("(sender's next mined nonce: {n})").format(n=facts.nonces.latest)
        yield N_("Nonce"), nonce
    if facts.failure is not None:
        failure = facts.failure
        yield (
            N_("Failure"),
            (
                failure.reason
                or failure.error_name
                or failure.selector
                or _(FAILURE_WORDS[failure.kind])
            ),
        )


def _address_line(a: AddressFacts, _: Callable[[str], str], lang: str = "en") -> str:
    parts = []
    if a.balance is not None:
        parts.append(f"{_num(a.balance.value, lang)} {a.balance.symbol}")
    if a.nonces is not None:
        parts.append(_("{n} sent").format(n=a.nonces.latest))
        if a.nonces.pending > a.nonces.latest:
            parts.append(_("{n} waiting").format(n=a.nonces.pending - a.nonces.latest))
    if a.kind is not None and a.kind is not AccountKind.ACCOUNT:
        parts.append(_("contract"))
    family_parts = registry.part(a.family, "render", "address_parts")
    if family_parts is not None:
        parts += family_parts(a, _, lang)
    if a.has_activity is False:
        parts.append(_("no activity"))
    return " · ".join(parts)


def _offered(facts: TxFacts, fees: EvmFees, _: Callable[[str], str], lang: str = "en") -> str:
    text = _("max fee {cap} gwei, priority fee {tip} gwei").format(
        cap=_num(gwei(fees.fee_cap), lang), tip=_num(gwei(fees.tip_cap), lang)
    )
    if facts.market is not None:
        text += " · " + _("network now: base fee {base} gwei, priority fee {tip} gwei").format(
            base=_num(gwei(facts.market.next_base_fee), lang),
            tip=_num(gwei(facts.market.tip_median), lang),
        )
    return text


FAILURE_WORDS = {
    FailureKind.REVERTED: N_("the contract refused it"),
    FailureKind.OUT_OF_GAS: N_("out of gas"),
    FailureKind.OUT_OF_ENERGY: N_("out of energy"),
    FailureKind.FAULT: N_("stopped by the virtual machine"),
}
"""A failure without a reason, in words rather than its code."""

_SOLANA_COMMITMENT = {
    "processed": N_("processed by one node, not confirmed yet"),
    "confirmed": N_("confirmed, not finalized yet"),
    "finalized": N_("finalized"),
}


def _status_line(facts: TxFacts, _: Callable[[str], str]) -> str:
    if (
        facts.state is TxState.INCLUDED
        and facts.solana is not None
        and facts.solana.commitment is not None
    ):  # slots and commitment, not blocks
        outcome = _("failed") if facts.success is False else _("succeeded")
        return _("{outcome} in slot {slot}, {commitment}").format(
            outcome=outcome,
            slot=facts.block_number,
            commitment=_(_SOLANA_COMMITMENT[facts.solana.commitment.value]),
        )
    return status_text(facts, _)


def _num(value: Decimal, lang: str = "en") -> str:
    return format_decimal(value, lang)
