"""Secrets on the command line of a command that does not take inputs to diagnose.

``txdoctor watch word1 word2 …`` (a recovery phrase typed without quotes) or ``txdoctor
explain <key>`` would otherwise end in a usage error that quotes the extra arguments, or in
"unknown code '<key>'": the secret echoed back. The command line is read before any
command parses it; a secret there is refused with the usual explanation and exit status 2,
and nothing runs. ``diagnose`` is left to refuse its inputs itself (one report per input,
``input/spread.py`` joining a phrase typed over several arguments).
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from txdoctor.core.errors import ExitStatus

REFUSES_ITS_OWN_INPUTS = frozenset({"diagnose"})


class SecretRefusingGroup(TyperGroup):
    """The command group, refusing a command line that holds a secret."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Refuse (exit 2, nothing echoed) before any command sees the arguments."""
        found = secret_in(args)
        if found is not None:
            _refuse(found)
        result: list[str] = super().parse_args(ctx, args)
        return result


def secret_in(args: list[str]) -> dict[str, str | int] | None:
    """What secret ``args`` hold (outside ``diagnose``): its problem code and detail, which
    never holds secret material; None when there is none."""
    command = next((a for a in args if not a.startswith("-")), None)
    if command in REFUSES_ITS_OWN_INPUTS:
        return None
    words = [a for a in args if "://" not in a]  # endpoint URLs carry keys of their own
    if not words:
        return None
    from txdoctor.input.secrets import find_secret

    found = find_secret(" ".join(words))
    return None if found is None else {"input_problem": found.problem.value, **found.detail}


def _refuse(params: dict[str, str | int]) -> None:
    from txdoctor.advise import advise, resolve_language
    from txdoctor.diagnose import Finding, Verdict

    advice = advise(Finding(Verdict.SECRET_REFUSED, params), resolve_language(None))
    sys.stderr.write("\n".join([f"txdoctor: {advice.title}", advice.summary,
                                *(f" {i}. {step}" for i, step in enumerate(advice.steps, 1))])
                     + "\n")
    raise typer.Exit(ExitStatus.BAD_INPUT)
