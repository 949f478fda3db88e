"""Every verdict renders in English, Simplified and Traditional Chinese in the human view,
the ticket reply and the Markdown reply. Parametrized over ``Verdict`` (and each family's own
wording), so a new code is covered without touching this file."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from rich.console import Console

from catalog_tool import fields
from txdoctor.advise import advise
from txdoctor.advise.catalog import FAMILY_TEXTS, TEXTS, text_for
from txdoctor.advise.i18n import LANGUAGES, translator
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.render.frame import frame_for
from txdoctor.render.human import report_view
from txdoctor.render.markdown import markdown_text
from txdoctor.render.reply import reply_text

HASH = "0x" + "ab" * 32
CJK = re.compile(r"[\u4e00-\u9fff]")
CASES = [(code, None) for code in Verdict] + sorted(
    ((code, family) for family, code in FAMILY_TEXTS), key=str
)


def sample_params(code: Verdict, family: str | None) -> dict[str, Param]:
    """A value for every field the verdict's sentences use: numbers as Decimal, text marked."""
    text = text_for(code, family) if code in TEXTS else None
    # Not the fields of ``when`` steps: setting them would pick those steps instead.
    messages = (text.summary, *text.steps, *text.agent_steps, text.note or "") if text else ()
    names = set().union(*(fields(m) for m in messages))
    return {
        name: Decimal("1234.5") if name.endswith(("fee", "gwei", "cost", "amount")) else f"S-{name}"
        for name in names
    }


def report_for(code: Verdict, family: str | None, lang: str) -> Report:
    finding = Finding(code, sample_params(code, family), family=family)
    return Report(
        input=HASH,
        kind="transaction",
        value=HASH,
        findings=(finding,),
        advice=(advise(finding, lang),),
        lang=lang,
        chain="ethereum",
        chain_title="Ethereum",
        explorer_url=f"https://etherscan.io/tx/{HASH}",
    )


def human(report: Report) -> str:
    stream = io.StringIO()
    Console(file=stream, width=400, color_system=None).print(report_view(report))
    return stream.getvalue()


def flat(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", " ".join(text.split()))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("code", "family"), CASES)
def test_every_verdict_renders_in_every_format(
    code: Verdict, family: str | None, lang: str
) -> None:
    report = report_for(code, family, lang)
    advice = report.main
    for name, value in sample_params(code, family).items():
        if isinstance(value, str):
            assert value in " ".join(
                (advice.summary, *advice.steps, *advice.agent_steps, *advice.agent_notes)
            ), name
    # Chain text is in code spans in Markdown: the backticks are not part of the sentence.
    for output in (human(report), reply_text(report), markdown_text(report).replace("`", "")):
        text = flat(output)
        assert flat(advice.title) in text
        assert flat(advice.summary) in text
        assert all(flat(step) in text for step in advice.steps)
        assert "{" not in text.replace(HASH, "")


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW"])
@pytest.mark.parametrize(("code", "family"), CASES)
def test_chinese_output_is_translated_not_english(
    code: Verdict, family: str | None, lang: str
) -> None:
    english = report_for(code, family, "en").main
    chinese = report_for(code, family, lang).main
    for en, zh in (
        (english.title, chinese.title),
        (english.summary, chinese.summary),
        *zip(english.steps, chinese.steps, strict=True),
    ):
        assert zh != en and CJK.search(zh), zh


def test_simplified_and_traditional_are_different_texts() -> None:
    cn = report_for(Verdict.WRONG_NETWORK, None, "zh-CN").main.summary
    tw = report_for(Verdict.WRONG_NETWORK, None, "zh-TW").main.summary
    assert "网络" in cn and "账户" in cn
    assert "網路" in tw and "帳戶" in tw


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reply_ends_with_the_safety_note_when_the_verdict_has_one(lang: str) -> None:
    note = translator(lang).gettext(TEXTS[Verdict.WRONG_NETWORK].safety or "")
    assert note
    sign_off = frame_for(lang).sign_off
    assert (
        reply_text(report_for(Verdict.WRONG_NETWORK, None, lang))
        .rstrip()
        .endswith(f"{note}\n\n{sign_off}")
    )
    assert note not in reply_text(report_for(Verdict.CONFIRMED, None, lang))
