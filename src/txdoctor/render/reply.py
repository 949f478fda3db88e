"""A ticket reply an agent can paste as it is: what we found, what it means, what to do next.

``reply_text(report) -> str`` is a plain function of one report, so ``diagnose --format reply``
and ``batch`` (one reply per row) share it. Factual, in the report's language, for the
customer only: no codes, no notes about what could not be checked, no set-up steps (those are
in ``render.agent``). Chain strings are cleaned of control characters (plain text needs no
escaping), and their URLs and domains defanged: help desks turn bare URLs into links
(render/untrusted.py).
"""

from __future__ import annotations

from txdoctor.advise.audience import for_customer
from txdoctor.advise.i18n import LABEL_LINE, translator
from txdoctor.advise.report import Report
from txdoctor.render.found import Kind, found_lines, safety_notes
from txdoctor.render.frame import frame_for
from txdoctor.render.sanitize import clean
from txdoctor.render.untrusted import chain_texts, defanged

SEPARATOR = "\n" + "-" * 40 + "\n\n"
"""What separates two replies of one run."""


def reply_text(report: Report) -> str:
    """The whole reply for one report, ending with a newline."""
    _ = translator(report.lang).gettext
    label_line = _(LABEL_LINE)
    chain = chain_texts(report)
    frame = frame_for(report.lang)
    out = [clean(frame.greeting, 500), ""] if frame.greeting else []
    out += [
        label_line.format(
            label=line.label,
            value=clean(line.value if line.kind is Kind.LINK else defanged(line.value, chain), 300),
        )
        for line in found_lines(report)
    ]
    out += [
        "",
        label_line.format(
            label=_("What this means"), value=clean(defanged(report.main.summary, chain), 2000)
        ),
    ]
    if report.main.steps:
        out += ["", _("Next steps:")]
        out += [
            f"{i}. {clean(defanged(step, chain), 1000)}"
            for i, step in enumerate(report.main.steps, 1)
        ]
    others = [
        clean(label_line.format(label=a.title, value=defanged(a.summary, chain)), 1000)
        for f, a in zip(report.findings[1:], report.advice[1:], strict=True)
        if for_customer(f)
    ]
    if others:
        out += ["", _("Also:")] + [f"- {text}" for text in others]
    notes = safety_notes(report)
    if notes:
        out += ["", *notes]
    if frame.sign_off:
        out += ["", clean_lines(frame.sign_off, 500)]
    return "\n".join(out) + "\n"


def clean_lines(text: str, limit: int) -> str:
    """``text`` cleaned line by line: a sign-off keeps its line breaks."""
    return "\n".join(clean(line, limit) for line in text.splitlines())
