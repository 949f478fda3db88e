"""Pure helpers that turn TronGrid's JSON into plain values: addresses, token transfers,
hex messages, ABI strings, chain parameters. No I/O; everything here is strangers' data,
so every function tolerates a malformed value by returning None (or skipping it).

Shapes: developers.tron.network / tronprotocol documentation-en (``gettransactionbyid``,
``gettransactioninfobyid``, ``getchainparameters``); see tests/fixtures/tron/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from txdoctor.core import base58 as b58
from txdoctor.families.tron.facts import TronPrices

TRANSFER_TOPIC = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
TRANSFER_SELECTOR = "a9059cbb"  # transfer(address,uint256)
TRANSFER_FROM_SELECTOR = "23b872dd"  # transferFrom(address,address,uint256)
MAX_MESSAGE_CHARS = 300  # node and contract messages are strangers' text: keep them bounded
MAX_TOKEN_TEXT = 64  # a token's symbol or name
_HEX = re.compile(r"^[0-9a-fA-F]*$")
_WORD = 64  # hex characters in one 32-byte ABI word


@dataclass(frozen=True)
class RawTransfer:
    """A token transfer as found in a call or a log, before the token is looked up."""

    contract: str  # base58 T… address of the token contract
    sender: str
    recipient: str
    amount: int


def is_hex(value: Any) -> bool:
    """True for a string of hex digits (empty allowed)."""
    return isinstance(value, str) and bool(_HEX.match(value))


def base58_address(value: Any) -> str | None:
    """A Tron address in ``T…`` form from the 41-prefixed hex (or 20-byte EVM hex) the API
    returns; a value already in base58 is returned as it is."""
    if not isinstance(value, str):
        return None
    text = value.removeprefix("0x")
    if len(text) == 40 and is_hex(text):
        text = "41" + text
    if len(text) == 42 and text[:2] == "41" and is_hex(text):
        return b58.encode_check(bytes.fromhex(text))
    if len(value) == 34 and value.startswith("T") and b58.is_base58(value):
        payload = b58.check_payload(b58.decode(value))
        return value if payload is not None and payload[:1] == b"\x41" else None
    return None


def hex_address(address: str) -> str:
    """The 41-prefixed hex form of a checksum-valid ``T…`` address (as the API takes it)."""
    payload = b58.check_payload(b58.decode(address))
    if payload is None or len(payload) != 21:
        raise ValueError("not a Tron address")
    return payload.hex()


def word_address(word: str) -> str | None:
    """The address in the last 20 bytes of one ABI word (a log topic or a call argument)."""
    if len(word) != _WORD or not is_hex(word):
        return None
    return base58_address("41" + word[-40:])


def word_int(word: str) -> int | None:
    """An unsigned integer ABI word."""
    if len(word) != _WORD or not is_hex(word):
        return None
    return int(word, 16)


def call_transfer(contract: str, sender: str, data: Any) -> RawTransfer | None:
    """The transfer a ``transfer``/``transferFrom`` call asked for, from its call data."""
    if not is_hex(data) or len(data) < 8:
        return None
    selector, args = data[:8].lower(), data[8:]
    words = [args[i : i + _WORD] for i in range(0, len(args), _WORD)]
    if selector == TRANSFER_SELECTOR and len(words) >= 2:
        recipient, amount = word_address(words[0]), word_int(words[1])
        source: str | None = sender
    elif selector == TRANSFER_FROM_SELECTOR and len(words) >= 3:
        source, recipient, amount = (
            word_address(words[0]),
            word_address(words[1]),
            word_int(words[2]),
        )
    else:
        return None
    if source is None or recipient is None or amount is None:
        return None
    return RawTransfer(contract, source, recipient, amount)


def log_transfers(logs: Any) -> Iterator[RawTransfer]:
    """Every TRC-20 ``Transfer(from, to, value)`` event in a transaction info's ``log``."""
    if not isinstance(logs, list):
        return
    for log in logs:
        if not isinstance(log, dict):
            continue
        topics = log.get("topics")
        if not isinstance(topics, list) or len(topics) != 3 or topics[0] != TRANSFER_TOPIC:
            continue  # 4 topics would be a TRC-721 transfer: no amount
        contract = base58_address(log.get("address"))
        sender, recipient = word_address(str(topics[1])), word_address(str(topics[2]))
        data = log.get("data")
        amount = word_int(data[:_WORD]) if isinstance(data, str) else None
        if contract and sender and recipient and amount is not None:
            yield RawTransfer(contract, sender, recipient, amount)


def hex_text(value: Any) -> str | None:
    """Text the node sent hex-encoded (``resMessage``), bounded and with control characters
    dropped; None when empty or not hex."""
    if not is_hex(value) or not value or len(value) % 2:
        return None
    text = bytes.fromhex(value[: MAX_MESSAGE_CHARS * 2]).decode("utf-8", "replace")
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    return text or None


def abi_string(value: Any) -> str | None:
    """The string a ``symbol()``/``name()`` call returned: ABI ``string``, or ``bytes32``
    as some old tokens return it. None when it is neither."""
    if not is_hex(value) or not value or len(value) % 2:
        return None
    data = bytes.fromhex(value)
    if len(data) == 32:
        raw = data.rstrip(b"\0")
    elif len(data) >= 64:
        offset = int.from_bytes(data[:32], "big")
        if offset + 32 > len(data):
            return None
        length = int.from_bytes(data[offset : offset + 32], "big")
        raw = data[offset + 32 : offset + 32 + min(length, 4 * MAX_TOKEN_TEXT)]
    else:
        return None
    text = raw.decode("utf-8", "replace")
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    return text[:MAX_TOKEN_TEXT] or None


def abi_uint(value: Any, limit: int = 2**256) -> int | None:
    """An unsigned integer a constant call returned, if it is one below ``limit``."""
    if not is_hex(value) or len(value) < _WORD:
        return None
    number = int(value[:_WORD], 16)
    return number if number < limit else None


def chain_parameters(body: Any) -> dict[str, int]:
    """``getchainparameters`` as a name → value map. A parameter without ``value`` is 0:
    protobuf JSON leaves out zero values."""
    params: dict[str, int] = {}
    entries = body.get("chainParameter") if isinstance(body, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            value = entry.get("value", 0)
            if isinstance(value, int) and not isinstance(value, bool):
                params[entry["key"]] = value
    return params


def prices(params: Mapping[str, int]) -> TronPrices | None:
    """Today's prices, when the chain parameters carry them."""
    try:
        return TronPrices(
            energy=params["getEnergyFee"],
            bandwidth=params["getTransactionFee"],
            create_account=params["getCreateAccountFee"],
            create_account_in_contract=params["getCreateNewAccountFeeInSystemContract"],
        )
    except KeyError:
        return None


def number(obj: Any, key: str) -> int | None:
    """A non-negative integer field of a JSON object, None when absent or not one."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def block_number(body: Any) -> int | None:
    """The number of a block (``getblock``/``getnowblock`` answer)."""
    header = body.get("block_header") if isinstance(body, dict) else None
    raw = header.get("raw_data") if isinstance(header, dict) else None
    return number(raw, "number")
