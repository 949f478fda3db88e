"""Address poisoning: an address made to look like one the victim used before.

Wallets show an address shortened to its first and last characters (``0x1a2b…9f8e``), and
poisoners generate addresses that share them, then plant them in the victim's history with a
zero-value or dust transfer, hoping the next payment is copied from there. Two different
addresses that share the first ``PREFIX`` and last ``SUFFIX`` hex digits are that pattern:
for two random addresses the chance is 16**-7, about one in 270 million.
"""

from __future__ import annotations

from collections.abc import Iterable

PREFIX = 3  # hex digits after 0x
SUFFIX = 4


def looks_alike(a: str, b: str) -> bool:
    """Whether two different 0x addresses share their first and last hex digits."""
    a, b = a.lower(), b.lower()
    if a == b or len(a) != 42 or len(b) != 42:
        return False
    return a[2 : 2 + PREFIX] == b[2 : 2 + PREFIX] and a[-SUFFIX:] == b[-SUFFIX:]


def lookalikes(target: str, known: Iterable[str | None]) -> list[str]:
    """The addresses of ``known`` that look like ``target`` without being it, in order."""
    return list(dict.fromkeys(k.lower() for k in known if k and looks_alike(k, target)))
