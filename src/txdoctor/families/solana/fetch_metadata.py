"""A Solana token's name and symbol: where they live and how to read them, without I/O.

Neither lives on the mint itself. Tokens of the classic Token program keep them in a
Metaplex Token Metadata account at a program-derived address (PDA) of the mint; Token-2022
mints may carry them in their ``tokenMetadata`` extension, which ``jsonParsed`` decodes.

A PDA is ``sha256(seeds || bump || program_id || "ProgramDerivedAddress")`` for the highest
``bump`` whose hash is not an ed25519 curve point (agave ``Pubkey::find_program_address``);
the curve test is the point decompression of RFC 8032 §5.1.3.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass
from typing import Any

from txdoctor.core import base58 as b58

METADATA_PROGRAM = "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s"
_PDA_MARKER = b"ProgramDerivedAddress"
_METADATA_V1 = 4  # mpl-token-metadata Key::MetadataV1
_P = 2**255 - 19
_D = (-121665 * pow(121666, _P - 2, _P)) % _P


@dataclass(frozen=True)
class TokenLabel:
    """What a mint calls itself. Strangers' text: never trust it, always escape it."""

    name: str | None
    symbol: str | None


def is_on_curve(key: bytes) -> bool:
    """Whether 32 bytes decode to an ed25519 point (a key someone could hold)."""
    if len(key) != 32:
        raise ValueError("expected 32 bytes")
    y = int.from_bytes(key, "little") & ((1 << 255) - 1)
    y2 = y * y % _P
    u = (y2 - 1) % _P
    v = (_D * y2 + 1) % _P
    x2 = u * pow(v, _P - 2, _P) % _P
    return x2 == 0 or pow(x2, (_P - 1) // 2, _P) == 1


def create_program_address(seeds: list[bytes], program_id: bytes) -> bytes | None:
    """The address for these seeds, or None when it falls on the curve (not a valid PDA)."""
    digest = hashlib.sha256(b"".join(seeds) + program_id + _PDA_MARKER).digest()
    return None if is_on_curve(digest) else digest


def find_program_address(seeds: list[bytes], program_id: bytes) -> tuple[bytes, int]:
    """The canonical PDA of ``seeds`` and its bump (255 downwards, first off-curve hash)."""
    for bump in range(255, -1, -1):
        address = create_program_address([*seeds, bytes([bump])], program_id)
        if address is not None:
            return address, bump
    raise ValueError("no program address for these seeds")  # practically unreachable


def metadata_address(mint: str) -> str:
    """The Metaplex metadata account of ``mint`` (base58)."""
    program = b58.decode(METADATA_PROGRAM)
    address, _ = find_program_address([b"metadata", program, b58.decode(mint)], program)
    return b58.encode(address)


def label_from_metadata_account(account: Any, mint: str) -> TokenLabel | None:
    """Name and symbol from a ``getMultipleAccounts`` entry (base64) of a metadata PDA.

    None unless the account is owned by the metadata program and names this very mint.
    """
    if not isinstance(account, dict) or account.get("owner") != METADATA_PROGRAM:
        return None
    data = account.get("data")
    if not isinstance(data, list) or len(data) != 2 or data[1] != "base64":
        return None
    try:
        raw = base64.b64decode(data[0], validate=True)
    except (binascii.Error, ValueError, TypeError):
        return None
    return _parse_metadata(raw, mint)


def _parse_metadata(raw: bytes, mint: str) -> TokenLabel | None:
    # Borsh: key u8, update_authority [32], mint [32], name String, symbol String, …
    if len(raw) < 65 or raw[0] != _METADATA_V1 or b58.encode(raw[33:65]) != mint:
        return None
    name, offset = _borsh_string(raw, 65)
    symbol, _ = _borsh_string(raw, offset) if name is not None else (None, offset)
    return TokenLabel(name=name, symbol=symbol)


def _borsh_string(raw: bytes, offset: int) -> tuple[str | None, int]:
    if offset + 4 > len(raw):
        return None, offset
    (length,) = struct.unpack_from("<I", raw, offset)
    end = offset + 4 + length
    if length > 200 or end > len(raw):
        return None, offset
    text = raw[offset + 4 : end].decode("utf-8", errors="replace").rstrip("\x00").strip()
    return text or None, end


def label_from_parsed_mint(account: Any) -> tuple[TokenLabel | None, int | None]:
    """From a ``jsonParsed`` mint account: its Token-2022 metadata (if any) and decimals."""
    if not isinstance(account, dict):
        return None, None
    data = account.get("data")
    parsed = data.get("parsed") if isinstance(data, dict) else None
    if not isinstance(parsed, dict) or parsed.get("type") != "mint":
        return None, None
    info = parsed.get("info")
    if not isinstance(info, dict):
        return None, None
    decimals = info.get("decimals")
    decimals = decimals if isinstance(decimals, int) and not isinstance(decimals, bool) else None
    for extension in info.get("extensions") or []:
        if isinstance(extension, dict) and extension.get("extension") == "tokenMetadata":
            state = extension.get("state")
            if isinstance(state, dict):
                return TokenLabel(_text(state.get("name")), _text(state.get("symbol"))), decimals
    return None, decimals


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
