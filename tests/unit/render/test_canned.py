"""The knowledge base's canned replies: one example ticket and its reply per verdict and
language, generated from the catalogs (docs/verdicts/, kept in step by test_catalogs), and
held to the same rules as any customer reply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.customer_reply import check_customer_reply
from txdoctor.advise.i18n import LANGUAGES
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.render.canned import canned_markdown, example_report

DOCS = Path(__file__).resolve().parents[3] / "docs" / "verdicts"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", list(Verdict))
def test_every_verdict_has_a_ticket_and_its_reply_in_the_docs(code: Verdict, lang: str) -> None:
    section = "\n".join(canned_markdown(code, lang))
    assert "{" not in section
    assert not re.search(r"[:：] ?-( |$)|[(（]-[)）]", section, re.MULTILINE), section  # no gap
    page = (DOCS / lang / f"{code.value}.md").read_text("utf-8")
    assert page.endswith(section + "\n") or page.endswith(section)
    report = example_report(code, lang)
    assert code in {f.code for f in report.findings}
    assert report.advice[0].title in section


@pytest.mark.parametrize("code", list(Verdict))
def test_every_canned_reply_follows_the_customer_rules(code: Verdict) -> None:
    check_customer_reply(example_report(code, "en"))
