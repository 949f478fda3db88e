"""Verdicts reached from the input alone, before any network call."""

from __future__ import annotations

from collections.abc import Mapping

from txdoctor.core import registry
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.input import Classified, InputKind
from txdoctor.input.eos_push_errors import push_error_detail


def diagnose_input(classified: Classified) -> Finding | None:
    """A verdict for invalid input, a secret or a node's error text; None if the chains
    must answer."""
    if classified.kind is InputKind.PUSH_ERROR:
        return _push_error_finding(classified)
    if classified.kind not in (InputKind.SECRET, InputKind.INVALID):
        return None
    params: dict[str, Param] = {"input_problem": _problem(classified)}
    # The detail never holds secret material (a prefix such as "xprv", a word count).
    params |= {k: v for k, v in classified.detail.items() if isinstance(v, str | int)}
    code = Verdict.SECRET_REFUSED if classified.kind is InputKind.SECRET else Verdict.INVALID_INPUT
    return Finding(code, params)


def _problem(classified: Classified) -> str | None:
    return classified.problem.value if classified.problem else None


def _push_error_finding(classified: Classified) -> Finding:
    """The family's verdict of a push error (its ``rules.push_error_finding``)."""
    for family in classified.families:
        rule = registry.part(family, "rules", "push_error_finding")
        if rule is not None:
            finding: Finding = rule(classified.detail)
            return finding
    families = tuple(f.value for f in classified.families)
    return Finding(Verdict.FAMILY_NOT_SUPPORTED, {"families": families})


def expired_when_sent(classified: Classified) -> bool:
    """Whether the input is a node's error saying this transaction expired before it was
    taken: not found anywhere, it is EXPIRED (the node said so), not merely NOT_FOUND."""
    return (
        classified.kind is InputKind.TRANSACTION
        and push_error_detail(classified.detail) == "expired_tx_exception"
    )


def push_error_params(classified: Classified) -> Mapping[str, Param]:
    """What the pasted error says, as the family words it (its ``rules.push_error_params``);
    empty for any other input."""
    if push_error_detail(classified.detail) is None:
        return {}
    for family in classified.families:
        rule = registry.part(family, "rules", "push_error_params")
        if rule is not None:
            params: Mapping[str, Param] = rule(classified.detail)
            return params
    return {}
