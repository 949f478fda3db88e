"""The last few transfers of an EVM address, from an explorer API (I/O) and their parsing.

Two sources, in this order:

- a keyless **Blockscout** instance configured as the chain's ``explorer_api:`` —
  ``GET /api/v2/addresses/{address}/transactions`` and ``…/token-transfers``;
- **Etherscan API v2** when ``ETHERSCAN_API_KEY`` is set —
  ``GET https://api.etherscan.io/v2/api?chainid=…&module=account&action=txlist|tokentx``.
  The key travels only to Etherscan, as its ``apikey`` query parameter, and is registered
  as a secret so no message shows it.

Without either, ``History.problem`` says why there is no history, and the diagnosis says
what it could not check. The response shapes (and where they are documented) are in
tests/fixtures/explorer/README.md; every field is checked before use, a malformed row is
skipped, chain text (token names and symbols) is kept raw and bounded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.lazy_pattern import LazyPattern
from txdoctor.core.redact import register_secret
from txdoctor.facts import Amount, RecentTransfer, TokenInfo, TokenMeta
from txdoctor.families.evm import fetch_abi as evm_abi
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

KEY_ENV = "ETHERSCAN_API_KEY"
NO_EXPLORER = "no_explorer"  # History.problem: no explorer_api and no Etherscan key
ETHERSCAN_V2 = "https://api.etherscan.io/v2/api"
RECENT = 10  # transfers shown and compared; also what each request asks for
_HASH = LazyPattern(r"0x[0-9a-fA-F]{64}")
_DIGITS = LazyPattern(r"\d{1,78}")
_EMPTY_MESSAGES = ("No transactions found", "No records found")


@dataclass(frozen=True)
class History:
    """An address's recent transfers, newest first, or why there are none to show."""

    transfers: tuple[RecentTransfer, ...] = ()
    source: str | None = None  # "blockscout" or "etherscan" when the history came back
    problem: str | None = None  # why not: NO_EXPLORER, or the explorer's failure

    @property
    def available(self) -> bool:
        """Whether an explorer answered (an empty history is still an answer)."""
        return self.source is not None


def etherscan_key(environ: Mapping[str, str] = os.environ) -> str | None:
    """The Etherscan API key from the environment, registered as a secret; None if unset."""
    key = environ.get(KEY_ENV, "").strip()
    if not key:
        return None
    register_secret(key)
    return key


def recent_history(
    chain: ChainConfig, transport: Transport, address: str, environ: Mapping[str, str] = os.environ
) -> History:
    """The last ``RECENT`` transfers of ``address`` on ``chain``; never raises."""
    key = etherscan_key(environ)
    if chain.explorer_api:
        history = _blockscout(chain, transport, address)
        if history.available or key is None:
            return history
    elif key is None:
        return History(problem=NO_EXPLORER)
    return _etherscan(chain, transport, address, key)


# --------------------------------------------------------------------------- Blockscout
def _blockscout(chain: ChainConfig, transport: Transport, address: str) -> History:
    assert chain.explorer_api is not None
    base = [chain.explorer_api]
    try:
        txs = transport.get_json(
            base, f"api/v2/addresses/{address}/transactions", check=_items_check, not_found_ok=True
        )
        tokens = transport.get_json(
            base,
            f"api/v2/addresses/{address}/token-transfers",
            params={"type": "ERC-20"},
            check=_items_check,
            not_found_ok=True,
        )
    except AllEndpointsFailed as exc:
        return History(problem=f"Blockscout failed: {_reason(exc)}")
    rows = [r for item in _items(txs.body) if (r := blockscout_transaction(item, chain))]
    rows += [r for item in _items(tokens.body) if (r := blockscout_token_transfer(item, chain))]
    return History(_newest(rows), source="blockscout")


def _items_check(body: Any) -> str | None:
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        return "not a Blockscout list (no items)"
    return None


def _items(body: Any) -> list[Any]:
    items = body.get("items") if isinstance(body, dict) else None  # None: a 404, no address
    return items[:RECENT] if isinstance(items, list) else []


def _hash_of(party: Any) -> str | None:
    """``{"hash": "0x…", …}`` (Blockscout's address object) → the address."""
    return evm_abi.address(party.get("hash")) if isinstance(party, dict) else None


def blockscout_transaction(item: Any, chain: ChainConfig) -> RecentTransfer | None:
    """One row of ``/api/v2/addresses/{a}/transactions``; None when malformed."""
    if not isinstance(item, dict) or not _is_hash(item.get("hash")):
        return None
    value = _digits(item.get("value"))
    status = item.get("status")
    return RecentTransfer(
        hash=item["hash"].lower(),
        sender=_hash_of(item.get("from")),
        recipient=_hash_of(item.get("to")),
        amount=Amount(value, chain.native_decimals, chain.native) if value is not None else None,
        timestamp=_iso_time(item.get("timestamp")),
        success=None if status not in ("ok", "error") else status == "ok",
    )


def blockscout_token_transfer(item: Any, chain: ChainConfig) -> RecentTransfer | None:
    """One row of ``/api/v2/addresses/{a}/token-transfers`` (ERC-20); None when malformed.

    Newer instances name the fields ``transaction_hash`` and ``token.address_hash``, older
    ones ``tx_hash`` and ``token.address``: both are read.
    """
    if not isinstance(item, dict):
        return None
    tx_hash = item.get("transaction_hash", item.get("tx_hash"))
    token = item.get("token")
    total = item.get("total")
    if (
        not isinstance(tx_hash, str)
        or not _is_hash(tx_hash)
        or not isinstance(token, dict)
        or not isinstance(total, dict)
    ):
        return None
    contract = evm_abi.address(token.get("address_hash", token.get("address")))
    raw = _digits(total.get("value"))
    if contract is None or raw is None:
        return None
    meta = TokenMeta(
        symbol=_text(token.get("symbol")),
        name=_text(token.get("name")),
        decimals=_small(token.get("decimals")),
    )
    return _token_transfer(
        chain,
        contract,
        meta,
        raw,
        tx_hash=tx_hash.lower(),
        sender=_hash_of(item.get("from")),
        recipient=_hash_of(item.get("to")),
        timestamp=_iso_time(item.get("timestamp")),
    )


# --------------------------------------------------------------------------- Etherscan
def _etherscan(chain: ChainConfig, transport: Transport, address: str, key: str) -> History:
    rows: list[RecentTransfer] = []
    for action in ("txlist", "tokentx"):
        params = {
            "chainid": str(chain.chain_id),
            "module": "account",
            "action": action,
            "address": address,
            "page": "1",
            "offset": str(RECENT),
            "sort": "desc",
            "apikey": key,
        }
        try:
            reply = transport.get_json([ETHERSCAN_V2], "", params=params, check=_etherscan_check)
        except AllEndpointsFailed as exc:
            return History(problem=f"Etherscan failed: {_reason(exc)}")
        parse = etherscan_transaction if action == "txlist" else etherscan_token_transfer
        rows += [r for item in etherscan_rows(reply.body) if (r := parse(item, chain))]
    return History(_newest(rows), source="etherscan")


def _etherscan_check(body: Any) -> str | None:
    """Etherscan answers HTTP 200 with ``status "0"`` for errors as well as for "none"."""
    if not isinstance(body, dict):
        return "not an Etherscan answer"
    if body.get("status") == "1" and isinstance(body.get("result"), list):
        return None
    if body.get("message") in _EMPTY_MESSAGES:
        return None
    detail = body.get("result") if isinstance(body.get("result"), str) else body.get("message")
    return f"Etherscan refused: {str(detail)[:120]}"


def etherscan_rows(body: Any) -> list[Any]:
    """The rows of an accepted Etherscan answer (none for "No transactions found")."""
    result = body.get("result") if isinstance(body, dict) else None
    return result[:RECENT] if isinstance(result, list) else []


def etherscan_transaction(item: Any, chain: ChainConfig) -> RecentTransfer | None:
    """One row of ``action=txlist``; None when malformed."""
    if not isinstance(item, dict) or not _is_hash(item.get("hash")):
        return None
    value = _digits(item.get("value"))
    failed = item.get("isError")
    return RecentTransfer(
        hash=item["hash"].lower(),
        sender=evm_abi.address(item.get("from")),
        recipient=evm_abi.address(item.get("to")),
        amount=Amount(value, chain.native_decimals, chain.native) if value is not None else None,
        timestamp=_digits(item.get("timeStamp")),
        success=None if failed not in ("0", "1") else failed == "0",
    )


def etherscan_token_transfer(item: Any, chain: ChainConfig) -> RecentTransfer | None:
    """One row of ``action=tokentx``; None when malformed."""
    if not isinstance(item, dict) or not _is_hash(item.get("hash")):
        return None
    contract = evm_abi.address(item.get("contractAddress"))
    raw = _digits(item.get("value"))
    if contract is None or raw is None:
        return None
    meta = TokenMeta(
        symbol=_text(item.get("tokenSymbol")),
        name=_text(item.get("tokenName")),
        decimals=_small(item.get("tokenDecimal")),
    )
    return _token_transfer(
        chain,
        contract,
        meta,
        raw,
        tx_hash=item["hash"].lower(),
        sender=evm_abi.address(item.get("from")),
        recipient=evm_abi.address(item.get("to")),
        timestamp=_digits(item.get("timeStamp")),
    )


# --------------------------------------------------------------------------- helpers
def _token_transfer(
    chain: ChainConfig,
    contract: str,
    meta: TokenMeta,
    raw: int,
    *,
    tx_hash: str,
    sender: str | None,
    recipient: str | None,
    timestamp: int | None,
) -> RecentTransfer:
    """A token row of either explorer, with what the token says of itself (judged later, in
    ``diagnose/tokens.py``); an amount only when the decimals are known."""
    listed = chain.listed_token(contract)
    decimals = listed.decimals if listed and listed.decimals is not None else meta.decimals
    symbol = listed.symbol if listed else meta.symbol
    info = TokenInfo(contract.lower(), meta.symbol, meta.name, meta.decimals)
    amount = Amount(raw, decimals, symbol or "?") if decimals is not None else None
    return RecentTransfer(
        hash=tx_hash,
        sender=sender,
        recipient=recipient,
        amount=amount,
        token=info,
        timestamp=timestamp,
        success=True,
    )


def _newest(rows: list[RecentTransfer]) -> tuple[RecentTransfer, ...]:
    rows.sort(key=lambda r: r.timestamp or 0, reverse=True)
    return tuple(rows[:RECENT])


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and bool(_HASH.fullmatch(value))


def _digits(value: Any) -> int | None:
    """A decimal integer given as a string (explorers send big numbers as strings)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return int(value) if isinstance(value, str) and _DIGITS.fullmatch(value) else None


def _small(value: Any) -> int | None:
    number = _digits(value)
    return number if number is not None and number <= evm_abi.MAX_DECIMALS else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[: evm_abi.MAX_TEXT_CHARS]


def _iso_time(value: Any) -> int | None:
    """Blockscout's ``"2022-08-02T07:18:05.000000Z"`` as a Unix timestamp."""
    if not isinstance(value, str):
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def _reason(exc: AllEndpointsFailed) -> str:
    return "; ".join(a.error or "failed" for a in exc.attempts)[:200] or "no answer"
