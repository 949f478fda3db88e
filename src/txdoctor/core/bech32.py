"""Bech32 / Bech32m strings and segwit addresses (BIP-173, BIP-350).

Written from the BIPs because the PyPI `bech32` package cannot decode taproot
(bech32m) addresses. Decoding failures carry a reason and, where it helps the
user, the 0-based position of the offending character.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX = {ch: i for i, ch in enumerate(CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_MAX_LENGTH = 90
_CHECKSUM_LENGTH = 6


class Encoding(Enum):
    """Checksum variant: BIP-173 bech32 or BIP-350 bech32m."""

    BECH32 = 1
    BECH32M = 0x2BC830A3


class Reason(StrEnum):
    """Why a string is not a valid bech32 string / segwit address."""

    BAD_CHARACTER = "bad_character"
    MIXED_CASE = "mixed_case"
    NO_SEPARATOR = "no_separator"
    EMPTY_HRP = "empty_hrp"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    BAD_CHECKSUM = "bad_checksum"
    WRONG_HRP = "wrong_hrp"
    EMPTY_DATA = "empty_data"
    BAD_WITNESS_VERSION = "bad_witness_version"
    BAD_PROGRAM_LENGTH = "bad_program_length"
    BAD_PADDING = "bad_padding"
    WRONG_ENCODING = "wrong_encoding"


class Bech32Error(ValueError):
    """Decoding failed; `reason` says why, `position` (0-based) where, when known."""

    def __init__(self, reason: Reason, position: int | None = None) -> None:
        super().__init__(reason.value if position is None else f"{reason.value} at {position}")
        self.reason = reason
        self.position = position


@dataclass(frozen=True)
class Bech32String:
    """A decoded bech32/bech32m string: lower-case HRP, 5-bit data without checksum."""

    hrp: str
    data: tuple[int, ...]
    encoding: Encoding


@dataclass(frozen=True)
class SegwitAddress:
    """A decoded segwit address."""

    hrp: str
    version: int
    program: bytes


def _polymod(values: Iterable[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATOR):
            if (top >> i) & 1:
                checksum ^= generator
    return checksum


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(ch) >> 5 for ch in hrp] + [0] + [ord(ch) & 31 for ch in hrp]


def _create_checksum(hrp: str, data: Sequence[int], encoding: Encoding) -> list[int]:
    values = _hrp_expand(hrp) + list(data)
    polymod = _polymod([*values, 0, 0, 0, 0, 0, 0]) ^ encoding.value
    return [(polymod >> 5 * (5 - i)) & 31 for i in range(_CHECKSUM_LENGTH)]


def bech32_encode(hrp: str, data: Sequence[int], encoding: Encoding) -> str:
    """Encode 5-bit `data` under `hrp` with the checksum of `encoding`."""
    combined = [*data, *_create_checksum(hrp, data, encoding)]
    return hrp + "1" + "".join(CHARSET[d] for d in combined)


def bech32_decode(text: str) -> Bech32String:
    """Decode and verify a bech32 or bech32m string; raise `Bech32Error`."""
    for index, ch in enumerate(text):
        if not 33 <= ord(ch) <= 126:
            raise Bech32Error(Reason.BAD_CHARACTER, index)
    if text.lower() != text and text.upper() != text:
        raise Bech32Error(Reason.MIXED_CASE)
    if len(text) > _MAX_LENGTH:
        raise Bech32Error(Reason.TOO_LONG)
    lowered = text.lower()
    separator = lowered.rfind("1")
    if separator < 0:
        raise Bech32Error(Reason.NO_SEPARATOR)
    if separator == 0:
        raise Bech32Error(Reason.EMPTY_HRP)
    for index in range(separator + 1, len(lowered)):
        if lowered[index] not in _CHARSET_INDEX:
            raise Bech32Error(Reason.BAD_CHARACTER, index)
    if separator + 1 + _CHECKSUM_LENGTH > len(lowered):
        raise Bech32Error(Reason.TOO_SHORT)
    hrp = lowered[:separator]
    data = [_CHARSET_INDEX[ch] for ch in lowered[separator + 1 :]]
    residue = _polymod(_hrp_expand(hrp) + data)
    for encoding in Encoding:
        if residue == encoding.value:
            return Bech32String(hrp, tuple(data[:-_CHECKSUM_LENGTH]), encoding)
    raise Bech32Error(Reason.BAD_CHECKSUM)


def convert_bits(data: Iterable[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    """Regroup a sequence of `from_bits`-bit integers into `to_bits`-bit integers.

    Raises `Bech32Error(BAD_PADDING)` when, without `pad`, the left-over bits are
    too many or not zero.
    """
    accumulator = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        if value < 0 or value >> from_bits:
            raise ValueError("value out of range")
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((accumulator >> bits) & max_value)
    if pad:
        if bits:
            out.append((accumulator << (to_bits - bits)) & max_value)
    elif bits >= from_bits or ((accumulator << (to_bits - bits)) & max_value):
        raise Bech32Error(Reason.BAD_PADDING)
    return out


def decode_segwit_address(text: str, hrp: str | None = None) -> SegwitAddress:
    """Decode a segwit address, enforcing BIP-350's witness version rules.

    v0 must use bech32 with a 20- or 32-byte program; v1..v16 must use bech32m
    with a 2..40-byte program. With `hrp` given, the address must carry it.
    """
    decoded = bech32_decode(text)
    if hrp is not None and decoded.hrp != hrp:
        raise Bech32Error(Reason.WRONG_HRP)
    if not decoded.data:
        raise Bech32Error(Reason.EMPTY_DATA)
    version = decoded.data[0]
    if version > 16:
        raise Bech32Error(Reason.BAD_WITNESS_VERSION)
    program = bytes(convert_bits(decoded.data[1:], 5, 8, pad=False))
    if not 2 <= len(program) <= 40:
        raise Bech32Error(Reason.BAD_PROGRAM_LENGTH)
    if version == 0 and len(program) not in (20, 32):
        raise Bech32Error(Reason.BAD_PROGRAM_LENGTH)
    expected = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    if decoded.encoding is not expected:
        raise Bech32Error(Reason.WRONG_ENCODING)
    return SegwitAddress(decoded.hrp, version, program)


def encode_segwit_address(hrp: str, version: int, program: bytes) -> str:
    """Encode a segwit address; raise `Bech32Error` for an invalid version/program."""
    if not 0 <= version <= 16:
        raise Bech32Error(Reason.BAD_WITNESS_VERSION)
    if not 2 <= len(program) <= 40 or (version == 0 and len(program) not in (20, 32)):
        raise Bech32Error(Reason.BAD_PROGRAM_LENGTH)
    encoding = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    address = bech32_encode(hrp, [version, *convert_bits(program, 8, 5, pad=True)], encoding)
    decode_segwit_address(address, hrp)
    return address
