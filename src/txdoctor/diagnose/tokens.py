"""Official, impostor or unlisted: a token judged against the chain's tokens table.

Pure rules, no I/O, shared by every family that has tokens (EVM contracts, Tron TRC-20
contracts, Solana mints). The fetchers report what each token says of itself (a ``TokenInfo``
not judged yet); ``judge_lookup`` decides, for every token of a chain's answer, before any rule
or view reads it.

A token that calls itself "USDT" or "Tether USD" but is not the listed contract is the
classic fake-token scam. What counts is what a reader sees: case, width, look-alike letters
of other scripts (Cyrillic "Т", fullwidth "ＵＳＤＴ"), the tugrik sign "₮" Tether uses,
spaces and punctuation do not make a different name. EVM contracts compare case-insensitively
(EIP-55 case is only a checksum); base58 addresses (Tron, Solana) are case-sensitive.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any

from txdoctor.config import ChainConfig, TokenConfig
from txdoctor.core.family import Family
from txdoctor.facts import ChainLookup
from txdoctor.facts.common import TokenInfo, TokenMeta, TokenStatus

# Letters of other scripts that look like Latin ones, as fake token names use them.
_LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "с": "c",
        "е": "e",
        "н": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "о": "o",
        "р": "p",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "х": "x",
        "ԁ": "d",
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ս": "u",
        "ѵ": "v",
        "₮": "t",
        "$": "s",
    }
)


def claim_key(text: str | None) -> str:
    """A symbol or name as a reader perceives it: ``"ＵＳＤТ"`` and ``"U.S.D.T"`` → ``"usdt"``."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def official_entry(
    table: Sequence[TokenConfig], contract: str, *, case_sensitive: bool = False
) -> TokenConfig | None:
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


def judge_token(
    table: Sequence[TokenConfig],
    contract: str,
    meta: TokenMeta | None,
    *,
    case_sensitive: bool = False,
) -> TokenInfo:
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
        return TokenInfo(
            contract,
            listed.symbol,
            name,
            decimals,
            TokenStatus.OFFICIAL,
            official_name=name,
            variant=listed.variant,
        )
    claimed = claimed_entry(table, meta)
    if claimed is None:
        return TokenInfo(contract, meta.symbol, meta.name, meta.decimals)
    official_contract = claimed.contract if case_sensitive else claimed.contract.lower()
    return TokenInfo(
        contract,
        meta.symbol,
        meta.name,
        meta.decimals,
        TokenStatus.IMPOSTOR,
        official_name=claimed.name,
        imitates=claimed.symbol,
        official_contract=official_contract,
    )


def judge_lookup(lookup: ChainLookup, chain: ChainConfig) -> ChainLookup:
    """``lookup`` with every token in its answer judged against ``chain``'s tokens table.

    Every ``TokenInfo`` anywhere in the facts is judged (transfers, balances, history rows, a
    family's details such as Tron's attempted transfer), so a new facts field holding a token
    cannot be missed.
    """
    judged: ChainLookup = _Judge(chain).walk(lookup)
    return judged


class _Judge:
    """Judges the tokens of one chain's answer (base58 contracts compare case-sensitively)."""

    def __init__(self, chain: ChainConfig) -> None:
        self.table = chain.tokens
        self.case_sensitive = chain.family is not Family.EVM

    def token(self, token: TokenInfo) -> TokenInfo:
        meta = TokenMeta(token.symbol, token.name, token.decimals)
        return judge_token(self.table, token.contract, meta, case_sensitive=self.case_sensitive)

    def walk(self, value: Any) -> Any:
        """``value`` with every ``TokenInfo`` in it judged; unchanged parts are kept as is."""
        kind = type(value)
        if kind in _OPAQUE:  # most fields: no reflection needed (a batch walks many)
            return value
        if isinstance(value, TokenInfo):
            return self.token(value)
        if isinstance(value, tuple):
            items = tuple(self.walk(v) for v in value)
            changed = any(a is not b for a, b in zip(items, value, strict=True))
            return items if changed else value
        names = _field_names(kind)
        if not names:  # neither a token, a tuple nor a dataclass: never anything inside
            _OPAQUE.add(kind)
            return value
        changes = {}
        for name in names:
            old = getattr(value, name)
            if type(old) in _OPAQUE:
                continue
            new = self.walk(old)
            if new is not old:
                changes[name] = new
        return replace(value, **changes) if changes else value


_OPAQUE: set[type] = {str, int, float, bool, type(None)}
"""Types whose values hold no token: plain values, then each type seen to be neither a
token, a tuple nor a dataclass (enums, decimals, mappings)."""
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """The field names of a dataclass type (none for other types), looked up once."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else ()
        _FIELD_NAMES[kind] = names
    return names
