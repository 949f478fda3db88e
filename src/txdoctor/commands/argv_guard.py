"""Secrets on the command line of a command that does not take inputs to diagnose.

``txdoctor watch word1 word2 …`` (a recovery phrase typed without quotes) or ``txdoctor
explain <key>`` would otherwise end in a usage error that quotes the extra arguments, or in
"unknown code '<key>'": the secret echoed back. The command line is read before any
command parses it (every argument and option value, URLs cut out, so a phrase glued to a
link is still seen); a secret there is refused with the usual explanation and exit status 2,
and nothing runs. ``diagnose`` is left to refuse its inputs itself (one report per input,
``input/spread.py`` joining a phrase typed over several arguments).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from txdoctor.core.errors import ExitStatus

REFUSES_ITS_OWN_INPUTS = frozenset({"diagnose"})

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]*")


def secret_in(
    args: list[str],
    value_options: Callable[[str], frozenset[str]] = lambda _: frozenset(),
) -> dict[str, str | int] | None:
    """What secret ``args`` hold: its problem code and detail, which never holds secret
    material; None when there is none. Every argument is scanned, and every option value of
    ``diagnose`` (which refuses its inputs itself), with URLs cut out: endpoint URLs carry
    keys of their own, and a phrase next to a URL is still a phrase."""
    command = next((a for a in args if not a.startswith("-")), None)
    if command in REFUSES_ITS_OWN_INPUTS:
        words = _option_values(args, value_options(command))
    else:
        words = args
    text = " ".join(_URL.sub(" ", _without_folders(word)) for word in words)
    if not text.strip():
        return None
    from txdoctor.input.secrets import find_secret

    found = find_secret(text)
    return None if found is None else {"input_problem": found.problem.value, **found.detail}


def _without_folders(arg: str) -> str:
    """A path in an existing folder (``batch /tmp/run/in.csv --out …``) without its folders:
    their names are no secret, and ten of them would cost a scan of every wordlist. The file
    name is still read, and a phrase glued into a path whose folder does not exist is read
    whole."""
    if "/" not in arg or any(ch.isspace() for ch in arg):
        return arg
    import os.path

    folder, name = os.path.split(arg)
    return name if os.path.isdir(folder or ".") else arg


def _option_values(args: list[str], takes_value: frozenset[str]) -> list[str]:
    """The values given to options in ``args`` (``--chain X`` and ``--chain=X``)."""
    values: list[str] = []
    expecting = False
    for arg in args:
        if expecting:
            values.append(arg)
            expecting = False
        elif arg == "--":
            break
        elif arg.startswith("-"):
            name, equals, value = arg.partition("=")
            if equals:
                values.append(value)
            else:
                expecting = name in takes_value
    return values


def refuse(params: dict[str, str | int]) -> int:
    """Explain on stderr why the command line is refused (nothing of it echoed); the exit
    status."""
    from txdoctor.advise import advise, resolve_language
    from txdoctor.diagnose import Finding, Verdict

    advice = advise(Finding(Verdict.SECRET_REFUSED, params), resolve_language(None))
    sys.stderr.write(
        "\n".join(
            [
                f"txdoctor: {advice.title}",
                advice.summary,
                *(f" {i}. {step}" for i, step in enumerate(advice.steps, 1)),
            ]
        )
        + "\n"
    )
    return ExitStatus.BAD_INPUT
