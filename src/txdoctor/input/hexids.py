"""Hex-shaped identifiers: EVM hashes and addresses, bare 64-hex ids, Tron hex addresses."""

from __future__ import annotations

import string

from txdoctor.core import base58 as b58

from .model import ALSO_ACCOUNT, Family, Problem, Verdict, address, invalid, transaction
from .text import describe_char

HEX_DIGITS = frozenset(string.hexdigits)
HASH_HEX = 64
EVM_ADDRESS_HEX = 40
TRON_HEX = 42  # "41" + 20 bytes
TRON_PREFIX = "41"
BARE_HASH_FAMILIES = (Family.EVM, Family.BITCOIN, Family.TRON, Family.EOS)
PREFIXED_HASH_FAMILIES = (Family.EVM, Family.APTOS, Family.POLKADOT)
MIN_BARE_HEX_FOR_LENGTH_ERROR = 30  # shorter bare hex is a number, not a broken id


def is_hex(text: str) -> bool:
    """True for a non-empty string of hex digits."""
    return bool(text) and HEX_DIGITS.issuperset(text)


def has_0x(token: str) -> bool:
    """True when the token starts with 0x or 0X."""
    return token[:2] in ("0x", "0X")


def evm_address(hex40: str, **detail: str | int) -> Verdict:
    """An EVM address from its 40 hex digits, verifying EIP-55 when mixed-case."""
    # Imported here: eth_utils takes 0.2 s to import, which every run that never sees an
    # address (a transaction hash, --help) would pay.
    from eth_utils.address import is_checksum_address, to_checksum_address

    prefixed = "0x" + hex40
    letters = [ch for ch in hex40 if ch.isalpha()]
    single_case = all(ch.islower() for ch in letters) or all(ch.isupper() for ch in letters)
    if single_case:
        return address(to_checksum_address(prefixed), Family.EVM, **detail)
    if not is_checksum_address(prefixed):
        return invalid(Problem.BAD_CHECKSUM, family=Family.EVM.value, encoding="eip55")
    return address(prefixed, Family.EVM, **detail)


def tron_from_hex(hex42: str) -> Verdict:
    """A Tron address given as 41-prefixed hex, normalised to its base58 `T…` form."""
    return address(b58.encode_check(bytes.fromhex(hex42)), Family.TRON, form="hex")


def _length_error(length: int, expected: int, kind: str) -> Verdict:
    return invalid(
        Problem.BAD_LENGTH, length=length, expected=expected, family=Family.EVM.value, kind=kind
    )


def _nearest_length(length: int) -> tuple[int, str]:
    if abs(length - EVM_ADDRESS_HEX) <= abs(length - HASH_HEX):
        return EVM_ADDRESS_HEX, "address"
    return HASH_HEX, "transaction"


def classify_prefixed(token: str) -> Verdict:
    """Classify a token that starts with 0x/0X.

    The `length` reported for BAD_LENGTH counts the hex digits after 0x.
    """
    body = token[2:]
    if not HEX_DIGITS.issuperset(body):  # then the first character that is not hex
        for index, ch in enumerate(body):
            if ch not in HEX_DIGITS:
                return invalid(
                    Problem.BAD_CHARACTERS, **describe_char(ch, index + 3), alphabet="hex"
                )
    if len(body) == HASH_HEX:  # an EVM, Aptos or Polkadot transaction hash, or an Aptos account
        return transaction(
            "0x" + body.lower(), *PREFIXED_HASH_FAMILIES, **{ALSO_ACCOUNT: Family.APTOS.value}
        )
    if len(body) == EVM_ADDRESS_HEX:
        return evm_address(body)
    if len(body) == TRON_HEX and body.startswith(TRON_PREFIX):
        return tron_from_hex(body)
    expected, kind = _nearest_length(len(body))
    return _length_error(len(body), expected, kind)


def classify_bare(token: str) -> Verdict | None:
    """Classify a string of hex digits without 0x; None when it is too short to be an id.

    A bare 64-hex is an EVM hash, a Bitcoin, Tron or EOS txid (value stays bare,
    lower-case); 40 hex is an EVM address missing its 0x; "41"+40 hex is Tron.
    """
    if len(token) == HASH_HEX:
        return transaction(token.lower(), *BARE_HASH_FAMILIES)
    if len(token) == EVM_ADDRESS_HEX:
        return evm_address(token, form="no_0x")
    if len(token) == TRON_HEX and token.startswith(TRON_PREFIX):
        return tron_from_hex(token)
    if len(token) < MIN_BARE_HEX_FOR_LENGTH_ERROR:
        return None
    expected, kind = _nearest_length(len(token))
    return _length_error(len(token), expected, kind)
