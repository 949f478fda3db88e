"""What a report found, as labelled lines for the text formats (reply, Markdown).

Values are raw: chain strings (token symbols, the pasted input) are untrusted, and each
renderer cleans and escapes them for its own output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from txdoctor.advise import catalog
from txdoctor.advise.i18n import translator
from txdoctor.advise.numbers import round_amount, round_fee
from txdoctor.advise.report import Report
from txdoctor.facts import AddressFacts, TokenStatus, TokenTransfer, TxFacts, TxState

Gettext = Callable[[str], str]
SHOWN_TRANSFERS = 3


class Kind(Enum):
    """How a value is shown: words, an identifier (hash/address) or a link."""

    TEXT = "text"
    ID = "id"
    LINK = "link"


@dataclass(frozen=True)
class Line:
    """One labelled fact; ``label`` is already translated."""

    label: str
    value: str
    kind: Kind = Kind.TEXT


def found_lines(report: Report) -> list[Line]:
    """Result, network, the id, status, amounts, fee and explorer link, as far as known."""
    _ = translator(report.lang).gettext
    lines = [Line(_("Result"), report.main.title)]
    if report.chain_title:
        lines.append(Line(_("Network"), report.chain_title))
    lines += list(_identity(report, _))
    if report.facts is not None:
        lines += list(_transaction(report.facts, _, report.lang))
    for address in report.addresses:
        lines += list(_address(address, report, _))
    if report.explorer_url:
        lines.append(Line(_("Explorer"), report.explorer_url, Kind.LINK))
    return lines


def safety_notes(report: Report) -> list[str]:
    """The translated safety notes of the report's findings, each once, in finding order."""
    _ = translator(report.lang).gettext
    notes: list[str] = []
    for finding in report.findings:
        note = catalog.text_for(finding.code, finding.family).safety
        if note and _(note) not in notes:
            notes.append(_(note))
    return notes


def status_text(facts: TxFacts, _: Gettext) -> str:
    """Pending, or succeeded/failed with the block and confirmations."""
    if facts.bitcoin is not None and facts.bitcoin.replaced_by is not None:
        return _("replaced by {txid}").format(txid=facts.bitcoin.replaced_by.txid)
    if facts.state is TxState.PENDING:
        return _("pending (not in a block yet)")
    outcome = _("failed") if facts.success is False else _("succeeded")
    if facts.confirmations is None:  # final without a depth (Aptos, EOS), or head unknown
        return _("{outcome} in block {block}").format(outcome=outcome, block=facts.block_number)
    if facts.confirmations == 1:
        return _("{outcome} in block {block}, 1 confirmation ({required} needed)").format(
            outcome=outcome, block=facts.block_number, required=facts.required_confirmations
        )
    return _("{outcome} in block {block}, {n} confirmations ({required} needed)").format(
        outcome=outcome,
        block=facts.block_number,
        n=facts.confirmations,
        required=facts.required_confirmations,
    )


def transfer_text(transfer: TokenTransfer, _: Gettext, lang: str) -> str:
    """``1,000 USDT`` plus whether the token is the official one; symbols are untrusted.

    The contract goes on its own line (``Token contract``), so it is never read as the
    recipient."""
    token = transfer.token
    symbol = token.symbol or _("(no symbol)")
    amount = (
        round_amount(transfer.amount, lang)
        if transfer.amount is not None
        else _("{raw} raw units").format(raw=transfer.raw_amount)
    )
    if token.status is TokenStatus.OFFICIAL:
        return _("{amount} {symbol} (official token)").format(amount=amount, symbol=symbol)
    if token.status is TokenStatus.IMPOSTOR:
        return _("{amount} {symbol}: NOT the official token").format(amount=amount, symbol=symbol)
    return _("{amount} {symbol}").format(amount=amount, symbol=symbol)


def paid_address(facts: TxFacts) -> str | None:
    """Who the transaction pays: the recipient of the token transfer the transaction itself
    is (a ``transfer`` call goes *to* the token contract), else the address it was sent to."""
    direct = [t for t in facts.transfers if t.direct]
    if len(direct) == 1:
        return direct[0].recipient
    return facts.recipient


def _identity(report: Report, _: Gettext) -> Iterator[Line]:
    if report.kind == "transaction" and report.value:
        yield Line(_("Transaction"), report.value, Kind.ID)
    elif report.kind == "address" and report.value:
        yield Line(_("Address"), report.value, Kind.ID)
    elif report.kind == "invalid":
        yield Line(_("What was pasted"), report.input)


def _transaction(facts: TxFacts, _: Gettext, lang: str) -> Iterator[Line]:
    yield Line(_("Status"), status_text(facts, _))
    if facts.value.raw or not facts.transfers:
        yield Line(_("Amount"), f"{round_amount(facts.value.value, lang)} {facts.value.symbol}")
    for transfer in sorted(facts.transfers, key=lambda t: not t.direct)[:SHOWN_TRANSFERS]:
        yield Line(_("Token"), transfer_text(transfer, _, lang))
        yield Line(_("Token contract"), transfer.token.contract, Kind.ID)
    if facts.sender:
        yield Line(_("From"), facts.sender, Kind.ID)
    recipient = paid_address(facts)
    if recipient:
        yield Line(_("To"), recipient, Kind.ID)
    if facts.fee_paid is not None:
        yield Line(
            _("Fee paid"), f"{round_fee(facts.fee_paid.value, lang)} {facts.fee_paid.symbol}"
        )


def _address(address: AddressFacts, report: Report, _: Gettext) -> Iterator[Line]:
    if address.balance is not None and address.chain == report.chain:
        amount = round_amount(address.balance.value, report.lang)
        yield Line(_("Balance"), f"{amount} {address.balance.symbol}")
