"""SPL tokens: what a stranger mint calls itself, and whether it impersonates an official one
(judged by ``diagnose/tokens.py``, shared with the other families).

A mint is official when the chain's ``tokens:`` table lists it. Any other mint whose
name or symbol (Metaplex metadata, or the Token-2022 metadata extension) reads as an
official token's symbol or name (case, width, lookalike letters and punctuation ignored)
is an impostor: the classic fake-USDT pattern. A mint without readable metadata is
merely unlisted: nothing claims anything, so nothing is called fake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from txdoctor.facts import TokenInfo
from txdoctor.families.solana.fetch_metadata import (
    TokenLabel,
    label_from_metadata_account,
    label_from_parsed_mint,
    metadata_address,
)

MAX_LABELS = 20  # stranger mints whose metadata one lookup reads at most


def mint_info(mint: str, label: TokenLabel | None, decimals: int | None) -> TokenInfo:
    """What the mint says of itself (judged later, against the tokens table)."""
    return TokenInfo(mint, label.symbol if label else None, label.name if label else None, decimals)


def label_calls(mints: Sequence[str]) -> list[tuple[str, list[Any]]]:
    """Two calls reading what ``mints`` call themselves (Token-2022 extension, Metaplex)."""
    return [
        ("getMultipleAccounts", [list(mints), {"encoding": "jsonParsed"}]),
        ("getMultipleAccounts", [[metadata_address(m) for m in mints], {"encoding": "base64"}]),
    ]


def labels_from(
    results: Sequence[Any],
    mints: Sequence[str],
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
