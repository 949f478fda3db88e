"""Secrets spread over several inputs, which the classifier cannot see one input at a time.

A recovery phrase typed without quotes (``txdoctor diagnose word1 word2 …``) arrives as one
argument per word, and one pasted from a list arrives on stdin one word per line; a key
may sit on the line after its label (``private key:`` then the hex). Each piece alone is
invalid input (or, for the key, a "transaction hash"), so it would be echoed back, or sent
to every endpoint. This joins neighbouring pieces and lets the classifier judge the whole:
a secret becomes one input, refused and redacted like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .classify import classify
from .model import InputKind
from .phrases import MAX_WINDOW
from .secrets import find_secret

MAX_PIECE_CHARS = 64
"""Longer inputs are not pieces of a spread secret (words and labels are short)."""
TAIL = 2 * MAX_WINDOW
"""Pieces a phrase can span, numbering included ("1." "abandon" "2." "ability" …)."""
MAX_HELD = 128
"""Pieces held back at most before the first ones are released; a secret found among them
keeps ``TAIL`` more, so no piece of it is released alone. Joined, they stay under the
length the classifier scans for secrets."""


def join_spread_secrets(inputs: Iterable[str]) -> Iterator[str]:
    """``inputs`` in order, with every run of pieces that together hold a secret joined
    into one input (which the classifier then refuses). Everything else is unchanged."""
    held: list[str] = []
    secret_held = False
    for item in inputs:
        result = classify(item)
        if result.kind is InputKind.INVALID and len(item) <= MAX_PIECE_CHARS:
            held.append(item)
            if secret_held and len(held) >= MAX_HELD + TAIL:
                yield " ".join(held)
                held, secret_held = [], False
            elif not secret_held and len(held) >= MAX_HELD:
                secret_held = _holds_secret(held)
                if not secret_held:
                    yield from held[:-TAIL]  # a phrase reaching past the end starts later
                    held = held[-TAIL:]
            continue
        labelled = f"{held[-1]} {item}" if held else ""
        if held and result.ok and find_secret(labelled) is not None:
            yield from _released(held[:-1])
            yield labelled  # a label, then its key on the next line: one secret
        else:
            yield from _released(held)
            yield item
        held, secret_held = [], False
    yield from _released(held)


def _holds_secret(pieces: list[str]) -> bool:
    return len(pieces) >= 2 and find_secret(" ".join(pieces)) is not None


def _released(pieces: list[str]) -> Iterator[str]:
    """The pieces one by one, or all of them as one input when together they are a secret."""
    if _holds_secret(pieces):
        yield " ".join(pieces)
    else:
        yield from pieces
