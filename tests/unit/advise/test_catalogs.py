"""The gettext catalogs: complete, no dead messages, same {fields}, compiled, docs in step.

The catalog tool (python tools/catalog_tool.py update) fixes most of these; the
translations themselves are written by hand (docs/i18n.md).
"""

from __future__ import annotations

import gettext
from functools import cache

import pytest
from babel.messages.catalog import Catalog as PoCatalog

import catalog_tool
from txdoctor.advise import catalog
from txdoctor.advise.catalog import ARTICLES, FAMILY_TEXTS, TEXTS, VARIANTS
from txdoctor.advise.catalog.inputs import PROBLEM_LINES
from txdoctor.advise.i18n import translator
from txdoctor.advise.input_problems import line_key
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.input.model import Problem

CHINESE = list(catalog_tool.LOCALES)


@cache
def po(lang: str) -> PoCatalog:
    return catalog_tool.read_catalog(catalog_tool.LOCALES[lang])


@cache
def used_messages() -> frozenset[str]:
    return frozenset(str(m.id) for m in catalog_tool.extract() if m.id)


def verdict_messages(code: Verdict) -> list[str]:
    """Every English message that can be shown for ``code``."""
    texts = [TEXTS[code], *(t for (_, c), t in FAMILY_TEXTS.items() if c is code)]
    messages = [
        m
        for t in texts
        for m in (
            t.title,
            t.summary,
            *t.steps,
            t.safety,
            *t.agent_steps,
            *(s for w in t.when.values() for s in w),
            t.note,
        )
        if m
    ]
    article = ARTICLES.get(code)
    if article is not None:
        messages += [
            article.meaning,
            article.details,
            article.detection,
            *article.actions,
            *article.avoid,
        ]
    return messages


def translated(lang: str, message: str) -> bool:
    entry = po(lang).get(message)
    return entry is not None and bool(entry.string) and not entry.fuzzy


@pytest.mark.parametrize("lang", CHINESE)
def test_every_message_the_code_uses_is_translated(lang: str) -> None:
    assert catalog_tool.missing_messages(po(lang), used_messages()) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_no_catalog_message_is_left_that_no_code_uses(lang: str) -> None:
    assert catalog_tool.unused_messages(po(lang), used_messages()) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_translations_keep_exactly_the_fields_of_the_english_text(lang: str) -> None:
    assert catalog_tool.placeholder_problems(po(lang)) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_translations_have_no_exclamation_marks_and_taiwan_usage(lang: str) -> None:
    assert catalog_tool.style_problems(po(lang), lang) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_the_compiled_mo_is_exactly_what_the_po_compiles_to(lang: str) -> None:
    assert not catalog_tool.stale_mo(catalog_tool.LOCALES[lang]), (
        "run: python tools/catalog_tool.py update"
    )


def test_verdict_docs_are_generated_from_the_catalogs() -> None:
    assert catalog_tool.stale_docs() == [], "run: python tools/catalog_tool.py update"


@pytest.mark.parametrize("code", list(Verdict))
def test_every_verdict_has_an_explanation_and_an_article(code: Verdict) -> None:
    assert code in TEXTS, f"{code} has no VerdictText in any advise/catalog module"
    assert code in ARTICLES, f"{code} has no Article for txdoctor explain"


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize("code", list(Verdict))
def test_every_message_of_every_verdict_is_translated(code: Verdict, lang: str) -> None:
    missing = [m for m in verdict_messages(code) if not translated(lang, m)]
    assert missing == []


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize(
    ("param", "value"), [(p, v) for p, by_value in VARIANTS.items() for v in by_value]
)
def test_every_variant_sentence_is_translated(param: str, value: str, lang: str) -> None:
    assert translated(lang, VARIANTS[param][value])


@pytest.mark.parametrize("lang", CHINESE)
@pytest.mark.parametrize("key", sorted(PROBLEM_LINES))
def test_every_input_problem_sentence_is_translated(key: str, lang: str) -> None:
    assert translated(lang, PROBLEM_LINES[key])


@pytest.mark.parametrize("problem", [p for p in Problem if p is not Problem.UNRECOGNIZED])
def test_every_input_problem_code_has_its_own_sentence(problem: Problem) -> None:
    assert line_key({"input_problem": problem.value}) is not None


def test_the_runtime_reads_the_compiled_catalogs_with_the_standard_library() -> None:
    title = TEXTS[Verdict.WRONG_NETWORK].title
    assert isinstance(translator("zh-CN"), gettext.GNUTranslations)
    assert translator("zh-CN").gettext(title) == "转错网络"
    assert translator("zh-TW").gettext(title) == "轉錯網路"
    assert translator("en").gettext(title) == title


def test_the_safety_notes_are_in_the_catalog_module_list() -> None:
    notes = {t.safety for t in TEXTS.values() if t.safety}
    assert catalog.SAFETY_NOTE in notes
