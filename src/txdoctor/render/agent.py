"""``--format agent``: the customer's reply, then a block for the agent alone.

The block carries what the reply leaves out on purpose: the verdict codes, every secondary
finding (a status already shown, checks that could not be run and why), steps about the
tool's set-up and which networks answered. It is marked so it is not pasted by mistake.
"""

from __future__ import annotations

from txdoctor.advise.i18n import LABEL_LINE, N_, list_separator, translator
from txdoctor.advise.knowledge import SEVERITY_WORDS
from txdoctor.advise.report import Report
from txdoctor.render.reply import reply_text
from txdoctor.render.sanitize import clean

SEPARATOR = "\n" + "=" * 40 + "\n\n"
"""What separates two reports of one run."""

AGENT_HEADER = N_("For the agent only: do not paste below this line")
CODES = N_("Verdict codes")
CODE_ITEM = N_("{code} ({severity})")
FINDINGS = N_("All findings:")
SETUP = N_("Set-up:")
CHECKED = N_("Networks checked")


def agent_text(report: Report) -> str:
    """The reply as the customer gets it, then the agent's notes, ending with a newline."""
    _ = translator(report.lang).gettext
    label_line = _(LABEL_LINE)
    out = [reply_text(report).rstrip("\n"), "", "-" * 8 + " " + _(AGENT_HEADER) + " " + "-" * 8]
    out.append(
        label_line.format(
            label=_(CODES),
            value=list_separator(report.lang).join(
                _(CODE_ITEM).format(code=f.code.value, severity=_(SEVERITY_WORDS[f.severity]))
                for f in report.findings
            ),
        )
    )
    out += ["", _(FINDINGS)]
    for finding, advice in zip(report.findings, report.advice, strict=True):
        text = label_line.format(label=advice.title, value=advice.summary)
        out.append(f"- [{finding.code.value}] {clean(text, 2000)}")
        out += [f"  {clean(note, 1000)}" for note in advice.agent_notes]
    setup = [step for advice in report.advice for step in advice.agent_steps]
    if setup:
        out += ["", _(SETUP)]
        out += [f"- {clean(step, 1000)}" for step in dict.fromkeys(setup)]
    if report.checked:
        out += [
            "",
            label_line.format(
                label=_(CHECKED),
                value=list_separator(report.lang).join(
                    f"{clean(chain, 60)}: {status.value}"
                    for chain, status in report.checked.items()
                ),
            ),
        ]
    return "\n".join(out) + "\n"
