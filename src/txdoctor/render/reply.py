"""A ticket reply an agent can paste as it is: what we found, what it means, what to do next.

``reply_text(report) -> str`` is a plain function of one report, so ``diagnose --format reply``
and ``batch`` (one reply per row) share it. Greeting-free and factual, in the report's
language; chain strings are cleaned of control characters (plain text needs no escaping).
"""

from __future__ import annotations

from txdoctor.advise.i18n import LABEL_LINE, translator
from txdoctor.advise.report import Report
from txdoctor.render.found import found_lines, safety_notes
from txdoctor.render.sanitize import clean

SEPARATOR = "\n" + "-" * 40 + "\n\n"
"""What separates two replies of one run."""


def reply_text(report: Report) -> str:
    """The whole reply for one report, ending with a newline."""
    _ = translator(report.lang).gettext
    label_line = _(LABEL_LINE)
    out = [label_line.format(label=line.label, value=clean(line.value, 300))
           for line in found_lines(report)]
    out += ["", label_line.format(label=_("What this means"), value=clean(report.main.summary,
                                                                          2000))]
    if report.main.steps:
        out += ["", _("Next steps:")]
        out += [f"{i}. {clean(step, 1000)}" for i, step in enumerate(report.main.steps, 1)]
    others = [clean(label_line.format(label=a.title, value=a.summary), 1000)
              for a in report.advice[1:]]
    if others:
        out += ["", _("Also:")] + [f"- {text}" for text in others]
    notes = safety_notes(report)
    if notes:
        out += ["", *notes]
    return "\n".join(out) + "\n"
