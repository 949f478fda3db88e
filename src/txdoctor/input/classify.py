"""`classify`: what did the user paste? Runs before, and instead of, any network call."""

from __future__ import annotations

import re

from .aptos_ids import special_address
from .candidates import Candidate, choose_one
from .eos_ids import account_candidate
from .eos_push_errors import push_error
from .explorer_urls import classify_url, is_url
from .identifier import classify_token, looks_like_identifier
from .model import (
    REDACTED,
    Classified,
    InputKind,
    Problem,
    Verdict,
    freeze,
    invalid,
)
from .phrases import is_han
from .polkadot_ids import extrinsic_index
from .secrets import SecretFinding, find_secret
from .text import map_fullwidth, skeleton, strip_ends

MAX_INPUT_CHARS = 4096
"""Longer inputs are refused (TOO_LONG) after a scan for secrets."""
MAX_SCAN_CHARS = 16384
"""How much of a too-long input is scanned for secrets; beyond it `raw` is not kept."""

MAX_REJOINED_PIECES = 4
MIN_FRAGMENT = 6

_SPACE = re.compile(r"\s+")
_LABEL_SEPARATORS = re.compile(r"[:：=]")
_EMBEDDED_URL = re.compile(r"https?://[^\s<>\"'`()\[\]{}]+", re.IGNORECASE)


def classify(raw: str) -> Classified:
    """Classify pasted text as a transaction, an address, a secret, or invalid input.

    Never raises: anything unexpected becomes INVALID/UNRECOGNIZED with `raw`
    redacted (we cannot vouch that it held no secret).
    """
    try:
        return _classify(raw)
    except Exception as error:  # the contract is "never raise"; keep the CLI alive
        return Classified(
            REDACTED, InputKind.INVALID, problem=Problem.UNRECOGNIZED,
            detail=freeze(error=type(error).__name__),
        )  # fmt: skip


def _classify(raw: str) -> Classified:
    if not isinstance(raw, str):
        return Classified(REDACTED, InputKind.INVALID, problem=Problem.UNRECOGNIZED)
    if len(raw) > MAX_INPUT_CHARS:
        return _too_long(raw)
    secret = find_secret(raw)
    if secret is not None:
        return _secret(secret)
    text, fullwidth = map_fullwidth(raw)
    text = strip_ends(text)
    if not text:
        return Classified(raw, InputKind.INVALID, problem=Problem.EMPTY)
    verdict, chain = classify_text(text)
    if fullwidth:
        verdict = verdict.with_detail(normalised="fullwidth")
    return Classified(
        raw, verdict.kind, verdict.value, verdict.families, chain, verdict.problem, verdict.detail
    )


def _secret(finding: SecretFinding) -> Classified:
    return Classified(REDACTED, InputKind.SECRET, problem=finding.problem, detail=finding.detail)


def _too_long(raw: str) -> Classified:
    secret = find_secret(raw[:MAX_SCAN_CHARS])
    if secret is not None:
        return _secret(secret)
    kept = raw if len(raw) <= MAX_SCAN_CHARS else REDACTED
    detail = freeze(length=len(raw), maximum=MAX_INPUT_CHARS)
    return Classified(kept, InputKind.INVALID, problem=Problem.TOO_LONG, detail=detail)


def classify_text(text: str) -> Candidate:
    """Classify trimmed, secret-free text: a node's error text, one token, one URL, or a
    sentence holding one."""
    refused = push_error(text)
    if refused is not None:
        # An EOS push error names at most the expired transaction's id: read as the error,
        # not as the first id-shaped word in it.
        return refused, None
    special = special_address(text)
    if special is not None:
        # "0x1": an Aptos special address, only when it is the whole paste; inside a text
        # it is more likely the broken-off start of a longer id ("0x5 aAeb…").
        return special, None
    index = extrinsic_index(text)
    if index is not None:
        # "12345-2": a Subscan extrinsic index, only as the whole paste (inside a text it is
        # more likely a date or an order number).
        return index, None
    pieces = split_pieces(text)
    if len(pieces) == 1 and pieces[0] == text:
        verdict, chain = classify_piece(text)
        eos_account = account_candidate(text)
        if verdict.problem is Problem.UNRECOGNIZED and eos_account is not None:
            # "binancecleos": nothing else reads a whole-paste word; it may be an EOS
            # account, which only the chain can confirm (words have the same shape).
            return eos_account, None
        return verdict, chain
    repaired = _rejoined(text, pieces)
    if repaired is not None:
        return repaired, None
    if _part_of_a_longer_id(pieces):
        return invalid(Problem.MULTIPLE_CANDIDATES, count=2), None
    candidates = [classify_piece(p) for p in pieces if _is_candidate(p)]
    return choose_one(candidates)


def classify_piece(piece: str) -> Candidate:
    """Classify a single piece: a URL / payment URI, or a bare token."""
    if is_url(piece):
        return classify_url(piece)
    return classify_token(piece), None


def split_pieces(text: str) -> list[str]:
    """Split text into pieces that may each be a hash/address: at spaces, at the
    edge between Chinese/Japanese/Korean script and Latin (查询0x…), and after a
    label ("TxHash:0x…"). URLs are kept whole."""
    pieces: list[str] = []
    for chunk in _SPACE.split(text):
        for part in _split_script_edges(chunk):
            pieces.extend(_split_url(strip_ends(part)))
    pieces = [p for p in pieces if p]
    # "0x 5aAe…": a prefix typed apart from its digits belongs to the next piece
    for index in range(len(pieces) - 2, -1, -1):
        if pieces[index] in ("0x", "0X"):
            pieces[index : index + 2] = [pieces[index] + pieces[index + 1]]
    return pieces


def _split_url(piece: str) -> list[str]:
    """Cut a URL out of what is glued to it, e.g. a Markdown link "[tx](https://…)"."""
    match = _EMBEDDED_URL.search(piece)
    if match is None or (match.start() == 0 and match.end() == len(piece)):
        return _split_label(piece)
    before, after = piece[: match.start()], piece[match.end() :]
    return [*_split_label(strip_ends(before)), strip_ends(match.group()), *_split_label(after)]


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        is_han(ch)
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
        or 0x3000 <= code <= 0x303F
    )


def _split_script_edges(chunk: str) -> list[str]:
    if chunk.isascii():
        return [chunk]
    parts: list[str] = []
    current = ""
    for ch in chunk:
        if current and _is_cjk(ch) != _is_cjk(current[-1]):
            parts.append(current)
            current = ""
        current += ch
    parts.append(current)
    return [p for p in parts if not _is_cjk(p[0])]


def _split_label(piece: str) -> list[str]:
    if is_url(piece) or not _LABEL_SEPARATORS.search(piece):
        return [piece]
    return [strip_ends(p) for p in _LABEL_SEPARATORS.split(piece)]


def _is_candidate(piece: str) -> bool:
    return is_url(piece) or looks_like_identifier(piece)


def _is_prefix(piece: str) -> bool:
    # "0x" typed apart with a look-alike or a letter O ("Оx 5c50… 5e8a…", Cyrillic О) is
    # the start of the broken id too: without it the last 40 digits would read as an address.
    return skeleton(piece).lower() in ("0x", "ox")


def _is_fragment(piece: str) -> bool:
    return _is_prefix(piece) or (len(piece) >= MIN_FRAGMENT and any(ch.isdigit() for ch in piece))


_HEX_RUN = re.compile(r"(?:0[xX])?[0-9a-fA-F]+")


def _part_of_a_longer_id(pieces: list[str]) -> bool:
    """Whether an id piece joins with the bare hex digits beside it into another valid id:
    "0x5c50…a1e204 ef84…a1b 22060" is a hash broken twice, not the address of its first 40
    digits, however the rest of the text reads."""
    for index, piece in enumerate(pieces):
        if not _HEX_RUN.fullmatch(piece) or not classify_token(piece).ok:
            continue
        start = index
        while start > 0 and _HEX_RUN.fullmatch(pieces[start - 1]):
            start -= 1
        end = index + 1
        while end < len(pieces) and _HEX_RUN.fullmatch(pieces[end]):
            end += 1
        for first in range(start, index + 1):
            for last in range(index + 1, end + 1):
                if last - first > 1 and classify_token("".join(pieces[first:last])).ok:
                    return True
    return False


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")  # zero-widths a wrap may carry


def _rejoined(text: str, pieces: list[str]) -> Verdict | None:
    """A hash or address broken by spaces or a line wrap ("0x12…ab\\ncd…"), when no
    piece is an id by itself and the joined text is a valid one."""
    joined = _INVISIBLE.sub("", "".join(_SPACE.split(text)))
    # Words of a sentence have no digits; fragments of a hash/address do.
    if not 2 <= len(pieces) <= MAX_REJOINED_PIECES or not all(_is_fragment(p) for p in pieces):
        return None
    verdict = classify_token(joined)
    if any(classify_token(p).ok for p in pieces):
        # A piece is an id by itself, yet the pieces also join into another one: a hash
        # wrapped right after 40 hex digits reads as an address. Ask rather than guess;
        # and a rest carrying look-alike letters is the damaged id's, refused as such.
        if verdict.ok:
            return invalid(Problem.MULTIPLE_CANDIDATES, count=2)
        if verdict.problem is Problem.LOOKALIKE_CHARACTERS:
            return verdict
        # "Ox 5c50… 5e8a…": digits broken off before the id piece belong to a longer id.
        broken = len(pieces) > 2 and _is_prefix(pieces[0])
        return invalid(Problem.MULTIPLE_CANDIDATES, count=2) if broken else None
    if not joined.isascii() or not joined.isalnum():
        return None
    return verdict.with_detail(repaired="removed_spaces") if verdict.ok else None
