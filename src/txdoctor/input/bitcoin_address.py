"""Bitcoin addresses: base58check P2PKH/P2SH and bech32/bech32m segwit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Family, Problem, Verdict, address, invalid
from .text import describe_char

if TYPE_CHECKING:
    from txdoctor.core.bech32 import Bech32Error

MAINNET_HRP = "bc"
TESTNET_HRPS = {"tb": "testnet", "bcrt": "regtest"}
OTHER_COIN_HRPS = {"ltc": "litecoin", "tltc": "litecoin"}
SEGWIT_PREFIXES = ("bc1", "tb1", "bcrt1", "ltc1", "tltc1")

LEGACY_VERSIONS = {0x00: "p2pkh", 0x05: "p2sh"}
TESTNET_LEGACY_VERSIONS = frozenset({0x6F, 0xC4})
# Version bytes of base58check addresses of coins we do not diagnose.
OTHER_COIN_VERSIONS = {
    0x30: "litecoin",
    0x32: "litecoin",
    0x1E: "dogecoin",
    0x16: "dogecoin",
    0x4C: "dash",
    0x10: "dash",
}
LEGACY_LENGTH_RANGE = "26-35"
SEGWIT_LENGTHS = "42,62"


def looks_segwit(token: str) -> bool:
    """True when the token starts like a segwit address (bc1, tb1, ltc1 …)."""
    return token[:6].lower().startswith(SEGWIT_PREFIXES)


def _segwit_type(version: int, program_length: int) -> str:
    if version == 0:
        return "p2wpkh" if program_length == 20 else "p2wsh"
    if version == 1 and program_length == 32:
        return "p2tr"
    return f"segwit_v{version}"


def _segwit_error(token: str, error: Bech32Error) -> Verdict:
    from txdoctor.core.bech32 import Reason

    bitcoin = Family.BITCOIN.value
    match error.reason:
        case Reason.MIXED_CASE:
            return invalid(Problem.MIXED_CASE, family=bitcoin)
        case Reason.BAD_CHARACTER if error.position is not None:
            ch = token[error.position]
            return invalid(
                Problem.BAD_CHARACTERS, **describe_char(ch, error.position + 1), alphabet="bech32"
            )
        case Reason.BAD_CHECKSUM | Reason.WRONG_ENCODING:
            return invalid(Problem.BAD_CHECKSUM, family=bitcoin, encoding="bech32")
        case Reason.TOO_LONG | Reason.TOO_SHORT | Reason.EMPTY_DATA | Reason.BAD_PROGRAM_LENGTH:
            return invalid(
                Problem.BAD_LENGTH,
                length=len(token),
                expected=SEGWIT_LENGTHS,
                family=bitcoin,
                kind="address",
            )
        case _:
            return invalid(Problem.MALFORMED, family=bitcoin, reason=error.reason.value)


def classify_segwit(token: str) -> Verdict:
    """Classify a bc1…/tb1… token; only mainnet `bc` is accepted."""
    # Imported here: most inputs are never bech32, and its types cost a few ms to create.
    from txdoctor.core.bech32 import Bech32Error, decode_segwit_address

    try:
        decoded = decode_segwit_address(token)
    except Bech32Error as error:
        return _segwit_error(token, error)
    if decoded.hrp in TESTNET_HRPS:
        return invalid(Problem.TESTNET, network=TESTNET_HRPS[decoded.hrp], family="bitcoin")
    if decoded.hrp in OTHER_COIN_HRPS:
        return invalid(Problem.UNSUPPORTED_CHAIN, chain=OTHER_COIN_HRPS[decoded.hrp])
    if decoded.hrp != MAINNET_HRP:
        return invalid(Problem.UNRECOGNIZED)
    kind = _segwit_type(decoded.version, len(decoded.program))
    return address(token.lower(), Family.BITCOIN, type=kind)


def classify_legacy_payload(token: str, payload: bytes) -> Verdict:
    """Classify a checksum-valid 21-byte base58check payload other than Tron's."""
    version = payload[0]
    if version in LEGACY_VERSIONS:
        return address(token, Family.BITCOIN, type=LEGACY_VERSIONS[version])
    if version in TESTNET_LEGACY_VERSIONS:
        return invalid(Problem.TESTNET, network="testnet", family="bitcoin")
    return invalid(Problem.UNSUPPORTED_CHAIN, chain=OTHER_COIN_VERSIONS.get(version, "unknown"))
