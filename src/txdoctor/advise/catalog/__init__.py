"""Every explanation's English source text, one module per topic (and one per chain family,
its ``messages.py``); the gettext catalogs (``txdoctor/locale``) translate them. Add a shared
module's ``CATALOG`` to ``MODULES``; a family's is found through the registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from txdoctor.advise.catalog import (
    address,
    articles,
    common,
    endpoints,
    tokens,
    tracking,
)
from txdoctor.advise.catalog.model import Article, Catalog, VerdictText
from txdoctor.core import registry
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Verdict


def _family_catalogs() -> tuple[Catalog, ...]:
    """Every supported family's own texts (its ``messages.py``), in registry order."""
    found = (registry.part(family, "messages", "CATALOG") for family in Family)
    return tuple(catalog for catalog in found if catalog is not None)


MODULES: tuple[Catalog, ...] = (
    common.CATALOG,
    address.CATALOG,
    endpoints.CATALOG,
    articles.CATALOG,
    tracking.CATALOG,
    tokens.CATALOG,
    *_family_catalogs(),
)

SAFETY_NOTE = common.SAFETY_NOTE


def _merge() -> tuple[
    dict[Verdict, VerdictText], dict[tuple[str, Verdict], VerdictText], dict[str, dict[str, str]]
]:
    texts: dict[Verdict, VerdictText] = {}
    family_texts: dict[tuple[str, Verdict], VerdictText] = {}
    variants: dict[str, dict[str, str]] = {}
    for module in MODULES:
        texts.update(module.texts)
        family_texts.update(module.family_texts)
        for param, by_value in module.variants.items():
            variants.setdefault(param, {}).update(by_value)
    return texts, family_texts, variants


TEXTS, FAMILY_TEXTS, VARIANTS = _merge()
ARTICLES: dict[Verdict, Article] = {
    code: article for module in MODULES for code, article in module.articles.items()
}


def text_for(code: Verdict, family: str | None) -> VerdictText:
    """The family's own wording of ``code`` if it has one, else the shared one."""
    if family is not None and (family, code) in FAMILY_TEXTS:
        return FAMILY_TEXTS[(family, code)]
    return TEXTS[code]


AGENT_VARIANTS = frozenset({"unreachable_cause"})
"""Variant params whose sentence is about the tool's set-up (endpoints, the chains file):
for the agent's notes, not the explanation a customer reads."""


def variant_lines(
    params: Mapping[str, object], agent_only: frozenset[str] = frozenset()
) -> list[str]:
    """Extra sentences picked by the params' values, in catalog order (customer's text)."""
    hidden = AGENT_VARIANTS | agent_only
    return _lines(params, lambda key: key not in hidden)


def agent_lines(
    params: Mapping[str, object], agent_only: frozenset[str] = frozenset()
) -> list[str]:
    """Extra sentences for the agent only, picked like ``variant_lines``."""
    shown = AGENT_VARIANTS | agent_only
    return _lines(params, lambda key: key in shown)


_VARIANT_ORDER = {key: position for position, key in enumerate(VARIANTS)}


def _lines(params: Mapping[str, object], wanted: Callable[[str], bool]) -> list[str]:
    """The sentences of the params that have variants, in catalog order: only the few
    params a finding has are looked at, not every variant of every catalog."""
    keys = sorted(
        (k for k in params if k in _VARIANT_ORDER and wanted(k)), key=_VARIANT_ORDER.__getitem__
    )
    return [
        VARIANTS[key][str(params[key])]
        for key in keys
        if params[key] is not None and str(params[key]) in VARIANTS[key]
    ]


__all__ = [
    "AGENT_VARIANTS",
    "ARTICLES",
    "SAFETY_NOTE",
    "TEXTS",
    "VARIANTS",
    "Article",
    "Catalog",
    "VerdictText",
    "agent_lines",
    "text_for",
    "variant_lines",
]
