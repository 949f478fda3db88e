"""Bitcoin's lines in the facts table: fee rate against the market, replaceability, and an
address's unconfirmed money. Plain strings; ``render.human`` cleans and shows them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from txdoctor.advise.i18n import N_
from txdoctor.advise.numbers import format_decimal
from txdoctor.core.units import coins
from txdoctor.facts import AddressFacts, TxFacts, TxState
from txdoctor.families.bitcoin.facts import BitcoinAddressDetails, BitcoinTxDetails
from txdoctor.families.bitcoin.rules import shown

Gettext = Callable[[str], str]
SHOWN_RECENT = 5


def bitcoin_tx_rows(
    details: BitcoinTxDetails, pending: bool, _: Gettext, lang: str = "en"
) -> Iterator[tuple[str, str]]:
    """(label, value) rows of a transaction's Bitcoin details (replaceability if pending)."""
    if details.replaced_by is not None or details.coinbase:
        return
    rate = _("{rate} sat/vB ({vsize} vB)").format(
        rate=format_decimal(shown(details.fee_rate), lang), vsize=details.vsize
    )
    market = details.market
    if market is not None:
        rate += " · " + _(
            "network now: next block {fastest}, within an hour {hour}, economy {economy} sat/vB"
        ).format(
            fastest=format_decimal(shown(market.fastest), lang),
            hour=format_decimal(shown(market.hour), lang),
            economy=format_decimal(shown(market.economy), lang),
        )
    yield N_("Fee rate"), rate
    if not pending:
        return
    yield (
        N_("Replaceable"),
        (
            _("yes (signals RBF)")
            if details.signals_rbf
            else _("no signal (full-RBF nodes replace it anyway)")
        ),
    )


def bitcoin_address_parts(
    details: BitcoinAddressDetails, symbol: str, _: Gettext, lang: str = "en"
) -> list[str]:
    """Parts of an address's line: its unconfirmed money, when any."""
    parts = []
    if details.unconfirmed_in_sat:
        parts.append(
            _("{amount} {symbol} incoming, unconfirmed").format(
                amount=format_decimal(coins(details.unconfirmed_in_sat, 8), lang), symbol=symbol
            )
        )
    if details.unconfirmed_out_sat:
        parts.append(
            _("{amount} {symbol} outgoing, unconfirmed").format(
                amount=format_decimal(coins(details.unconfirmed_out_sat, 8), lang), symbol=symbol
            )
        )
    return parts


def bitcoin_recent_rows(a: AddressFacts, _: Gettext, lang: str = "en") -> Iterator[tuple[str, str]]:
    """A Bitcoin address's latest transactions, seen from it: sent or received, and when."""
    if a.family != "bitcoin":
        return
    for row in a.recent[:SHOWN_RECENT]:
        when = (
            datetime.fromtimestamp(row.timestamp, UTC).strftime("%Y-%m-%d %H:%M")
            if row.timestamp
            else _("unconfirmed")
        )
        amount = format_decimal(row.amount.value, lang) if row.amount is not None else "?"
        asset = row.amount.symbol if row.amount is not None else "?"
        if row.sender == a.address:
            line = _("{when} sent {amount} {asset} to {party}").format(
                when=when, amount=amount, asset=asset, party=row.recipient or "?"
            )
        else:
            line = _("{when} received {amount} {asset} from {party}").format(
                when=when, amount=amount, asset=asset, party=row.sender or "?"
            )
        yield N_("Recent transfers"), line


# The names the people view looks up (txdoctor.core.registry).
def tx_rows(facts: TxFacts, _: Gettext, lang: str) -> Iterator[tuple[str, str]]:
    """Rows of a Bitcoin transaction: size, fee rate, RBF, replacement, outputs."""
    if facts.bitcoin is not None:
        yield from bitcoin_tx_rows(facts.bitcoin, facts.state is TxState.PENDING, _, lang)


def address_parts(a: AddressFacts, _: Gettext, lang: str) -> list[str]:
    """What the one-line summary of a Bitcoin address adds."""
    if a.bitcoin is None or a.balance is None:
        return []
    return bitcoin_address_parts(a.bitcoin, a.balance.symbol, _, lang)


address_rows = bitcoin_recent_rows
