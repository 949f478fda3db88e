"""Ticket replies: the facts found, and chain strings made harmless for Markdown."""

from __future__ import annotations

import re
from decimal import Decimal

from txdoctor.advise import advise
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import Amount, TokenInfo, TokenStatus, TokenTransfer, TxFacts, TxState
from txdoctor.render.markdown import escape, markdown_text
from txdoctor.render.reply import reply_text

HASH = "0x" + "cd" * 32
SENDER = "0x" + "11" * 20
TOKEN = "0x" + "22" * 20
HOSTILE = "[claim](https://evil.example) <img src=x onerror=alert(1)> **now** `x` \x1b[31m|~~"


def report(finding: Finding, facts: TxFacts | None = None, lang: str = "en",
           url: str | None = f"https://etherscan.io/tx/{HASH}") -> Report:
    return Report(input=HASH, kind="transaction", value=HASH, findings=(finding,),
                  advice=(advise(finding, lang, {"ethereum": "Ethereum"}),), lang=lang,
                  chain="ethereum", chain_title="Ethereum", facts=facts, explorer_url=url)


def token_facts(symbol: str, status: TokenStatus) -> TxFacts:
    transfer = TokenTransfer(TokenInfo(TOKEN, symbol, "Tether USD", 6, status),
                             SENDER, SENDER, 1_500_000_000)
    return TxFacts(chain="ethereum", family="evm", hash=HASH, state=TxState.INCLUDED,
                   sender=SENDER, recipient=TOKEN, value=Amount(0, 18, "ETH"), success=True,
                   block_number=10, latest_block=30, required_confirmations=12,
                   fee_paid=Amount(441_000_000_000_000, 18, "ETH"), transfers=(transfer,))


def test_the_reply_states_chain_status_amount_token_and_link() -> None:
    facts = token_facts("USDT", TokenStatus.OFFICIAL)
    text = reply_text(report(Finding(Verdict.CONFIRMED, {"chain": "ethereum",
                                                         "confirmations": 21,
                                                         "required": 12}), facts))
    assert text.splitlines()[:4] == ["Result: Confirmed", "Network: Ethereum",
                                     f"Transaction: {HASH}",
                                     "Status: succeeded in block 10, 21 confirmations (12 needed)"]
    assert f"Token: 1,500 USDT (official contract {TOKEN})" in text
    assert "Fee paid: 0.000441 ETH" in text
    assert f"Explorer: https://etherscan.io/tx/{HASH}" in text
    assert "Next steps:\n1. If the recipient has not credited it" in text


def test_an_impostor_token_is_named_as_such_in_every_language() -> None:
    facts = token_facts("USDT", TokenStatus.IMPOSTOR)
    finding = Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 21,
                                          "required": 12})
    assert f"1,500 USDT: NOT the official token (contract {TOKEN})" in reply_text(
        report(finding, facts))
    assert "1,500 USDT：不是官方代币" in reply_text(report(finding, facts, "zh-CN"))
    assert "1,500 USDT：不是官方代幣" in reply_text(report(finding, facts, "zh-TW"))


def test_chain_strings_cannot_inject_markdown_html_or_terminal_codes() -> None:
    finding = Finding(Verdict.FAILED_REVERTED, {"chain": "ethereum", "reason": HOSTILE,
                                                "fee": Decimal("0.1"), "symbol": "ETH"})
    facts = token_facts(HOSTILE, TokenStatus.UNLISTED)
    text = markdown_text(report(finding, facts))
    for raw in (r"\[claim\]", r"\<img", r"\*\*now", r"\`x", "\x1b", r"\~\~"):
        assert re.search(r"(?<!\\)" + raw, text) is None, raw
    assert r"\[claim\](https://evil.example) \<img src=x onerror=alert(1)\>" in text
    assert "\x1b" not in reply_text(report(finding, facts))


def test_identifiers_become_code_and_only_a_plain_https_explorer_url_a_link() -> None:
    finding = Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 21,
                                          "required": 12})
    text = markdown_text(report(finding))
    assert f"- **Transaction**: `{HASH}`" in text
    assert f"- **Explorer**: <https://etherscan.io/tx/{HASH}>" in text
    odd = markdown_text(report(finding, url="https://x.example/tx/<b>)"))
    assert "<https://x.example" not in odd
    assert r"https://x.example/tx/\<b\>)" in odd


def test_markdown_escaping_neutralises_line_starts() -> None:
    assert escape("# title") == r"\# title"
    assert escape("1. item") == r"1\. item"
    assert escape("- item") == r"\- item"
    assert escape("> quote") == r"\> quote"
    assert escape("0.5 ETH (fee)") == "0.5 ETH (fee)"
