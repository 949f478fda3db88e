"""SPL tokens: the chain's official mints, what a stranger mint calls itself, and whether
it impersonates an official one.

A mint is official when the chain's ``tokens:`` table lists it. Any other mint whose
name or symbol (Metaplex metadata, or the Token-2022 metadata extension) reads as an
official token's symbol or name (case, width, lookalike letters and punctuation ignored)
is an impostor: the classic fake-USDT pattern. A mint without readable metadata is
merely unlisted: nothing claims anything, so nothing is called fake.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.facts import TokenInfo, TokenStatus
from txdoctor.fetch.solana_metadata import (
    TokenLabel,
    label_from_metadata_account,
    label_from_parsed_mint,
    metadata_address,
)

MAX_LABELS = 20  # stranger mints whose metadata one lookup reads at most
# Letters that look like Latin ones in other scripts, as used in fake token names.
_LOOKALIKES = str.maketrans({"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "т": "t",
                             "у": "y", "х": "x", "ѕ": "s", "і": "i", "υ": "u", "ο": "o",
                             "τ": "t", "₮": "t", "$": "s"})


@dataclass(frozen=True)
class OfficialMint:
    """A mint listed in the chain's tokens table."""

    symbol: str
    mint: str
    decimals: int
    name: str


def official_mints(chain: ChainConfig) -> list[OfficialMint]:
    """The chain's ``tokens:`` table (``contract`` is the mint on Solana)."""
    return [OfficialMint(t.symbol, t.contract, t.decimals, t.name) for t in chain.tokens]


def claim_key(text: str | None) -> str:
    """A symbol or name reduced to what a reader sees (``"ＵＳＤ₮"`` → ``"usdt"``)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    return "".join(ch for ch in folded if ch.isalnum())


class MintBook:
    """The official mints of one chain, and what strangers' mints claim to be."""

    def __init__(self, official: Iterable[OfficialMint]) -> None:
        self.official = tuple(official)
        self._by_mint = {t.mint: t for t in self.official}
        self._claims = {claim_key(text): t for t in self.official for text in (t.symbol, t.name)
                        if claim_key(text)}

    def is_official(self, mint: str) -> bool:
        """Whether ``mint`` is in the tokens table."""
        return mint in self._by_mint

    def info(self, mint: str, label: TokenLabel | None, decimals: int | None) -> TokenInfo:
        """Official, impostor or unlisted, with what the mint says of itself."""
        listed = self._by_mint.get(mint)
        if listed is not None:
            return TokenInfo(mint, listed.symbol, listed.name, listed.decimals,
                             TokenStatus.OFFICIAL, official_name=listed.name)
        symbol = label.symbol if label else None
        name = label.name if label else None
        claimed = self._claims.get(claim_key(symbol)) or self._claims.get(claim_key(name))
        status = TokenStatus.IMPOSTOR if claimed else TokenStatus.UNLISTED
        return TokenInfo(mint, symbol, name, decimals, status,
                         official_name=claimed.name if claimed else None)


def label_calls(mints: Sequence[str]) -> list[tuple[str, list[Any]]]:
    """Two calls reading what ``mints`` call themselves (Token-2022 extension, Metaplex)."""
    return [
        ("getMultipleAccounts", [list(mints), {"encoding": "jsonParsed"}]),
        ("getMultipleAccounts", [[metadata_address(m) for m in mints], {"encoding": "base64"}]),
    ]


def labels_from(results: Sequence[Any], mints: Sequence[str],
                ) -> Mapping[str, tuple[TokenLabel | None, int | None]]:
    """Label and decimals of each mint from the answers to ``label_calls``."""
    parsed, metaplex = (_values(r, len(mints)) for r in results)
    out: dict[str, tuple[TokenLabel | None, int | None]] = {}
    for mint, mint_account, metadata in zip(mints, parsed, metaplex, strict=True):
        label, decimals = label_from_parsed_mint(mint_account)
        out[mint] = (label or label_from_metadata_account(metadata, mint), decimals)
    return out


def _values(result: Any, count: int) -> list[Any]:
    value = result.get("value") if isinstance(result, dict) else None
    if not isinstance(value, list) or len(value) != count:
        return [None] * count
    return value
