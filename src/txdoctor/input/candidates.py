"""Choosing the one hash/address among several pieces of a text or a URL."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Problem, Verdict, invalid

Candidate = tuple[Verdict, str | None]  # verdict, chain hint


def choose_one(candidates: Sequence[Candidate]) -> Candidate:
    """The single candidate, or the one value that every candidate agrees on.

    Several different values (or a valid one next to a broken one) are refused
    with MULTIPLE_CANDIDATES rather than guessed: diagnosing the wrong hash is
    worse than asking the user to paste one.
    """
    if not candidates:
        return invalid(Problem.UNRECOGNIZED), None
    if len(candidates) == 1:
        return candidates[0]
    valid = {(verdict.kind, verdict.value, chain) for verdict, chain in candidates if verdict.ok}
    broken = sum(1 for verdict, _ in candidates if not verdict.ok)
    if len(valid) == 1 and not broken:
        return candidates[0]
    return invalid(Problem.MULTIPLE_CANDIDATES, count=len(valid) + broken), None
