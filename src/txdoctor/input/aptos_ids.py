"""Aptos identifiers: transaction hashes, versions and account addresses.

A transaction hash is ``0x`` + 64 hex, the shape of an EVM hash too: both families are asked.
An address is 32 bytes; AIP-40 allows the short form only for the special addresses
``0x0``–``0xf`` (``0x1`` is the framework), which are shown long everywhere else.
"""

from __future__ import annotations

from . import hexids
from .model import Family, InputKind, Problem, Verdict, address, invalid, transaction

ADDRESS_HEX = 64
SPECIAL_MAX = 0xF
MAX_VERSION_DIGITS = 20  # a u64


def long_form(hex_digits: str) -> str:
    """The AIP-40 long form of an address given by its hex digits (no 0x)."""
    return "0x" + hex_digits.lower().rjust(ADDRESS_HEX, "0")


def special_address(token: str) -> Verdict | None:
    """``0x1``..``0xf`` (and ``0x0``): an Aptos special address in its short form.

    Only a whole paste (or an Aptos Explorer link) is read so: inside a longer text, ``0x5``
    is more likely the broken-off start of another id.
    """
    if not hexids.has_0x(token):
        return None
    body = token[2:]
    if len(body) != 1 or not hexids.is_hex(body):
        return None
    return address(long_form(body), Family.APTOS, form="short")


def explorer_target(section: str, segment: str) -> Verdict:
    """What an Aptos Explorer path names: ``/txn/<hash|version>`` or ``/account/<address>``."""
    body = segment[2:] if hexids.has_0x(segment) else segment
    if section == "account":
        if not body or len(body) > ADDRESS_HEX or not hexids.is_hex(body):
            return invalid(Problem.MALFORMED, family=Family.APTOS.value, kind="address")
        if len(body) < ADDRESS_HEX and int(body, 16) > SPECIAL_MAX:
            return invalid(
                Problem.BAD_LENGTH,
                length=len(body),
                expected=ADDRESS_HEX,
                family=Family.APTOS.value,
                kind="address",
            )
        return address(long_form(body), Family.APTOS)
    if segment.isdigit() and len(segment) <= MAX_VERSION_DIGITS:
        return transaction(str(int(segment)), Family.APTOS, form="version")
    if hexids.has_0x(segment) and len(body) == hexids.HASH_HEX and hexids.is_hex(body):
        return transaction("0x" + body.lower(), Family.APTOS)
    return invalid(Problem.MALFORMED, family=Family.APTOS.value, kind="transaction")


def is_aptos(verdict: Verdict) -> bool:
    """True for a verdict that names an Aptos transaction or address."""
    return verdict.kind in (InputKind.TRANSACTION, InputKind.ADDRESS) and (
        Family.APTOS in verdict.families
    )
