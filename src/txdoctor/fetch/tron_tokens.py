"""TRC-20 tokens: the chain's official contracts, a stranger token's symbol/name/decimals
(read with ``/wallet/triggerconstantcontract``), and whether it impersonates an official one.

A token that calls itself "USDT" or "Tether USD" but is not the official contract is the
classic fake-USDT scam; lookalike letters (Cyrillic "Т", fullwidth "ＵＳＤＴ") count as a claim.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from txdoctor.facts import TokenInfo, TokenStatus
from txdoctor.fetch.transport import AllEndpointsFailed
from txdoctor.fetch.tron_api import TronApi
from txdoctor.fetch.tron_decode import abi_string, abi_uint, hex_address

SYMBOL_SELECTOR = "95d89b41"  # symbol()
NAME_SELECTOR = "06fdde03"  # name()
DECIMALS_SELECTOR = "313ce567"  # decimals()
BALANCE_OF = "balanceOf(address)"
MAX_DECIMALS = 77  # more than any uint256 amount has digits: a lie
# Letters that look like Latin ones in other scripts, as used in fake token names.
_LOOKALIKES = str.maketrans({"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "т": "t",
                             "у": "y", "х": "x", "ѕ": "s", "і": "i", "ԁ": "d", "υ": "u",
                             "ο": "o", "τ": "t", "ѵ": "v", "ս": "u"})


@dataclass(frozen=True)
class OfficialToken:
    """A token contract listed in the chain's tokens table."""

    symbol: str
    contract: str  # base58 T… address
    decimals: int
    name: str


def claim_key(text: str | None) -> str:
    """A token symbol or name reduced to what a reader sees: case, width, lookalike letters
    and punctuation removed (``"ＵＳＤТ"`` → ``"usdt"``)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    return "".join(ch for ch in folded if ch.isalnum())


class TokenBook:
    """The official tokens of one chain, and what strangers' tokens claim to be."""

    def __init__(self, official: Iterable[OfficialToken]) -> None:
        self.official = tuple(official)
        self._by_contract = {t.contract: t for t in self.official}
        self._claims = {claim_key(text): t for t in self.official for text in (t.symbol, t.name)
                        if claim_key(text)}

    def official_token(self, contract: str) -> OfficialToken | None:
        """The table entry of ``contract``, if it is an official token."""
        return self._by_contract.get(contract)

    def info(self, contract: str, symbol: str | None, name: str | None,
             decimals: int | None) -> TokenInfo:
        """What txdoctor knows of a token contract: official, an impostor, or unlisted."""
        listed = self._by_contract.get(contract)
        if listed is not None:
            return TokenInfo(contract, listed.symbol, listed.name, listed.decimals,
                             TokenStatus.OFFICIAL, official_name=listed.name)
        claimed = self._claims.get(claim_key(symbol)) or self._claims.get(claim_key(name))
        if claimed is None:
            return TokenInfo(contract, symbol, name, decimals, TokenStatus.UNLISTED)
        return TokenInfo(contract, symbol, name, decimals, TokenStatus.IMPOSTOR,
                         official_name=claimed.name, imitates=claimed.symbol,
                         official_contract=claimed.contract)


def read_token(api: TronApi, book: TokenBook, contract: str) -> TokenInfo:
    """A token's identity: from the table when official, else read from the contract.

    A call that fails (a contract without ``name()``, a node error) leaves that field unknown.
    """
    if book.official_token(contract) is not None:
        return book.info(contract, None, None, None)
    symbol = abi_string(_constant(api, contract, SYMBOL_SELECTOR))
    name = abi_string(_constant(api, contract, NAME_SELECTOR))
    decimals = abi_uint(_constant(api, contract, DECIMALS_SELECTOR), MAX_DECIMALS + 1)
    return book.info(contract, symbol, name, decimals)


def balance_of(api: TronApi, contract: str, owner: str) -> int | None:
    """``balanceOf(owner)`` of a token contract, None when the call failed."""
    word = "0" * 24 + hex_address(owner)[2:]
    return abi_uint(_constant(api, contract, None, BALANCE_OF, word))


def _constant(api: TronApi, contract: str, data: str | None, selector: str | None = None,
              parameter: str | None = None) -> str | None:
    """The first ``constant_result`` of a read-only call; None when it reverted or failed."""
    contract_hex = hex_address(contract)
    body: dict[str, str] = {"owner_address": contract_hex, "contract_address": contract_hex}
    if data is not None:
        body["data"] = data
    if selector is not None:
        body |= {"function_selector": selector, "parameter": parameter or ""}
    try:
        answer = api.wallet("wallet/triggerconstantcontract", body)
    except AllEndpointsFailed:
        return None
    results = answer.get("constant_result")
    transaction = answer.get("transaction")
    ret = transaction.get("ret") if isinstance(transaction, dict) else None
    failed = isinstance(ret, list) and any(isinstance(r, dict) and r.get("ret") == "FAILED"
                                           for r in ret)
    ok = isinstance(answer.get("result"), dict) and answer["result"].get("result") is True
    if failed or not ok or not isinstance(results, list) or not results:
        return None
    first = results[0]
    return first if isinstance(first, str) else None
