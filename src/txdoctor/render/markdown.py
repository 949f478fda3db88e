"""The ticket reply as Markdown, for help desks that render it.

``markdown_text(report) -> str`` is a plain function of one report (``diagnose --format
markdown`` and ``batch``). Every piece of text, our sentences with chain strings inside them
included, is cleaned of control characters and then escaped, so a token named ``[claim](…)``
or ``<img …>`` stays literal text; only identifiers become code spans and only an explorer
URL of plain https characters becomes a link.
"""

from __future__ import annotations

import re

from txdoctor.advise.i18n import LABEL_LINE, translator
from txdoctor.advise.report import Report
from txdoctor.render.found import Kind, Line, found_lines, safety_notes
from txdoctor.render.sanitize import clean

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

    def labelled(label: str, value: str) -> str:
        return label_line.format(label=f"**{escape(label)}**", value=value)

    out = [f"### {escape(report.main.title, 200)}", ""]
    facts = ["- " + labelled(line.label, _value(line)) for line in found_lines(report)[1:]]
    out += [*facts, ""] if facts else []
    out += [labelled(_("What this means"), escape(report.main.summary))]
    if report.main.steps:
        out += ["", f"**{escape(_('Next steps:'))}**", ""]
        out += [f"{i}. {escape(step, 1000)}" for i, step in enumerate(report.main.steps, 1)]
    others = ["- " + labelled(a.title, escape(a.summary, 1000)) for a in report.advice[1:]]
    if others:
        out += ["", f"**{escape(_('Also:'))}**", "", *others]
    out += [item for note in safety_notes(report) for item in ("", f"> {escape(note)}")]
    return "\n".join(out) + "\n"


def _value(line: Line) -> str:
    if line.kind is Kind.ID and _IDENTIFIER.fullmatch(line.value):
        return f"`{line.value}`"
    if line.kind is Kind.LINK and _SAFE_URL.fullmatch(line.value):
        return f"<{line.value}>"
    return escape(line.value, 300)


def _escape_marker(marker: str) -> str:
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
