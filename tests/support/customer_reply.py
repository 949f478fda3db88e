"""What a customer reply must never carry, checked on replies rendered from real facts.

``check_customer_reply(report)`` renders the report's customer reply (plain and Markdown) in
every language and fails on: a verdict code or a failure kind, a CLI flag, the product name,
a note meant for the agent (an agent-only finding, an agent note or set-up step), a number
with more decimals than a person reads, a fee not rounded, a variant the glossary bans, or a
token transfer whose "To" line is not the person paid.
"""

from __future__ import annotations

import re
from dataclasses import replace

import catalog_tool
from txdoctor.advise import advise
from txdoctor.advise.audience import for_customer
from txdoctor.advise.i18n import LANGUAGES
from txdoctor.advise.numbers import AMOUNT_DECIMALS, FEE_DIGITS
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.facts import FailureKind
from txdoctor.render.markdown import escape, markdown_text
from txdoctor.render.reply import reply_text

CODES = re.compile(
    r"\b("
    + "|".join(sorted((v.value for v in Verdict), key=len, reverse=True))
    + "|"
    + "|".join(k.value for k in FailureKind if "_" in k.value)
    + r")\b"
)
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
DECIMAL = re.compile(r"(?<![\w.])\d[\d,]*\.(\d+)(?![\w.])")
# A token balance keeps its own precision up to Solana's 9 decimals; never wei's 18.
MAX_DECIMALS = max(AMOUNT_DECIMALS, 9)
FEE_LINE = {"en": "Fee paid: ", "zh-CN": "已付手续费：", "zh-TW": "已付手續費："}
TO_LINE = {"en": "To: ", "zh-CN": "收款地址：", "zh-TW": "收款地址："}


def in_language(report: Report, lang: str) -> Report:
    """The same report explained in ``lang`` (chain names as the report shows them)."""
    titles = {report.chain: report.chain_title} if report.chain and report.chain_title else {}
    return replace(
        report, lang=lang, advice=tuple(advise(f, lang, titles) for f in report.findings)
    )


def check_customer_reply(report: Report) -> None:
    """Fail (AssertionError) when a customer reply of ``report`` breaks a rule above."""
    strangers = _strangers_text(report)
    for lang in LANGUAGES:
        localized = in_language(report, lang)
        for text in (reply_text(localized), markdown_text(localized)):
            ours = _without(text, strangers)
            _check_text(localized, ours, lang)
        _check_parties(localized, reply_text(localized), lang)


def _check_text(report: Report, text: str, lang: str) -> None:
    assert "txdoctor" not in text.lower(), text
    assert not CODES.search(text), (CODES.search(text), text)
    assert not FLAG.search(text), (FLAG.search(text), text)
    for finding, advice in zip(report.findings[1:], report.advice[1:], strict=True):
        if not for_customer(finding):
            assert advice.summary not in text, (finding.code, text)
    for advice in report.advice:
        for note in (*advice.agent_notes, *advice.agent_steps):
            assert note not in text, (note, text)
    for match in DECIMAL.finditer(text):  # a few decimals, or a few significant digits (dust)
        digits = match.group(0).replace(",", "").replace(".", "").lstrip("0")
        assert len(match.group(1)) <= MAX_DECIMALS or len(digits) <= FEE_DIGITS, (
            match.group(0),
            text,
        )
    for line in text.splitlines():
        if line.startswith(FEE_LINE[lang]):
            digits = line.removeprefix(FEE_LINE[lang]).split()[0].replace(",", "")
            assert len(digits.replace(".", "").lstrip("0")) <= max(
                FEE_DIGITS, len(digits.split(".")[0])
            ), line
    if lang != "en":
        banned = catalog_tool.glossary()[lang]["banned"]
        found = [w for w in banned if not w.isascii() and w in text]
        assert not found, (found, text)


def _check_parties(report: Report, text: str, lang: str) -> None:
    facts = report.facts
    if facts is None:
        return
    direct = [t for t in facts.transfers if t.direct]
    if len(direct) == 1:
        assert TO_LINE[lang] + direct[0].recipient in text.splitlines(), text
    elif facts.recipient and not facts.transfers:
        assert TO_LINE[lang] + facts.recipient in text.splitlines(), text


def _strangers_text(report: Report) -> list[str]:
    """Chain strings and the pasted input: a token may call itself anything."""
    texts = [report.input]
    for finding in report.findings:
        texts += [
            str(v)
            for k, v in finding.params.items()
            if isinstance(v, str)
            and k
            in (
                "reason",
                "asset",
                "token_name",
                "program_log",
                "error_name",
                "ens_name",
                "reasons",
                "sol_error",
                "ix_error",
                "detail",
            )
        ]
    facts = report.facts
    if facts is not None:
        texts += [t.token.symbol or "" for t in facts.transfers]
    return sorted((t for t in texts if t), key=len, reverse=True)


def _without(text: str, strangers: list[str]) -> str:
    for piece in strangers:
        text = text.replace(escape(piece, 100_000), " ").replace(piece, " ")
    return text


__all__ = ["check_customer_reply", "in_language"]
