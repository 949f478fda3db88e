"""Findings into sentences in the reader's language."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from txdoctor.advise import catalog
from txdoctor.advise.catalog import VerdictText, common
from txdoctor.advise.i18n import join_list, join_sentences, translator
from txdoctor.advise.input_problems import input_line
from txdoctor.advise.numbers import for_people
from txdoctor.diagnose.verdicts import Finding, Param, Verdict


@dataclass(frozen=True)
class Advice:
    """What a finding means and what to do, ready to show."""

    title: str
    summary: str
    steps: tuple[str, ...]
    agent_steps: tuple[str, ...] = ()  # for the agent or operator, never for the customer
    agent_notes: tuple[str, ...] = ()  # what was not checked and why: agent's view only


FAMILY_NAMES = {"evm": "EVM", "bitcoin": "Bitcoin", "tron": "Tron", "solana": "Solana"}


STRICT_ENV = "TXDOCTOR_STRICT_MESSAGES"
"""Set (as the test suite does) to make a message field no finding provides an error."""
_CHAIN_KEYS = ("chain", "found_chain", "expected_chain", "chains")


class MissingField(KeyError):
    """A message names a ``{field}`` its finding does not provide: a bug in a rule or text."""


class _Params(dict[str, str]):
    """Format fields; a missing one shows as a dash for users and fails under the tests."""

    def __missing__(self, key: str) -> str:
        if os.environ.get(STRICT_ENV):
            raise MissingField(key)
        return "-"


def _format(value: Param, chain_title: Callable[[str], str], key: str, lang: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return for_people(key, value, lang)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):  # chain names, family ids (bitcoin, evm) or other names
        names = [
            chain_title(v)
            if key in _CHAIN_KEYS
            else FAMILY_NAMES.get(v, v)
            if key == "families"
            else v
            for v in value
        ]
        # "a Bitcoin or Tron hash": families are alternatives; chains are all of them.
        return join_list(names, lang, "or" if key == "families" else "and")
    if key in _CHAIN_KEYS:
        return chain_title(value)
    return value


def advise(
    finding: Finding, lang: str = "en", chain_titles: Mapping[str, str] | None = None
) -> Advice:
    """Title, summary and steps of ``finding`` in ``lang``."""
    gettext = translator(lang).gettext
    titles = chain_titles or {}
    params = _Params(
        {k: _format(v, lambda c: titles.get(c, c), k, lang) for k, v in finding.params.items()}
    )
    text = catalog.text_for(finding.code, finding.family)
    summary = [gettext(text.summary).format_map(params)]
    summary += [gettext(line).format_map(params) for line in _detail_lines(finding, text)]
    problem = input_line(finding.params, gettext)
    if problem is not None:
        summary.append(gettext(problem[0]).format_map(_Params(params | problem[1])))
    steps = [gettext(step).format_map(params) for step in text.steps_for(finding.params)]
    agent_steps = [gettext(step).format_map(params) for step in text.agent_steps]
    notes = [
        gettext(line).format_map(params)
        for line in ([text.note] if text.note else [])
        + catalog.agent_lines(finding.params, text.agent_variants)
    ]
    return Advice(
        gettext(text.title),
        join_sentences(summary, lang),
        tuple(steps),
        tuple(agent_steps),
        tuple(notes),
    )


def _detail_lines(finding: Finding, text: VerdictText) -> list[str]:
    """Extra sentences picked by the finding's params (cause, panic code, fee problem)."""
    params = finding.params
    lines = catalog.variant_lines(params, text.agent_variants)
    # Solana (program, code), Aptos (Move abort, VM status) and Polkadot (DispatchError) name
    # the failure in their own variant lines instead: no contract "reason" to report.
    if finding.code is Verdict.FAILED_REVERTED and finding.family not in OWN_FAILURE_LINES:
        lines.insert(0, _revert_line(finding))
    return lines


OWN_FAILURE_LINES = frozenset({"solana", "aptos", "polkadot"})


def _revert_line(finding: Finding) -> str:
    params = finding.params
    if params.get("reason"):
        return common.REASON_LINE
    if params.get("error_name"):
        return common.ERROR_LINE
    if params.get("selector"):
        return common.SELECTOR_LINE
    return common.NO_REASON_LINE


def safety_note(lang: str = "en") -> str:
    """The line every reply about secrets or scams carries."""
    return translator(lang).gettext(catalog.SAFETY_NOTE)
