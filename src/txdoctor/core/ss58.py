"""SS58, the address format of Polkadot and the other Substrate chains (a pure codec).

An address is base58(prefix ‖ 32-byte account id ‖ checksum). The network prefix takes one
byte for 0–63 and two bytes for 64–16383; the checksum is the first two bytes of
blake2b-512(``b"SS58PRE"`` ‖ prefix ‖ account id). The same account has a different string
on each network: 0 is Polkadot (and its Asset Hub), 2 Kusama, 42 the generic prefix of
test networks and development tools. (The SS58 specification; paritytech/ss58-registry.)
Used by the input classifier and by the Polkadot family, so it lives here, below both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from txdoctor.core import base58 as b58

ACCOUNT_ID_BYTES = 32
CHECKSUM_BYTES = 2
SIMPLE_PREFIX_MAX = 63
FULL_PREFIX_MAX = 16383
# Decoded sizes of an address of a 32-byte account: one or two prefix bytes.
ADDRESS_SIZES = (1 + ACCOUNT_ID_BYTES + CHECKSUM_BYTES, 2 + ACCOUNT_ID_BYTES + CHECKSUM_BYTES)
POLKADOT = 0
KUSAMA = 2
GENERIC = 42
_CONTEXT = b"SS58PRE"


@dataclass(frozen=True)
class Ss58Address:
    """A decoded address: its network prefix and account id; ``checksum_ok`` is whether
    the two checksum bytes match."""

    prefix: int
    account_id: bytes
    checksum_ok: bool


def _prefix_bytes(prefix: int) -> bytes:
    if 0 <= prefix <= SIMPLE_PREFIX_MAX:
        return bytes([prefix])
    if prefix > FULL_PREFIX_MAX or prefix < 0:
        raise ValueError(f"SS58 prefix out of range: {prefix}")
    # Two bytes: the low six bits of the first byte hold bits 2–7 of the prefix, its top
    # bits say "two bytes" (0b01); the second holds bits 0–1 and 8–13 (the spec's layout).
    first = ((prefix & 0b1111_1100) >> 2) | 0b0100_0000
    second = (prefix >> 8) | ((prefix & 0b0000_0011) << 6)
    return bytes([first, second])


def _checksum(prefix_bytes: bytes, account_id: bytes) -> bytes:
    digest = hashlib.blake2b(_CONTEXT + prefix_bytes + account_id, digest_size=64).digest()
    return digest[:CHECKSUM_BYTES]


def decode_bytes(raw: bytes) -> Ss58Address | None:
    """The address held by base58-decoded ``raw``; None when it is not an SS58 address of a
    32-byte account (another size, or a reserved prefix byte)."""
    if len(raw) not in ADDRESS_SIZES or raw[0] > 0b0111_1111:
        return None
    if raw[0] <= SIMPLE_PREFIX_MAX:
        if len(raw) != ADDRESS_SIZES[0]:
            return None
        prefix, head = raw[0], raw[:1]
    else:
        if len(raw) != ADDRESS_SIZES[1]:
            return None
        lower = ((raw[0] & 0b0011_1111) << 2) | (raw[1] >> 6)
        upper = raw[1] & 0b0011_1111
        prefix, head = lower | (upper << 8), raw[:2]
    account_id = raw[len(head) : len(head) + ACCOUNT_ID_BYTES]
    checksum = raw[len(head) + ACCOUNT_ID_BYTES :]
    return Ss58Address(prefix, account_id, checksum == _checksum(head, account_id))


def decode(text: str) -> Ss58Address | None:
    """The address ``text`` spells, or None when it is not base58 SS58 of an account."""
    if not b58.is_base58(text) or len(text) > b58.MAX_DECODE_CHARS:
        return None
    return decode_bytes(b58.decode(text))


def encode(account_id: bytes, prefix: int) -> str:
    """The SS58 string of ``account_id`` on the network of ``prefix``."""
    if len(account_id) != ACCOUNT_ID_BYTES:
        raise ValueError("an SS58 account id has 32 bytes")
    head = _prefix_bytes(prefix)
    return b58.encode(head + account_id + _checksum(head, account_id))


def polkadot_form(text: str) -> str | None:
    """The Polkadot (prefix 0) spelling of a valid SS58 address, or None."""
    decoded = decode(text)
    if decoded is None or not decoded.checksum_ok:
        return None
    return encode(decoded.account_id, POLKADOT)
