"""Verdicts reached from the input alone, before any network call."""

from __future__ import annotations

from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.input import Classified, InputKind


def diagnose_input(classified: Classified) -> Finding | None:
    """A verdict for invalid input or a secret; None if the chains must answer."""
    if classified.kind not in (InputKind.SECRET, InputKind.INVALID):
        return None
    params: dict[str, Param] = {"input_problem": _problem(classified)}
    # The detail never holds secret material (a prefix such as "xprv", a word count).
    params |= {k: v for k, v in classified.detail.items() if isinstance(v, str | int)}
    code = Verdict.SECRET_REFUSED if classified.kind is InputKind.SECRET else Verdict.INVALID_INPUT
    return Finding(code, params)


def _problem(classified: Classified) -> str | None:
    return classified.problem.value if classified.problem else None
