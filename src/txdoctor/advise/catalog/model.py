"""The shape of a catalog module."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from txdoctor.diagnose.verdicts import Verdict


@dataclass(frozen=True)
class VerdictText:
    """The English source text of one verdict: title, summary, numbered steps.

    ``{name}`` fields are filled from the finding's params. ``safety`` is the one-line
    safety note a ticket reply adds for this verdict (e.g. ``common.SAFETY_NOTE``), if any.
    ``steps`` are what the customer can do; ``agent_steps`` are for whoever runs the tool
    (flags, the chains file, API keys): they never reach a customer reply. ``when`` replaces
    ``steps`` when the finding's params say more: keyed ``"param"`` (the param is set) or
    ``"param=value"``, the first match wins. ``note`` is a sentence for the agent alone
    (e.g. the endpoints' error messages); ``agent_variants`` names variant params whose
    sentence is for the agent with this verdict (a plain PENDING's speed-up fees would
    contradict "it should go through soon" in the customer's reply).
    """

    title: str
    summary: str
    steps: tuple[str, ...] = ()
    safety: str | None = None
    agent_steps: tuple[str, ...] = ()
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note: str | None = None
    agent_variants: frozenset[str] = frozenset()  # variant params only the agent reads here

    def steps_for(self, params: Mapping[str, object]) -> tuple[str, ...]:
        """The steps that fit ``params``."""
        for key, steps in self.when.items():
            name, _, value = key.partition("=")
            if params.get(name) is not None and (not value or str(params[name]) == value):
                return steps
        return self.steps


@dataclass(frozen=True)
class Article:
    """The offline knowledge-base article of one verdict (``txdoctor explain CODE``).

    ``meaning`` is the one line ``txdoctor codes`` shows, ``details`` the paragraph that
    explains it. No ``{fields}``: an article speaks about the verdict in general, not about
    one transaction.
    """

    meaning: str
    details: str
    detection: str
    actions: tuple[str, ...]
    avoid: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """What one module contributes.

    ``texts``: one entry per verdict. ``family_texts``: a family's own wording of a
    shared verdict (e.g. Bitcoin's fee bump differs from an EVM speed-up).
    ``variants[param][value]``: an extra sentence chosen by a param's value.
    ``articles``: the knowledge-base article of each verdict.
    """

    texts: Mapping[Verdict, VerdictText] = field(default_factory=dict)
    family_texts: Mapping[tuple[str, Verdict], VerdictText] = field(default_factory=dict)
    variants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    articles: Mapping[Verdict, Article] = field(default_factory=dict)
