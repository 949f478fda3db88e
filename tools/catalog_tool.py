"""Maintainer tool for the message catalogs (docs/i18n.md).

``python tools/catalog_tool.py update`` extracts every ``N_()``/``_()``/``gettext()``
message from ``src/txdoctor``, merges it into ``locale/<lang>/LC_MESSAGES/txdoctor.po`` (keeping
existing translations, dropping messages no code uses), compiles the ``.mo`` files and
regenerates ``docs/verdicts/<lang>/``. ``check`` changes nothing and exits 1 listing every
problem: a message without a translation, a translation no code uses, ``{fields}`` that differ,
a stale ``.mo`` or stale docs. ``missing [LANG]`` prints the untranslated messages.

Babel is only needed here (a development dependency); the runtime reads the ``.mo`` files with
the standard library's gettext.
"""

from __future__ import annotations

import io
import re
import string
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "txdoctor"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "txdoctor"
LOCALES = {"zh-CN": "zh_CN", "zh-TW": "zh_TW"}  # --lang value -> gettext directory
KEYWORDS: dict[str, None] = {"N_": None, "_": None, "gettext": None}
COMMENT_TAG = "TRANSLATORS:"
# Fixed dates keep the files byte-stable: only real changes show up in a diff.
STABLE_DATE = datetime(2025, 1, 1, tzinfo=UTC)
PO_WIDTH = 100
HEADER = (
    "# {language} messages of txdoctor.\n"
    "# Managed by `python tools/catalog_tool.py update`: edit msgstr only\n"
    "# (docs/i18n.md).\n#"
)
LANGUAGE_NAMES = {"zh_CN": "Simplified Chinese (zh-CN)", "zh_TW": "Traditional Chinese (zh-TW)"}

# Words that betray a character conversion of Simplified text instead of Taiwan usage
# (/work/shared/reference/glossary-zh.md), and exclamation marks (no shouting at users).
TW_AVOID = ("網絡", "賬", "信息", "軟件", "激活", "設置", "默認", "用戶", "視頻", "質量")
NO_EXCLAMATION = ("!", "！")


def po_path(directory: str) -> Path:
    """The .po file of a gettext locale directory name (zh_CN, zh_TW)."""
    return LOCALE_DIR / directory / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> PoCatalog:
    """Every translatable message of the source tree, as a template catalog."""
    template = PoCatalog(domain=DOMAIN, project=DOMAIN, creation_date=STABLE_DATE, fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        if isinstance(message, str) and message:
            template.add(
                message,
                None,
                [(f"src/{DOMAIN}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def read_catalog(directory: str) -> PoCatalog:
    """The .po file of ``directory`` (an empty catalog if it does not exist yet)."""
    path = po_path(directory)
    if not path.exists():
        return PoCatalog(locale=directory, domain=DOMAIN, project=DOMAIN, fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=directory, domain=DOMAIN)


def po_bytes(catalog: PoCatalog, directory: str) -> bytes:
    """The .po text exactly as ``update`` writes it."""
    catalog.header_comment = HEADER.format(language=LANGUAGE_NAMES[directory])
    catalog.project, catalog.version = DOMAIN, "catalog"
    catalog.msgid_bugs_address = catalog.last_translator = "txdoctor maintainers"
    catalog.language_team = LANGUAGE_NAMES[directory]
    catalog.creation_date = STABLE_DATE
    catalog.revision_date = STABLE_DATE
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, ignore_obsolete=True, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: PoCatalog) -> bytes:
    """The compiled form the runtime loads (fuzzy and empty translations left out)."""
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> dict[str, list[str]]:
    """Merge the extracted messages into every .po, compile the .mo files, write the docs.

    Returns the untranslated messages per language.
    """
    template = extract()
    missing: dict[str, list[str]] = {}
    for lang, directory in LOCALES.items():
        catalog = read_catalog(directory)
        catalog.update(template, update_creation_date=False)
        path = po_path(directory)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(path, po_bytes(catalog, directory))
        if stale_mo(directory):
            path.with_suffix(".mo").write_bytes(mo_bytes(read_catalog(directory)))
        missing[lang] = untranslated(read_catalog(directory))
    write_docs()
    return missing


def untranslated(catalog: PoCatalog) -> list[str]:
    """Messages with no translation or a fuzzy one (fuzzy ones are not used at runtime)."""
    return [str(m.id) for m in _messages(catalog) if not m.string or m.fuzzy]


def check() -> list[str]:
    """Every problem of the catalogs and the generated docs; empty when all is well."""
    used = {str(m.id) for m in _messages(extract())}
    problems: list[str] = []
    for lang, directory in LOCALES.items():
        catalog = read_catalog(directory)
        problems += [f"{lang}: not translated: {m!r}" for m in missing_messages(catalog, used)]
        problems += [f"{lang}: no code uses: {m!r}" for m in unused_messages(catalog, used)]
        problems += [f"{lang}: {p}" for p in placeholder_problems(catalog)]
        problems += [f"{lang}: {p}" for p in style_problems(catalog, lang)]
        if stale_mo(directory):
            problems.append(
                f"{lang}: {po_path(directory).with_suffix('.mo').name} is older "
                "than the .po: run the catalog tool's update"
            )
    problems += [f"docs out of date: {path}" for path in stale_docs()]
    return problems


def missing_messages(catalog: PoCatalog, used: Iterable[str]) -> list[str]:
    """Messages the code uses that ``catalog`` does not translate (or only fuzzily)."""
    known = {str(m.id): m for m in _messages(catalog)}
    return [m for m in sorted(used) if m not in known or not known[m].string or known[m].fuzzy]


def unused_messages(catalog: PoCatalog, used: Iterable[str]) -> list[str]:
    """Messages of ``catalog`` that no code uses any more."""
    wanted = set(used)
    return [str(m.id) for m in _messages(catalog) if str(m.id) not in wanted]


def placeholder_problems(catalog: PoCatalog) -> list[str]:
    """Translations whose ``{fields}`` differ from the English text's (fuzzy ones, unused at
    run time, are reported as untranslated instead)."""
    return [
        f"fields {sorted(fields(str(m.string)))} != {sorted(fields(str(m.id)))} in {str(m.id)!r}"
        for m in _messages(catalog)
        if m.string and not m.fuzzy and fields(str(m.string)) != fields(str(m.id))
    ]


def fields(text: str) -> set[str]:
    """The ``{names}`` a str.format template fills (``{{`` escapes excluded)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def style_problems(catalog: PoCatalog, lang: str) -> list[str]:
    """Exclamation marks anywhere; Simplified-only words in the Taiwan catalog; a variant the
    glossary bans (``locale/glossary.yaml``)."""
    problems = []
    banned = glossary().get(lang, {}).get("banned", {})
    for message in _messages(catalog):
        text = str(message.string)
        if any(mark in text for mark in NO_EXCLAMATION):
            problems.append(f"exclamation mark in the translation of {str(message.id)!r}")
        if lang == "zh-TW":
            problems += [
                f"{word!r} is not Taiwan usage, in the translation of {str(message.id)!r}"
                for word in TW_AVOID
                if word in text
            ]
        problems += [
            f"{word!r} is banned by the glossary (write {banned[word]!r}), in the "
            f"translation of {str(message.id)!r}"
            for word in banned
            if banned_in(word, text)
        ]
    return problems


GLOSSARY = LOCALE_DIR / "glossary.yaml"
# Field names ({nonce}, {blocking_nonce}) are code, not words: only a bare word counts.
_BARE_WORD = r"(?<![{{_A-Za-z]){word}(?![_A-Za-z}}])"


def glossary() -> dict[str, dict[str, dict[str, str]]]:
    """The glossary per language: ``terms`` (what to write) and ``banned`` (variant -> word)."""
    import yaml

    loaded = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def banned_in(word: str, text: str) -> bool:
    """Whether the glossary's banned ``word`` occurs in ``text`` (a Latin word only whole)."""
    if word.isascii() and word.isalpha():
        return re.search(_BARE_WORD.format(word=re.escape(word)), text) is not None
    return word in text


def stale_mo(directory: str) -> bool:
    """True when the .mo does not translate exactly the messages the .po does.

    The parsed messages are compared, not the bytes: a newer Babel writes
    its own version into the header, which changes nothing anyone sees.
    """
    mo = po_path(directory).with_suffix(".mo")
    if not mo.exists():
        return True
    with mo.open("rb") as file:
        compiled = read_mo(file)
    return _po_messages(compiled) != _po_messages(read_catalog(directory))


def _po_messages(catalog: PoCatalog) -> dict[str, str]:
    """The translations a .mo of ``catalog`` holds: non-fuzzy, non-empty ones, header left out."""
    return {str(m.id): str(m.string) for m in _messages(catalog) if m.string and not m.fuzzy}


# ---------------------------------------------------------------------- verdict docs
DOCS_DIR = REPO / "docs" / "verdicts"


def generated_docs() -> dict[Path, str]:
    """Every file of docs/verdicts/<lang>/ as the knowledge base renders it now."""
    from txdoctor.advise import knowledge
    from txdoctor.advise.i18n import LANGUAGES, translator
    from txdoctor.render.canned import article_page

    translator.cache_clear()  # a .mo written by this process must be read again
    docs: dict[Path, str] = {}
    for lang in LANGUAGES:
        folder = DOCS_DIR / lang
        docs[folder / "README.md"] = knowledge.index_markdown(lang)
        for code in knowledge.codes():
            docs[folder / f"{code.value}.md"] = article_page(code, lang)
    return docs


def write_docs() -> None:
    """Write docs/verdicts/ and delete articles of codes that no longer exist."""
    docs = generated_docs()
    for path, text in docs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(path, text.encode("utf-8"))
    for path in DOCS_DIR.glob("*/*.md"):
        if path not in docs:
            path.unlink()


def stale_docs() -> list[str]:
    """Files of docs/verdicts/ that differ from what the code generates (or should not exist)."""
    docs = generated_docs()
    stale = [
        path for path, text in docs.items() if not path.exists() or path.read_text("utf-8") != text
    ]
    stale += [path for path in DOCS_DIR.glob("*/*.md") if path not in docs]
    return sorted(str(path.relative_to(REPO)) for path in stale)


# ---------------------------------------------------------------------- helpers
def _messages(catalog: PoCatalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _print_missing(missing: dict[str, list[str]], say: Callable[[str], None]) -> None:
    for lang, messages in missing.items():
        say(f"{lang}: {len(messages)} message(s) to translate")
        for message in messages:
            say("  " + re.sub(r"\s+", " ", message))


def main(argv: Sequence[str] | None = None) -> int:
    """``update`` | ``check`` | ``missing [LANG]``; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else ""
    if command == "update":
        _print_missing(update(), print)
        return 0
    if command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        print("catalogs OK" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    if command == "missing":
        langs = args[1:] or list(LOCALES)
        used = {str(m.id) for m in _messages(extract())}
        _print_missing(
            {lang: missing_messages(read_catalog(LOCALES[lang]), used) for lang in langs}, print
        )
        return 0
    print("usage: python tools/catalog_tool.py update | check | missing [LANG]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
