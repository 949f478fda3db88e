"""EOS identifiers: transaction ids, account names, public keys and bloks.io links.

A transaction id is 64 hex without ``0x``, the shape of a Bitcoin or Tron txid: all are
asked (``hexids.BARE_HASH_FAMILIES``). An account is a *name* of 1 to 12 characters from
``a-z``, ``1-5`` and ``.``, not ending with ``.`` (eosio-swift ``EosioName``; EOSIO/eosjs
issue 795), so ordinary words have the shape too: a name is only a candidate, asked of
the chain (``get_account``), and only when it is the whole paste and nothing else reads it
(a word inside a sentence, a number, an ENS name, a coin's name are not asked).
Public keys (``EOS6MRy…``, ``PUB_K1_…``) are not accounts: they are refused with a hint.
"""

from __future__ import annotations

import re

from . import hexids
from .model import (
    Classified,
    Family,
    InputKind,
    Problem,
    Verdict,
    address,
    invalid,
    transaction,
)

_NAME = re.compile(r"^[a-z1-5.]{1,12}$")
_PUBLIC_KEY = re.compile(
    r"^(?:EOS[1-9A-HJ-NP-Za-km-z]{50}|PUB_(?:K1|R1|WA)_[1-9A-HJ-NP-Za-km-z]{40,120})$"
)
_TX_ID = re.compile(r"^[0-9a-fA-F]{64}$")
# Whole pastes that have the shape of an account name but are plainly something else:
# the names of chains and coins, and the words of a column header.
NOT_ACCOUNTS = frozenset(
    {
        "bitcoin", "btc", "ethereum", "eth", "tron", "trx", "solana", "sol", "aptos", "apt",
        "polkadot", "dot", "eos", "vaulta", "usdt", "usdc", "bnb", "bsc", "polygon", "base",
        "arbitrum", "optimism", "avalanche", "avax", "hash", "txid", "tx", "address",
        "account", "memo", "amount", "id", "help", "test",
    }
)  # fmt: skip
MIN_HEX_RUN = 8
ACCOUNT_NAME = "account_name"  # detail["form"] of a bare word read as a possible account
EXPLORER_TX = frozenset({"transaction", "tx"})
EXPLORER_ACCOUNT = frozenset({"account"})


def is_account_name(text: str) -> bool:
    """True for text of the account-name shape (1–12 of a-z, 1-5, '.'; no '.' at an end)."""
    return bool(_NAME.match(text)) and not text.startswith(".") and not text.endswith(".")


def account_candidate(text: str) -> Verdict | None:
    """A whole paste that may be an EOS account name, or None.

    Digits alone (an amount, a block number), a run of 8 or more hex digits (a piece of a
    hash: "deadbeef") and the names in ``NOT_ACCOUNTS`` are not asked: they are plainly
    something else.
    """
    if not is_account_name(text) or text.replace(".", "").isdigit() or text in NOT_ACCOUNTS:
        return None
    if len(text) >= MIN_HEX_RUN and hexids.is_hex(text):
        return None
    return address(text, Family.EOS, form=ACCOUNT_NAME)


def public_key(token: str) -> Verdict | None:
    """An EOS public key (legacy ``EOS…`` or ``PUB_K1_…``): refused, it is not an account."""
    if not _PUBLIC_KEY.match(token):
        return None
    prefix = "EOS" if token.startswith("EOS") else token[:7]
    return invalid(Problem.PUBLIC_KEY, prefix=prefix, family=Family.EOS.value)


def explorer_target(section: str, segments: list[str]) -> Verdict | None:
    """What a bloks.io path names: ``/transaction/<id>`` or ``/account/<name>``; None for
    another page (the shared handling then says it holds no transaction or account)."""
    if len(segments) < 2:
        return None
    value = segments[1]
    if section in EXPLORER_TX:
        if _TX_ID.match(value):
            return transaction(value.lower(), Family.EOS)
        return invalid(Problem.MALFORMED, family=Family.EOS.value, kind="transaction")
    if section in EXPLORER_ACCOUNT:
        if is_account_name(value):
            return address(value, Family.EOS)
        return invalid(Problem.MALFORMED, family=Family.EOS.value, kind="address")
    return None


def without_candidate(classified: Classified) -> Classified:
    """A bare word read only as a possible EOS account, back to the unrecognised text it
    is when no EOS chain is there to ask (other results are returned as they are)."""
    if classified.detail.get("form") != ACCOUNT_NAME:
        return classified
    return Classified(classified.raw, InputKind.INVALID, problem=Problem.UNRECOGNIZED)
