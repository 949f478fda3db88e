"""EOS's lines in the facts table: irreversibility, the memo or action, an account's
resources. Plain strings (chain text included); ``render.human`` cleans and shows them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from txdoctor.advise.i18n import N_
from txdoctor.advise.numbers import format_decimal
from txdoctor.facts import AddressFacts, TxFacts

Gettext = Callable[[str], str]


def tx_rows(facts: TxFacts, _: Gettext, lang: str = "en") -> Iterator[tuple[str, str]]:
    """Whether the block is irreversible, and the transfer's memo or the action."""
    details = facts.eos
    if details is None:
        return
    text = _("yes") if details.irreversible else _("not yet")
    lib = _("last irreversible block {lib}").format(lib=details.lib)
    yield N_("Irreversible"), f"{text} ({lib})"
    if details.quantity is not None:
        yield N_("Memo"), details.memo if details.memo else _("(none)")
    elif details.contract and details.action:
        yield N_("Action"), f"{details.contract} · {details.action}"


def address_rows(address: AddressFacts, _: Gettext, lang: str = "en") -> Iterator[tuple[str, str]]:
    """An account's RAM, CPU and NET: what it can still send with."""
    account = address.eos
    if account is None:
        return
    if account.ram_quota is not None and account.ram_usage is not None:
        yield (
            N_("RAM"),
            _("{used} of {quota} bytes used").format(
                used=format_decimal(Decimal(account.ram_usage), lang),
                quota=format_decimal(Decimal(account.ram_quota), lang),
            ),
        )
    if account.cpu_available is not None:
        yield (
            N_("CPU"),
            _("{n} µs available").format(n=format_decimal(Decimal(account.cpu_available), lang)),
        )
    if account.net_available is not None:
        yield (
            N_("NET"),
            _("{n} bytes available").format(n=format_decimal(Decimal(account.net_available), lang)),
        )
