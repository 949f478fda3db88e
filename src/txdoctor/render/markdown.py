"""The ticket reply as Markdown, for help desks that render it.

``markdown_text(report) -> str`` is a plain function of one report (``diagnose --format
markdown`` and ``batch``), meant for the customer like ``reply``: the agent's notes are not
in it. Every piece of text, our sentences with chain strings inside them
included, is cleaned of control characters and then escaped, so a token named ``[claim](…)``
or ``<img …>`` stays literal text; chain text (revert reasons, token symbols) goes in code
spans with its URLs and domains defanged (render/untrusted.py), identifiers become code
spans and only an explorer URL of plain https characters becomes a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from txdoctor.advise.audience import for_customer
from txdoctor.advise.i18n import LABEL_LINE, translator
from txdoctor.advise.report import Report
from txdoctor.render.found import Kind, Line, found_lines, safety_notes
from txdoctor.render.frame import frame_for
from txdoctor.render.sanitize import clean
from txdoctor.render.untrusted import chain_texts, defang, defang_urls, split_chain_text

SEPARATOR = "\n---\n\n"
"""What separates two replies of one run."""

# Inline Markdown/HTML syntax (emphasis, code, links, HTML, entities, tables, strikethrough);
# backslash-escaping ASCII punctuation is valid CommonMark. "(", "!" only matter next to "[".
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# At the start of a line these would make a list, a heading, a quote or a rule.
_LINE_START = re.compile(r"^(\s*)(\d+[.)](?=\s|$)|[-+=#](?=\s|$)|>)")
_SAFE_URL = re.compile(r"https://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")
_IDENTIFIER = re.compile(r"[A-Za-z0-9]+")


def escape(text: str, limit: int = 2000) -> str:
    """``text`` cleaned of control characters and with Markdown syntax made literal."""
    text = _INLINE.sub(r"\\\1", clean(text, limit))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def markdown_text(report: Report) -> str:
    """The whole Markdown reply for one report, ending with a newline."""
    _ = translator(report.lang).gettext
    label_line = _(LABEL_LINE)
    chain = chain_texts(report)

    def labelled(label: str, value: str) -> str:
        return label_line.format(label=f"**{escape(label)}**", value=value)

    frame = frame_for(report.lang)
    out = [escape(frame.greeting, 500), ""] if frame.greeting else []
    out += [f"### {escape(report.main.title, 200)}", ""]
    facts = ["- " + labelled(line.label, _value(line, chain)) for line in found_lines(report)[1:]]
    out += [*facts, ""] if facts else []
    out += [labelled(_("What this means"), inline(report.main.summary, chain))]
    if report.main.steps:
        out += ["", f"**{escape(_('Next steps:'))}**", ""]
        out += [f"{i}. {inline(step, chain, 1000)}" for i, step in enumerate(report.main.steps, 1)]
    others = [
        "- " + labelled(a.title, inline(a.summary, chain, 1000))
        for f, a in zip(report.findings[1:], report.advice[1:], strict=True)
        if for_customer(f)
    ]
    if others:
        out += ["", f"**{escape(_('Also:'))}**", "", *others]
    out += [item for note in safety_notes(report) for item in ("", f"> {escape(note)}")]
    if frame.sign_off:  # a hard line break (two spaces) keeps each line of the sign-off
        out += ["", "  \n".join(escape(line, 500) for line in frame.sign_off.splitlines())]
    return "\n".join(out) + "\n"


def inline(text: str, chain: Sequence[str], limit: int = 2000) -> str:
    """A sentence of ours quoting chain text: ours escaped, the chain text defanged in
    code spans (no renderer makes a link inside one), cut to ``limit`` characters."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(
        code_span(clean(defang(piece), limit)) if is_chain else escape(defang_urls(piece), limit)
        for piece, is_chain in split_chain_text(text, chain)
    )


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _value(line: Line, chain: Sequence[str]) -> str:
    if line.kind is Kind.ID and _IDENTIFIER.fullmatch(line.value):
        return f"`{line.value}`"
    if line.kind is Kind.LINK:  # the chains file's explorer: written by txdoctor itself
        return f"<{line.value}>" if _SAFE_URL.fullmatch(line.value) else escape(line.value, 300)
    return inline(line.value, chain, 300)


def _escape_marker(marker: str) -> str:
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
