"""Message catalogs: GNU gettext, one catalog per language under ``txdoctor/locale``."""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from txdoctor.core.messages import N_ as N_  # re-exported for the catalog modules

LANGUAGES = ("en", "zh-CN", "zh-TW")
LANG_ENV = "TXDOCTOR_LANG"


LABEL_LINE = N_("{label}: {value}")
"""A label and its value on one line (Chinese uses a full-width colon)."""


def join_sentences(sentences: Iterable[str], lang: str) -> str:
    """One paragraph: English puts a space between sentences, Chinese does not."""
    return ("" if lang.startswith("zh") else " ").join(sentences)


def list_separator(lang: str) -> str:
    """Between the items of a list in a sentence: Chinese uses the enumeration comma 、."""
    return "、" if lang.startswith("zh") else ", "


def join_list(items: Iterable[str], lang: str, conjunction: str = "and") -> str:
    """Items as a sentence names them: "A, B and C" ("or" for alternatives); "A、B、C" in
    Chinese, where the enumeration comma serves both."""
    names = list(items)
    if lang.startswith("zh") or len(names) < 2:
        return list_separator(lang).join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (falls back to the English text of the code)."""
    if lang == "en":
        return gettext.NullTranslations()
    localedir = str(Path(__file__).parents[1] / "locale")
    return gettext.translation(
        "txdoctor", localedir=localedir, languages=[lang.replace("-", "_")], fallback=True
    )


def resolve_language(flag: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang, then TXDOCTOR_LANG, then the locale, then English."""
    for candidate in (flag, environ.get(LANG_ENV), _locale_language(environ)):
        match = _match(candidate)
        if match:
            return match
    return "en"


def _locale_language(environ: Mapping[str, str]) -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(var):
            return environ[var].split(".")[0]
    return locale.getlocale()[0]


def _match(candidate: str | None) -> str | None:
    if not candidate:
        return None
    tag = candidate.replace("_", "-").lower()
    if tag.startswith("zh"):
        traditional = any(x in tag for x in ("tw", "hk", "mo", "hant"))
        return "zh-TW" if traditional else "zh-CN"
    if tag.startswith("en") or tag in ("c", "posix"):
        return "en"
    return None
