"""Character-level helpers: trimming pasted text, naming odd characters, look-alikes."""

from __future__ import annotations

import unicodedata

from .model import Detail, Problem, Verdict, freeze, invalid

# Characters that render as nothing but still break a hash: category Cf (zero-width
# space/joiners, BOM, bidi controls, soft hyphen…) plus a few "blank" letters.
_INVISIBLE_EXTRA = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")

_OPENERS = "'\"`“”„‘’‚«»‹›「」『』《》〈〉【】（）()[]{}<>*•·-–—"
_CLOSERS = "'\"`“”„‘’‚«»‹›「」『』《》〈〉【】（）()[]{}<>*"
_TRAILING_PUNCTUATION = ".,;:!?。，、；：！？…"
_LEADING_PUNCTUATION = ":：,，;；"

_FULLWIDTH_FIRST, _FULLWIDTH_LAST = 0xFF01, 0xFF5E
_FULLWIDTH_OFFSET = 0xFEE0
_IDEOGRAPHIC_SPACE = "\u3000"

# Non-Latin letters that are drawn like ASCII letters/digits. NFKC already maps
# mathematical, circled, superscript… forms; this table covers the scripts NFKC keeps.
_LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "B", "г": "r", "е": "e", "к": "k", "о": "o", "р": "p", "с": "c",
    "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h",
    "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "З": "3", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ь": "b", "І": "I", "Ј": "J",
    "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y", "Ӏ": "I",
    # Greek
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Armenian, Latin extensions, others
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "զ": "q",
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ǀ": "l", "׀": "l", "߀": "0", "০": "0",
    "०": "0", "۰": "0", "٠": "0", "〇": "0",
}  # fmt: skip


def is_invisible(ch: str) -> bool:
    """True for characters that take no visible space (zero-width, bidi marks…)."""
    return unicodedata.category(ch) == "Cf" or ch in _INVISIBLE_EXTRA


def codepoint(ch: str) -> str:
    """The character as "U+XXXX"; the only safe way to show a control character."""
    return f"U+{ord(ch):04X}"


def looks_like(ch: str) -> str | None:
    """The ASCII letter/digit that the non-ASCII `ch` is drawn like, if any."""
    if ch.isascii():
        return None
    mapped = _LOOKALIKES.get(ch)
    if mapped is not None:
        return mapped
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and folded.isascii() and folded.isalnum():
        return folded
    return None


def describe_char(ch: str, position: int) -> Detail:
    """Detail keys naming one character: position (1-based), char (U+XXXX), name, glyph.

    `glyph` (the character itself) is only given when it is safe and useful to print.
    """
    detail: dict[str, str | int] = {"position": position, "char": codepoint(ch)}
    name = unicodedata.name(ch, "")
    if name:
        detail["name"] = name
    if ch.isprintable() and unicodedata.category(ch)[0] not in "CMZ":
        detail["glyph"] = ch
    return freeze(detail)


def map_fullwidth(text: str) -> tuple[str, bool]:
    """Replace full-width ASCII forms (U+FF01–FF5E) and the ideographic space.

    East-Asian input methods type "０ｘ１２…"; each form maps to exactly one ASCII
    character, so unlike a look-alike from another script it cannot hide a
    different address. Returns the text and whether anything changed.
    """
    if text.isascii():
        return text, False
    out = []
    changed = False
    for ch in text:
        code = ord(ch)
        if _FULLWIDTH_FIRST <= code <= _FULLWIDTH_LAST:
            out.append(chr(code - _FULLWIDTH_OFFSET))
            changed = True
        elif ch == _IDEOGRAPHIC_SPACE:
            out.append(" ")
            changed = True
        else:
            out.append(ch)
    return "".join(out), changed


def _is_edge_noise(ch: str) -> bool:
    return ch.isspace() or is_invisible(ch) or unicodedata.category(ch) == "Cc"


def strip_ends(text: str) -> str:
    """Remove what surrounds a pasted value: spaces, zero-width characters, quotes,
    brackets, list bullets and trailing punctuation."""
    start, end = 0, len(text)
    while start < end:
        ch = text[start]
        if _is_edge_noise(ch) or ch in _OPENERS or ch in _LEADING_PUNCTUATION:
            start += 1
        else:
            break
    while end > start:
        ch = text[end - 1]
        if _is_edge_noise(ch) or ch in _CLOSERS or ch in _TRAILING_PUNCTUATION:
            end -= 1
        else:
            break
    return text[start:end]


def skeleton(token: str) -> str:
    """`token` with look-alikes replaced by the ASCII they imitate (for shape checks)."""
    if token.isascii():
        return token
    return "".join(looks_like(ch) or ch for ch in token)


def first_character_problem(token: str) -> Verdict | None:
    """The first invisible, control, look-alike or other non-ASCII character of
    `token`, as an INVALID verdict; None when the token is plain printable ASCII."""
    if token.isascii() and token.isprintable():
        return None
    for index, ch in enumerate(token):
        if is_invisible(ch):
            return char_problem(Problem.INVISIBLE_CHARACTERS, ch, index)
    for index, ch in enumerate(token):
        if ch.isascii() and ch.isprintable():
            continue
        target = looks_like(ch)
        if target is not None:
            return invalid(
                Problem.LOOKALIKE_CHARACTERS, **describe_char(ch, index + 1), looks_like=target
            )
        return char_problem(Problem.BAD_CHARACTERS, ch, index)
    return None


def char_problem(problem: Problem, ch: str, index: int) -> Verdict:
    """INVALID verdict for `problem` naming `ch` found at 0-based `index`."""
    return invalid(problem, **describe_char(ch, index + 1))
