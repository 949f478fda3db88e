"""Make strangers' text safe for a terminal: no control codes, no bidi tricks, bounded."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 200

# C0/C1 controls (ESC starts terminal sequences), bidi overrides/isolates, zero-widths.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"


def clean(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` with unsafe characters shown as escapes and cut to ``limit`` characters."""
    text = _UNSAFE.sub(_escape, text)
    text = "".join(
        c if unicodedata.category(c) not in ("Cc", "Cs", "Co") else f"\\u{ord(c):04x}" for c in text
    )
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
