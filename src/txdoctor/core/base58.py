"""Base58 (Bitcoin alphabet) helpers shared by Bitcoin, Tron, Solana and key detection."""

from __future__ import annotations

import hashlib

import base58

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ALPHABET_SET = frozenset(ALPHABET)
MAX_DECODE_CHARS = 200  # decoding is quadratic; nothing we accept is longer


def first_invalid(text: str) -> int | None:
    """0-based index of the first character outside the base58 alphabet (0 O I l …)."""
    for index, ch in enumerate(text):
        if ch not in _ALPHABET_SET:
            return index
    return None


def is_base58(text: str) -> bool:
    """True when every character is in the base58 alphabet."""
    return bool(text) and _ALPHABET_SET.issuperset(text)


def decode(text: str) -> bytes:
    """Decode base58 text already known to use only the alphabet."""
    if len(text) > MAX_DECODE_CHARS:
        raise ValueError("too long to be base58 we decode")
    return base58.b58decode(text)


def encode(data: bytes) -> str:
    """Encode bytes as base58."""
    return base58.b58encode(data).decode("ascii")


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def check_payload(raw: bytes) -> bytes | None:
    """The payload of decoded base58check bytes, or None when the checksum fails."""
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    return payload if _checksum(payload) == checksum else None


def encode_check(payload: bytes) -> str:
    """Encode bytes as base58check (payload + 4-byte double-SHA256 checksum)."""
    return encode(payload + _checksum(payload))
