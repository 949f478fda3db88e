"""Output formats of ``diagnose`` (``--format``), each a way to write one report at a time."""

from __future__ import annotations

from collections.abc import Callable

from txdoctor.advise.report import Report
from txdoctor.render.console import Terminal

FORMATS = ("human", "json", "reply", "markdown", "agent")


def text_renderer(fmt: str) -> tuple[Callable[[Report], str], str] | None:
    """``(Report -> str, separator)`` of a paste-ready text format, None for the others."""
    if fmt == "reply":
        from txdoctor.render import reply

        return reply.reply_text, reply.SEPARATOR
    if fmt == "agent":
        from txdoctor.render import agent

        return agent.agent_text, agent.SEPARATOR
    if fmt == "markdown":
        from txdoctor.render import markdown

        return markdown.markdown_text, markdown.SEPARATOR
    return None


class ReportWriter:
    """Writes each report as it is ready, in one format, to the terminal's stdout."""

    def __init__(self, fmt: str, terminal: Terminal) -> None:
        self.fmt = fmt
        self.terminal = terminal
        self._count = 0

    def prepare(self) -> None:
        """Load what writing takes (the human format's rich: ~50 ms), so that it can be done
        while the network answers rather than after. Only the render layer and the libraries
        it alone uses are loaded here; the lookups' own modules are left to their threads."""
        if text_renderer(self.fmt) is None:
            if self.fmt == "json":
                from txdoctor.render import jsonl  # noqa: F401
            else:
                from txdoctor.render import human  # noqa: F401

    def __call__(self, report: Report) -> None:
        """Write one report (a separator before every reply but the first)."""
        text = text_renderer(self.fmt)
        if text is not None:
            render, separator = text
            stream = self.terminal.stdout
            stream.write((separator if self._count else "") + render(report))
            stream.flush()
        elif self.fmt == "json":
            from txdoctor.render.jsonl import write_jsonl

            write_jsonl(report, self.terminal.stdout)
        else:
            from txdoctor.render.human import render_report

            render_report(report, self.terminal.out)
        self._count += 1
