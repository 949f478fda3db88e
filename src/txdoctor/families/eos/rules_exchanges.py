"""Exchange deposit accounts on EOS that need a memo to credit a deposit.

An exchange receives every customer's EOS on one account and tells them apart by the memo;
a transfer there without one arrives on chain but is credited to nobody until the
exchange's support matches it by hand (eosauthority.com blog "Incorrect memos on exchanges
with EOS"). The list is the one Greymass's wallet (greymass/anchor, formerly eos-voter,
``app/shared/components/Wallet/Panel/Form/Transfer/Send.js``, ``exchangeAccounts``) refused
to send to without a memo: a small list of long-standing, well-known accounts, not a
directory of every exchange.
"""

from __future__ import annotations

MEMO_EXCHANGES: dict[str, str] = {
    "binancecleos": "Binance",
    "bitfinexdep1": "Bitfinex",
    "krakenkraken": "Kraken",
}


def exchange_needing_memo(account: str | None) -> str | None:
    """The exchange whose deposit account ``account`` is, when it needs a memo."""
    return MEMO_EXCHANGES.get(account or "")
