"""Base58 identifiers: Bitcoin legacy and Tron addresses (base58check, 25 bytes),
Solana addresses (32 bytes), Solana transaction signatures (64 bytes) and Polkadot (SS58)
addresses (35 or 36 bytes).

The decoded length tells them apart: a Solana address never decodes to 25 bytes,
and a Bitcoin/Tron address never to 32.
"""

from __future__ import annotations

from txdoctor.core import base58 as b58

from .bitcoin_address import LEGACY_LENGTH_RANGE, classify_legacy_payload
from .model import Family, Problem, Verdict, address, invalid, transaction
from .polkadot_ids import classify_ss58
from .text import describe_char

BASE58CHECK_BYTES = 25
TRON_VERSION = 0x41
TRON_LENGTH = 34
TRON_LENGTH_SLACK = 4
LEGACY_MAX_LENGTH = 35
SOLANA_ADDRESS_BYTES = 32
SOLANA_SIGNATURE_BYTES = 64
SOLANA_ADDRESS_LENGTHS = "32-44"
SOLANA_SIGNATURE_LENGTHS = "86-88"
MIN_LENGTH = 25
MAX_LENGTH = 100


def _bad_length(token: str, expected: str | int, family: Family, kind: str) -> Verdict:
    return invalid(
        Problem.BAD_LENGTH, length=len(token), expected=expected, family=family.value, kind=kind
    )


def _base58check(token: str, raw: bytes) -> Verdict:
    payload = b58.check_payload(raw)
    if payload is None:
        family = Family.TRON if token[0] == "T" else Family.BITCOIN
        return invalid(Problem.BAD_CHECKSUM, family=family.value, encoding="base58check")
    if payload[0] == TRON_VERSION:
        return address(token, Family.TRON)
    return classify_legacy_payload(token, payload)


def _near_miss(token: str, size: int) -> Verdict:
    """A base58 string that decodes to no known size: say which id it resembles."""
    if token[0] == "T" and len(token) == TRON_LENGTH:
        return invalid(Problem.BAD_CHECKSUM, family="tron", encoding="base58check")
    if token[0] in "13" and len(token) <= LEGACY_MAX_LENGTH + 2:
        if len(token) <= LEGACY_MAX_LENGTH:
            # Right length range but wrong size: a character was lost or added.
            return invalid(Problem.BAD_CHECKSUM, family="bitcoin", encoding="base58check")
        return _bad_length(token, LEGACY_LENGTH_RANGE, Family.BITCOIN, "address")
    if abs(size - SOLANA_ADDRESS_BYTES) <= 2:
        return _bad_length(token, SOLANA_ADDRESS_LENGTHS, Family.SOLANA, "address")
    if abs(size - SOLANA_SIGNATURE_BYTES) <= 3:
        return _bad_length(token, SOLANA_SIGNATURE_LENGTHS, Family.SOLANA, "transaction")
    return invalid(Problem.UNRECOGNIZED)


def classify_base58(token: str) -> Verdict:
    """Classify an ASCII-alphanumeric token of 25..100 characters as a base58 id."""
    bad = b58.first_invalid(token)
    if bad is not None:
        return invalid(
            Problem.BAD_CHARACTERS, **describe_char(token[bad], bad + 1), alphabet="base58"
        )
    raw = b58.decode(token)
    if len(raw) == SOLANA_ADDRESS_BYTES:
        return address(token, Family.SOLANA)
    if len(raw) == SOLANA_SIGNATURE_BYTES:
        return transaction(token, Family.SOLANA)
    if token[0] == "T" and 0 < abs(len(token) - TRON_LENGTH) <= TRON_LENGTH_SLACK:
        return _bad_length(token, TRON_LENGTH, Family.TRON, "address")
    if len(raw) == BASE58CHECK_BYTES:
        return _base58check(token, raw)
    polkadot = classify_ss58(token, raw)  # 35 or 36 bytes: an SS58 address
    if polkadot is not None:
        return polkadot
    return _near_miss(token, len(raw))


def decodes_to_known_size(token: str) -> bool:
    """True when a base58-alphabet token decodes to 25, 32 or 64 bytes."""
    if not b58.is_base58(token) or len(token) > MAX_LENGTH:
        return False
    size = len(b58.decode(token))
    return size in (BASE58CHECK_BYTES, SOLANA_ADDRESS_BYTES, SOLANA_SIGNATURE_BYTES)
