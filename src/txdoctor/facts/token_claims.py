"""Official, impostor or unlisted: a token judged against the chain's tokens table.

Pure code, no I/O, shared by every family that has tokens (EVM contracts, Tron TRC-20
contracts, Solana mints). It lives beside the facts it produces, not in ``diagnose/``, because
the fetchers build each ``TokenInfo`` with it and fetch code must not depend on diagnose.

A token that calls itself "USDT" or "Tether USD" but is not the listed contract is the
classic fake-token scam. What counts is what a reader sees: case, width, look-alike letters
of other scripts (Cyrillic "Т", fullwidth "ＵＳＤＴ"), the tugrik sign "₮" Tether uses,
spaces and punctuation do not make a different name. EVM contracts compare case-insensitively
(EIP-55 case is only a checksum); base58 addresses (Tron, Solana) are case-sensitive.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from txdoctor.config import TokenConfig
from txdoctor.facts.common import TokenInfo, TokenStatus

# Letters of other scripts that look like Latin ones, as fake token names use them.
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "с": "c", "е": "e", "н": "h", "і": "i", "ј": "j", "к": "k",
    "м": "m", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ս": "u", "ѵ": "v", "₮": "t", "$": "s",
})


@dataclass(frozen=True)
class TokenMeta:
    """What a token says about itself (any field may be missing or a lie)."""

    symbol: str | None = None
    name: str | None = None
    decimals: int | None = None

    @property
    def answered(self) -> bool:
        """Whether the contract answered like a token (``decimals()`` or ``symbol()``)."""
        return self.decimals is not None or self.symbol is not None


def claim_key(text: str | None) -> str:
    """A symbol or name as a reader perceives it: ``"ＵＳＤТ"`` and ``"U.S.D.T"`` → ``"usdt"``."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def official_entry(table: Sequence[TokenConfig], contract: str, *,
                   case_sensitive: bool = False) -> TokenConfig | None:
    """The tokens-table entry of ``contract``, if listed (case-insensitive unless asked)."""
    if case_sensitive:
        return next((t for t in table if t.contract == contract), None)
    wanted = contract.lower()
    return next((t for t in table if t.contract.lower() == wanted), None)


def claimed_entry(table: Sequence[TokenConfig], meta: TokenMeta) -> TokenConfig | None:
    """The official token whose symbol or name ``meta`` claims, if any (symbol first)."""
    for text in (meta.symbol, meta.name):
        key = claim_key(text)
        if not key:
            continue
        for entry in table:
            if key in (claim_key(entry.symbol), claim_key(entry.name or entry.symbol)):
                return entry
    return None


def judge_token(table: Sequence[TokenConfig], contract: str, meta: TokenMeta | None, *,
                case_sensitive: bool = False) -> TokenInfo:
    """The token at ``contract`` as txdoctor shows it.

    Official: the table's symbol, name and decimals (the chain's own only where the table
    gives just the contract).
    Impostor: what it says of itself, plus the official token it imitates.
    Unlisted: what it says of itself.
    Without ``case_sensitive`` (EVM) contracts are shown lower-case.
    """
    if not case_sensitive:
        contract = contract.lower()
    listed = official_entry(table, contract, case_sensitive=case_sensitive)
    meta = meta or TokenMeta()
    if listed is not None:  # a table entry written as just its contract: the chain's words
        name = listed.name or meta.name
        decimals = listed.decimals if listed.decimals is not None else meta.decimals
        return TokenInfo(contract, listed.symbol, name, decimals, TokenStatus.OFFICIAL,
                         official_name=name, variant=listed.variant)
    claimed = claimed_entry(table, meta)
    if claimed is None:
        return TokenInfo(contract, meta.symbol, meta.name, meta.decimals)
    official_contract = claimed.contract if case_sensitive else claimed.contract.lower()
    return TokenInfo(contract, meta.symbol, meta.name, meta.decimals, TokenStatus.IMPOSTOR,
                     official_name=claimed.name, imitates=claimed.symbol,
                     official_contract=official_contract)


class TokenBook:
    """The official tokens of one chain with base58 addresses (Tron, Solana): case-sensitive."""

    def __init__(self, official: Iterable[TokenConfig]) -> None:
        self.official = tuple(official)

    def official_token(self, contract: str) -> TokenConfig | None:
        """The table entry of ``contract``, if it is an official token."""
        return official_entry(self.official, contract, case_sensitive=True)

    def is_official(self, contract: str) -> bool:
        """Whether ``contract`` is in the tokens table."""
        return self.official_token(contract) is not None

    def info(self, contract: str, symbol: str | None, name: str | None,
             decimals: int | None) -> TokenInfo:
        """What txdoctor knows of a token: official, an impostor, or unlisted."""
        return judge_token(self.official, contract, TokenMeta(symbol, name, decimals),
                           case_sensitive=True)
