"""Pick the sentence that says exactly what is wrong with a pasted text."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from txdoctor.advise.catalog.inputs import (
    CHAR_WITH_GLYPH,
    EXPECTED_EITHER,
    EXPECTED_RANGE,
    PROBLEM_LINES,
)
from txdoctor.diagnose.verdicts import Param

FAMILY_NAMES = {
    "evm": "EVM",
    "bitcoin": "Bitcoin",
    "tron": "Tron",
    "solana": "Solana",
    "polkadot": "Polkadot",
}

# How each problem is refined by its detail, most specific key first.
_REFINEMENTS: dict[str, Callable[[Mapping[str, Param]], list[str]]] = {
    "bad_length": lambda p: [f"{p.get('family')}:{p.get('kind')}"],
    "bad_characters": lambda p: ([] if p.get("glyph") else ["control"]) + [str(p.get("alphabet"))],
    "bad_checksum": lambda p: [str(p.get("encoding"))],
    "lookalike_characters": lambda p: [str(p.get("part"))],
}


def line_key(params: Mapping[str, Param]) -> str | None:
    """The key in ``PROBLEM_LINES`` of the finding's input problem, if it has a sentence."""
    problem = params.get("input_problem")
    if not isinstance(problem, str):
        return None
    refine = _REFINEMENTS.get(problem)
    keys = [f"{problem}:{r}" for r in refine(params)] if refine else []
    return next((k for k in [*keys, problem] if k in PROBLEM_LINES), None)


def input_line(
    params: Mapping[str, Param], gettext: Callable[[str], str]
) -> tuple[str, dict[str, str]] | None:
    """The untranslated sentence and the extra fields it needs (already in the language)."""
    key = line_key(params)
    if key is None:
        return None
    extra: dict[str, str] = {}
    char, glyph = params.get("char"), params.get("glyph")
    if char is not None:
        extra["shown"] = (
            gettext(CHAR_WITH_GLYPH).format(glyph=glyph, char=char) if glyph else str(char)
        )
    if params.get("expected") is not None:
        extra["expected"] = _expected(params["expected"], gettext)
    family = params.get("family")
    if isinstance(family, str):
        extra["family"] = FAMILY_NAMES.get(family, family)
    return PROBLEM_LINES[key], extra


def _expected(value: Param, gettext: Callable[[str], str]) -> str:
    """``42,62`` → "42 or 62", ``32-44`` → "32 to 44", ``64`` → "64"."""
    text = str(value)
    if "," in text:
        first, _, second = text.partition(",")
        return gettext(EXPECTED_EITHER).format(first=first, second=second)
    if "-" in text:
        low, _, high = text.partition("-")
        return gettext(EXPECTED_RANGE).format(low=low, high=high)
    return text
