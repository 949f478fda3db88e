"""The knowledge base for people: ``txdoctor codes`` (a table) and ``txdoctor explain``."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from txdoctor.advise import knowledge
from txdoctor.advise.i18n import LABEL_LINE, translator
from txdoctor.diagnose.verdicts import SEVERITY, Verdict
from txdoctor.render.human import STYLE


def codes_table(lang: str) -> Table:
    """Every verdict code with its severity and one-line meaning."""
    _ = translator(lang).gettext
    table = Table(box=None, padding=(0, 2, 0, 0), pad_edge=False)
    for heading in (knowledge.CODE_HEADING, knowledge.SEVERITY_LABEL, knowledge.MEANING_HEADING):
        table.add_column(_(heading), overflow="fold")
    for code in knowledge.codes():
        article = knowledge.article(code, lang)
        table.add_row(
            Text(code.value, style="bold"),
            Text(article.severity, style=STYLE[SEVERITY[code]]),
            article.meaning,
        )
    return table


def codes_rows(lang: str) -> list[dict[str, str]]:
    """``codes --json``: one object per code."""
    rows = []
    for code in knowledge.codes():
        article = knowledge.article(code, lang)
        rows.append(
            {
                "code": code.value,
                "severity": SEVERITY[code].value,
                "title": article.title,
                "meaning": article.meaning,
            }
        )
    return rows


def article_view(code: Verdict, lang: str) -> RenderableType:
    """The article of ``code``: meaning, how it is detected, what to do and not to do."""
    _ = translator(lang).gettext
    a = knowledge.article(code, lang)
    parts: list[RenderableType] = [
        Text(f"{a.code.value} · {a.title}", style=STYLE[SEVERITY[code]]),
        Text(
            _(LABEL_LINE).format(label=_(knowledge.SEVERITY_LABEL), value=a.severity), style="dim"
        ),
        Text(a.meaning),
        Text(""),
    ]
    sections: list[tuple[str, RenderableType | None]] = [
        ("details", Text(a.details) if a.details else None),
        ("detection", Text(a.detection) if a.detection else None),
        ("actions", _listing([f"{i}." for i in range(1, len(a.actions) + 1)], a.actions)),
        ("avoid", _listing(["-"] * len(a.avoid), a.avoid)),
    ]
    for key, body in sections:
        if body is not None:
            parts += [Text(_(knowledge.HEADINGS[key]), style="bold"), body, Text("")]
    return Group(*parts)


def _listing(markers: list[str], items: tuple[str, ...]) -> Table | None:
    """A list whose wrapped lines stay indented under their item."""
    if not items:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for marker, item in zip(markers, items, strict=True):
        grid.add_row(f" {marker}", Text(item))
    return grid
