"""Classify one token (no spaces, no URL): a hash, an address, or why it is neither."""

from __future__ import annotations

import re

from txdoctor.core.lazy_pattern import LazyPattern

from . import base58ids, eos_ids, hexids
from .bitcoin_address import classify_segwit, looks_segwit
from .ens import ENS_DETAIL, ens_name
from .model import Family, Problem, Verdict, address, invalid
from .text import describe_char, first_character_problem, skeleton

_EXTENDED_PUBLIC = LazyPattern(r"^[xyztuvYZUV]pub[1-9A-HJ-NP-Za-km-z]{100,}$")
_LIGHTNING = LazyPattern(r"^(?:lightning:)?ln(?:bc|tb|bcrt|tbs)[0-9a-z]*1[0-9a-z]+$", re.IGNORECASE)
_NAME_SERVICE = LazyPattern(
    r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(eth|sol|bnb|arb|crypto|nft|wallet|trx)$",
    re.IGNORECASE,
)
# "0x5c50…2060" / "TR7NHq...jLj6t": the shortened form explorers and wallets display.
_TRUNCATED = LazyPattern(r"^[0-9A-Za-z]{3,}(?:…|\.{2,}|⋯)[0-9A-Za-z]{3,}$")
# How much an unrecognised token must resemble an id before we point at a character.
MIN_ID_LENGTH = 25
MIN_ALNUM_SHARE = 0.9


def looks_like_identifier(token: str) -> bool:
    """True when `token` (look-alikes folded to ASCII) is shaped like a hash/address:
    it starts with 0x, or is long and almost all letters and digits."""
    shape = skeleton(token)
    if hexids.has_0x(shape) or looks_segwit(shape):
        return True
    if len(shape) < MIN_ID_LENGTH:
        return False
    alnum = sum(1 for ch in shape if ch.isascii() and ch.isalnum())
    return alnum >= MIN_ALNUM_SHARE * len(shape)


def classify_token(token: str) -> Verdict:
    """Classify a single whitespace-free token that is not a URL."""
    if _TRUNCATED.match(token) and any(ch.isdigit() for ch in token):
        return invalid(Problem.TRUNCATED)
    problem = first_character_problem(token)
    if problem is not None:
        if problem.problem is Problem.INVISIBLE_CHARACTERS or looks_like_identifier(token):
            return problem
        return invalid(Problem.UNRECOGNIZED)
    return _classify_ascii(token)


def _classify_ascii(token: str) -> Verdict:
    if hexids.has_0x(token):
        return hexids.classify_prefixed(token)
    if looks_segwit(token):
        return classify_segwit(token)
    if _LIGHTNING.match(token):
        return invalid(Problem.LIGHTNING_INVOICE)
    if _EXTENDED_PUBLIC.match(token):
        return invalid(Problem.EXTENDED_PUBLIC_KEY, prefix=token[:4])
    eos_key = eos_ids.public_key(token)
    if eos_key is not None:
        return eos_key
    name = _NAME_SERVICE.match(token)
    if name:
        ens = ens_name(token)  # an ENS name is an address, once resolved on Ethereum
        if ens is not None:
            return address(ens, Family.EVM, name_service=ENS_DETAIL)
        return invalid(Problem.NAME_SERVICE, tld=name.group(1).lower())
    if hexids.is_hex(token):
        return _classify_hex(token)
    if token.isalnum():
        return _classify_alnum(token)
    return _stray_character(token)


def _classify_hex(token: str) -> Verdict:
    if len(token) not in (hexids.HASH_HEX, hexids.EVM_ADDRESS_HEX, hexids.TRON_HEX) and (
        base58ids.decodes_to_known_size(token)
    ):
        # e.g. Solana's system program 1111…1111 is all digits
        return base58ids.classify_base58(token)
    verdict = hexids.classify_bare(token)
    return verdict if verdict is not None else invalid(Problem.UNRECOGNIZED)


def _classify_alnum(token: str) -> Verdict:
    if base58ids.MIN_LENGTH <= len(token) <= base58ids.MAX_LENGTH:
        return base58ids.classify_base58(token)
    return invalid(Problem.UNRECOGNIZED)


def _stray_character(token: str) -> Verdict:
    """An id-shaped token with punctuation in it: name the first odd character."""
    if not looks_like_identifier(token):
        return invalid(Problem.UNRECOGNIZED)
    for index, ch in enumerate(token):
        if not ch.isalnum():
            return invalid(Problem.BAD_CHARACTERS, **describe_char(ch, index + 1))
    return invalid(Problem.UNRECOGNIZED)
