"""Polkadot identifiers: SS58 addresses, extrinsic hashes and Subscan extrinsic indexes.

An address is SS58 (``txdoctor.core.ss58``): its checksum is verified, and one spelled for
another network (Kusama's prefix 2, the generic 42, any other) is still the same account,
so it is looked up on Polkadot and the diagnosis says it was pasted in another network's
format. An extrinsic hash is ``0x`` + 64 hex (the EVM and Aptos shape too: all are asked);
Subscan also names an extrinsic by ``<block>-<index>`` (``12345-2``), read only as a whole
paste or in a Subscan link, since inside a text it is more likely a date or an order number.
"""

from __future__ import annotations

import re

from txdoctor.core import ss58

from . import hexids
from .model import Family, Problem, Verdict, address, invalid, transaction

# Subscan writes both numbers without leading zeros ("2024-05" is a date, not an index).
EXTRINSIC_INDEX = re.compile(r"^([1-9]\d{0,9})-(0|[1-9]\d{0,5})$")
SUBSCAN_SECTIONS = frozenset({"extrinsic", "account"})


def classify_ss58(token: str, raw: bytes) -> Verdict | None:
    """A base58 token decoding to ``raw``: an SS58 account address, or None if it is not one."""
    decoded = ss58.decode_bytes(raw)
    if decoded is None:
        return None
    if not decoded.checksum_ok:
        return invalid(Problem.BAD_CHECKSUM, family=Family.POLKADOT.value, encoding="ss58")
    if decoded.prefix == ss58.POLKADOT:
        return address(token, Family.POLKADOT)
    # Another network's spelling of the same account: the family's rules say so.
    return address(token, Family.POLKADOT, ss58_prefix=decoded.prefix)


def extrinsic_index(text: str) -> Verdict | None:
    """``12345-2``: a Subscan extrinsic index (block number, position in the block)."""
    match = EXTRINSIC_INDEX.match(text)
    if match is None:
        return None
    return transaction(text, Family.POLKADOT, form="index")


def explorer_target(section: str, segment: str) -> Verdict:
    """What a Subscan path names: ``/extrinsic/<hash|index>`` or ``/account/<address>``."""
    if section == "account":
        decoded = ss58.decode(segment)
        if decoded is None:
            return invalid(Problem.UNRECOGNIZED)
        if not decoded.checksum_ok:
            return invalid(Problem.BAD_CHECKSUM, family=Family.POLKADOT.value, encoding="ss58")
        detail = {} if decoded.prefix == ss58.POLKADOT else {"ss58_prefix": decoded.prefix}
        return address(segment, Family.POLKADOT, **detail)
    index = extrinsic_index(segment)
    if index is not None:
        return index
    body = segment[2:] if hexids.has_0x(segment) else segment
    if len(body) == hexids.HASH_HEX and hexids.is_hex(body):
        return transaction("0x" + body.lower(), Family.POLKADOT)
    return invalid(Problem.UNRECOGNIZED)
