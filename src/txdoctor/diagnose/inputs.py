"""Verdicts reached from the input alone, before any network call."""

from __future__ import annotations

from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.input import Classified, InputKind


def diagnose_input(classified: Classified) -> Finding | None:
    """A verdict for invalid input or a secret; None if the chains must answer."""
    if classified.kind is InputKind.SECRET:
        return Finding(Verdict.SECRET_REFUSED, {"input_problem": _problem(classified)})
    if classified.kind is InputKind.INVALID:
        params: dict[str, Param] = {"input_problem": _problem(classified)}
        params |= {k: v for k, v in classified.detail.items() if isinstance(v, str | int)}
        return Finding(Verdict.INVALID_INPUT, params)
    return None


def _problem(classified: Classified) -> str | None:
    return classified.problem.value if classified.problem else None
