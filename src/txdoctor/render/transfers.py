"""Token transfers, balances and recent transfers of any family, as rows of the people view.
("You sent 250 USDT (Tether USD, official contract) to 0x…"), an address's tokens, waiting
transactions and last transfers. Every sentence is whole and translated; a token's own
symbol is strangers' text, shown quoted when it holds anything but plain symbol characters
(the table cleans control characters afterwards).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from txdoctor.advise.i18n import N_
from txdoctor.advise.numbers import format_decimal
from txdoctor.core.lazy_pattern import LazyPattern
from txdoctor.core.units import coins, gwei
from txdoctor.facts import (
    AddressFacts,
    RecentTransfer,
    TokenInfo,
    TokenStatus,
    TokenTransfer,
    TxFacts,
)

Gettext = Callable[[str], str]
SHOWN_TRANSFERS = 5
SHOWN_RECENT = 5
SHOWN_POOL = 3
_PLAIN_SYMBOL = LazyPattern(r"[A-Za-z0-9.$₮+_-]{1,16}")


def symbol_text(token: TokenInfo) -> str:
    """The token's symbol as printed: the table's for an official token; a stranger's own
    symbol quoted unless it is plain, so it cannot pass for words of the sentence."""
    symbol = (token.symbol or "").strip()
    if token.status is TokenStatus.OFFICIAL or _PLAIN_SYMBOL.fullmatch(symbol):
        return symbol or "?"
    return '"' + (symbol[:16] + "…" if len(symbol) > 16 else symbol) + '"'


def token_text(token: TokenInfo, _: Gettext) -> str:
    """Official or not, in a few words, for the parentheses of a transfer line."""
    if token.status is TokenStatus.OFFICIAL:
        name = token.official_name or token.symbol or "?"
        if token.variant == "bridged":
            return _("{name}, official bridged contract").format(name=name)
        if token.variant == "binance_peg":
            return _("{name}, official Binance-Peg contract").format(name=name)
        return _("{name}, official contract").format(name=name)
    if token.status is TokenStatus.IMPOSTOR:
        return _("NOT the official {official}: look-alike contract {contract}").format(
            official=token.official_name or token.imitates or "?", contract=token.contract
        )
    return _("unlisted token, contract {contract}").format(contract=token.contract)


def transfer_rows(facts: TxFacts, _: Gettext, lang: str) -> Iterator[tuple[str, str]]:
    """One row per token transfer, the transaction's own first."""
    ordered = sorted(facts.transfers, key=lambda t: not t.direct)
    for transfer in ordered[:SHOWN_TRANSFERS]:
        yield N_("Transfer"), transfer_line(transfer, facts.sender, _, lang)
    if len(ordered) > SHOWN_TRANSFERS:
        yield (
            N_("Transfer"),
            _("and {n} more token transfers").format(n=len(ordered) - SHOWN_TRANSFERS),
        )


def transfer_line(t: TokenTransfer, tx_sender: str | None, _: Gettext, lang: str) -> str:
    """Amount, token, official or not, and recipient, in one sentence."""
    fields = {
        "amount": _amount(t, _, lang),
        "asset": symbol_text(t.token),
        "token": token_text(t.token, _),
        "recipient": t.recipient,
        "sender": t.sender,
    }
    if t.attempted:
        return _(
            "You tried to send {amount} {asset} ({token}) to {recipient}; nothing moved"
        ).format(**fields)
    if t.direct and (tx_sender or "").lower() == t.sender.lower():
        return _("You sent {amount} {asset} ({token}) to {recipient}").format(**fields)
    return _("{amount} {asset} ({token}) moved from {sender} to {recipient}").format(**fields)


def _amount(t: TokenTransfer, _: Gettext, lang: str) -> str:
    if t.amount is None:
        return _("{raw} base units of").format(raw=t.raw_amount)
    return format_decimal(t.amount, lang)


def address_rows(a: AddressFacts, _: Gettext, lang: str) -> Iterator[tuple[str, str]]:
    """An EVM address's tokens, what it is, waiting transactions and last transfers."""
    if a.family != "evm":
        return
    if a.token is not None:
        yield (
            N_("Token"),
            _("{asset} ({token})").format(asset=symbol_text(a.token), token=token_text(a.token, _)),
        )
    for token, raw in a.token_balances:
        amount = (
            format_decimal(coins(raw, token.decimals), lang)
            if token.decimals is not None
            else str(raw)
        )
        yield (
            N_("Holds"),
            _("{amount} {asset} ({token})").format(
                amount=amount, asset=symbol_text(token), token=token_text(token, _)
            ),
        )
    for tx in a.pool[:SHOWN_POOL]:
        fees = tx.evm_fees
        offered = (
            _("max fee {cap} gwei, priority fee {tip} gwei").format(
                cap=format_decimal(gwei(fees.fee_cap), lang),
                tip=format_decimal(gwei(fees.tip_cap), lang),
            )
            if fees
            else ""
        )
        yield (
            N_("Waiting"),
            _("nonce {nonce}: {hash}, {offered}").format(
                nonce=tx.nonce, hash=tx.hash, offered=offered
            ),
        )
    for row in a.recent[:SHOWN_RECENT]:
        yield N_("Recent transfers"), recent_line(row, a.address, _, lang)


def recent_line(row: RecentTransfer, me: str, _: Gettext, lang: str) -> str:
    """One line of an address's history: when, in or out, how much of what, with whom."""
    when = (
        datetime.fromtimestamp(row.timestamp, UTC).strftime("%Y-%m-%d %H:%M")
        if row.timestamp
        else "?"
    )
    asset = (
        symbol_text(row.token)
        if row.token is not None
        else (row.amount.symbol if row.amount is not None else "?")
    )
    amount = format_decimal(row.amount.value, lang) if row.amount is not None else "?"
    fields = {"when": when, "amount": amount, "asset": asset}
    if (row.sender or "").lower() == me.lower():
        return _("{when} sent {amount} {asset} to {party}").format(
            party=row.recipient or "?", **fields
        )
    return _("{when} received {amount} {asset} from {party}").format(
        party=row.sender or "?", **fields
    )
