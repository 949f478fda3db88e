"""Pure decoders for the few ABI values txdoctor reads from EVM contracts and logs.

Everything here is strangers' data: a token contract can return anything for ``symbol()``,
so every function returns None for a value it cannot read instead of raising, and text is
bounded. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# keccak256("Transfer(address,address,uint256)"); tests/unit/fetch checks the constant.
TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
TRANSFER_SELECTOR = "a9059cbb"  # transfer(address,uint256)
TRANSFER_FROM_SELECTOR = "23b872dd"  # transferFrom(address,address,uint256)
DECIMALS_CALL = "0x313ce567"  # decimals()
SYMBOL_CALL = "0x95d89b41"  # symbol()
NAME_CALL = "0x06fdde03"  # name()
MAX_DECIMALS = 77  # a uint256 amount has at most 78 digits: more decimals is a lie
MAX_TEXT_BYTES = 256  # a longer symbol or name is cut here before decoding
MAX_TEXT_CHARS = 64  # and shown at most this long
# EIP-7702: an account that delegates to code carries 0xef0100 + the 20-byte address.
DELEGATION_PREFIX = "0xef0100"

_WORD = 64  # hex digits in one 32-byte ABI word
_HEX = re.compile(r"[0-9a-fA-F]*")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


@dataclass(frozen=True)
class RawTransfer:
    """A token movement as found in a log or in call data, before its token is known."""

    contract: str  # lowercase 0x address of the token contract
    sender: str  # lowercase 0x addresses
    recipient: str
    raw_amount: int
    direct: bool = False  # the transaction is this transfer call
    attempted: bool = False  # decoded from a call that failed: nothing moved


def hex_body(value: Any) -> str | None:
    """The hex digits of a ``0x…`` data string (even length), or None."""
    if not isinstance(value, str) or not value.startswith("0x"):
        return None
    body = value[2:]
    if len(body) % 2 or not _HEX.fullmatch(body):
        return None
    return body


def address(value: Any) -> str | None:
    """A lowercase 0x address, or None when ``value`` is not one."""
    if isinstance(value, str) and _ADDRESS.fullmatch(value):
        return value.lower()
    return None


def word_address(word: str) -> str | None:
    """The address held by one ABI word (a topic or an argument); None if not clean."""
    if len(word) != _WORD or not _HEX.fullmatch(word) or int(word[:24] or "0", 16):
        return None
    return "0x" + word[24:].lower()


def transfers_in_logs(logs: Any, limit: int) -> list[RawTransfer]:
    """ERC-20 ``Transfer`` events of a receipt (ERC-721's have a fourth topic: skipped)."""
    found: list[RawTransfer] = []
    if not isinstance(logs, list):
        return found
    for log in logs:
        transfer = _transfer_log(log)
        if transfer is not None:
            found.append(transfer)
            if len(found) >= limit:
                break
    return found


def _transfer_log(log: Any) -> RawTransfer | None:
    if not isinstance(log, dict):
        return None
    topics = log.get("topics")
    if (
        not isinstance(topics, list)
        or len(topics) != 3
        or not all(isinstance(t, str) for t in topics)
        or topics[0].lower() != TRANSFER_TOPIC
    ):
        return None
    contract, data = address(log.get("address")), hex_body(log.get("data"))
    sender = word_address(topics[1].removeprefix("0x"))
    recipient = word_address(topics[2].removeprefix("0x"))
    if None in (contract, sender, recipient) or data is None or len(data) != _WORD:
        return None
    assert contract is not None and sender is not None and recipient is not None
    return RawTransfer(contract, sender, recipient, int(data, 16))


def transfer_call(data: Any, caller: str, token: str | None) -> RawTransfer | None:
    """The token transfer a transaction's input asks for (``transfer``/``transferFrom``)."""
    body = hex_body(data)
    if body is None or token is None or len(body) < 8:
        return None
    selector, args = body[:8].lower(), body[8:]
    words = [args[i : i + _WORD] for i in range(0, len(args) - len(args) % _WORD, _WORD)]
    if selector == TRANSFER_SELECTOR and len(words) >= 2:
        sender: str | None = caller.lower()
        recipient, amount = word_address(words[0]), words[1]
    elif selector == TRANSFER_FROM_SELECTOR and len(words) >= 3:
        sender, recipient, amount = word_address(words[0]), word_address(words[1]), words[2]
    else:
        return None
    if sender is None or recipient is None:
        return None
    return RawTransfer(token.lower(), sender, recipient, int(amount, 16), direct=True)


def decode_uint(result: Any, maximum: int) -> int | None:
    """A ``uint`` return value no larger than ``maximum`` (e.g. ``decimals()``)."""
    body = hex_body(result)
    if body is None or len(body) < _WORD:
        return None
    value = int(body[:_WORD], 16)
    return value if value <= maximum else None


def decode_text(result: Any) -> str | None:
    """A ``string`` return value, or a ``bytes32`` one (old tokens such as MKR)."""
    body = hex_body(result)
    if body is None or not body:
        return None
    # A single word is a bytes32 (text padded with zero bytes), more is an ABI string.
    raw = bytes.fromhex(body).rstrip(b"\0") if len(body) == _WORD else _abi_string(body) or b""
    text = raw[:MAX_TEXT_BYTES].decode("utf-8", errors="replace").replace("\0", "")
    text = text.strip()
    return text[:MAX_TEXT_CHARS] or None


def _abi_string(body: str) -> bytes | None:
    if len(body) < 2 * _WORD:
        return None
    offset = int(body[:_WORD], 16)
    if offset % 32 or offset * 2 + _WORD > len(body):
        return None
    start = offset * 2
    length = int(body[start : start + _WORD], 16)
    data = body[start + _WORD : start + _WORD + 2 * min(length, MAX_TEXT_BYTES)]
    if length and len(data) < 2 * min(length, MAX_TEXT_BYTES):
        return None  # shorter than it claims: garbage
    return bytes.fromhex(data)


def has_code(result: Any) -> bool | None:
    """Whether ``eth_getCode`` returned contract code (an EIP-7702 delegation is not)."""
    if result in ("0x", "0x0"):
        return False
    body = hex_body(result)
    if body is None:
        return None
    if result.lower().startswith(DELEGATION_PREFIX) and len(body) == 46:
        return False
    return bool(body)
