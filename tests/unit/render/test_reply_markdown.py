"""Ticket replies: the facts found, and chain strings made harmless for Markdown."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from markdown_it import MarkdownIt

from txdoctor.advise import advise
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import Amount, TokenInfo, TokenStatus, TokenTransfer, TxFacts, TxState
from txdoctor.render.markdown import escape, markdown_text
from txdoctor.render.reply import reply_text
from txdoctor.render.untrusted import defanged

HASH = "0x" + "cd" * 32
SENDER = "0x" + "11" * 20
TOKEN = "0x" + "22" * 20
PAYEE = "0x" + "33" * 20
HOSTILE = "[claim](https://evil.example) <img src=x onerror=alert(1)> **now** `x` \x1b[31m|~~"


def report(
    finding: Finding,
    facts: TxFacts | None = None,
    lang: str = "en",
    url: str | None = f"https://etherscan.io/tx/{HASH}",
) -> Report:
    return Report(
        input=HASH,
        kind="transaction",
        value=HASH,
        findings=(finding,),
        advice=(advise(finding, lang, {"ethereum": "Ethereum"}),),
        lang=lang,
        chain="ethereum",
        chain_title="Ethereum",
        facts=facts,
        explorer_url=url,
    )


def token_facts(symbol: str, status: TokenStatus) -> TxFacts:
    transfer = TokenTransfer(
        TokenInfo(TOKEN, symbol, "Tether USD", 6, status), SENDER, PAYEE, 1_500_000_000, direct=True
    )
    return TxFacts(
        chain="ethereum",
        family="evm",
        hash=HASH,
        state=TxState.INCLUDED,
        sender=SENDER,
        recipient=TOKEN,
        value=Amount(0, 18, "ETH"),
        success=True,
        block_number=10,
        latest_block=30,
        required_confirmations=12,
        fee_paid=Amount(441_000_000_000_000, 18, "ETH"),
        transfers=(transfer,),
    )


def test_the_reply_states_chain_status_amount_token_and_link() -> None:
    facts = token_facts("USDT", TokenStatus.OFFICIAL)
    text = reply_text(
        report(
            Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 21, "required": 12}),
            facts,
        )
    )
    assert text.splitlines()[:6] == [
        "Hello,",
        "",
        "Result: Confirmed",
        "Network: Ethereum",
        f"Transaction: {HASH}",
        "Status: succeeded in block 10, 21 confirmations (12 needed)",
    ]
    assert "Token: 1,500 USDT (official token)" in text
    assert f"Token contract: {TOKEN}" in text
    assert "Fee paid: 0.000441 ETH" in text
    assert f"Explorer: https://etherscan.io/tx/{HASH}" in text
    assert "Next steps:\n1. If the recipient has not credited it" in text


def test_the_recipient_of_a_token_transfer_is_the_person_paid_not_the_contract() -> None:
    facts = token_facts("USDT", TokenStatus.OFFICIAL)
    finding = Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 21, "required": 12})
    labels = {
        "en": ("To:", "Token contract:"),
        "zh-CN": ("收款地址：", "代币合约地址："),
        "zh-TW": ("收款地址：", "代幣合約地址："),
    }
    for lang, (to, contract) in labels.items():
        lines = reply_text(report(finding, facts, lang)).splitlines()
        assert any(line.endswith(PAYEE) and line.startswith(to) for line in lines), lang
        assert not any(line.startswith(to) and TOKEN in line for line in lines), lang
        assert any(line.startswith(contract) and line.endswith(TOKEN) for line in lines)
        markdown = markdown_text(report(finding, facts, lang))
        assert f"**{to[:-1]}**" in markdown and f"`{PAYEE}`" in markdown, lang


def test_an_impostor_token_is_named_as_such_in_every_language() -> None:
    facts = token_facts("USDT", TokenStatus.IMPOSTOR)
    finding = Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 21, "required": 12})
    assert f"1,500 USDT: NOT the official token\nToken contract: {TOKEN}" in reply_text(
        report(finding, facts)
    )
    assert "1,500 USDT：不是官方代币" in reply_text(report(finding, facts, "zh-CN"))
    assert "1,500 USDT：不是官方代幣" in reply_text(report(finding, facts, "zh-TW"))


def test_chain_strings_cannot_inject_markdown_html_or_terminal_codes() -> None:
    finding = Finding(
        Verdict.FAILED_REVERTED,
        {"chain": "ethereum", "reason": HOSTILE, "fee": Decimal("0.1"), "symbol": "ETH"},
    )
    facts = token_facts(HOSTILE, TokenStatus.UNLISTED)
    text = markdown_text(report(finding, facts))
    html = MarkdownIt("gfm-like").render(text)
    # Chain text sits in code spans: literal, defanged, never a link, an image or markup.
    assert "<img" not in html and "<strong>now" not in html and "<del>" not in html
    assert [
        href
        for href in re.findall(r'href="([^"]*)"', html)
        if not href.startswith("https://etherscan.io/tx/")
    ] == []
    assert "<code>[claim](hxxps://evil[.]example) &lt;img src=x onerror=alert(1)&gt;" in html
    assert "\x1b" not in text and "\x1b" not in reply_text(report(finding, facts))


@pytest.mark.parametrize(
    "chain_text",
    [
        "Refund available: visit https://evil.example/claim",
        "www.claim-usdt.io",
        "claim-usdt.io",
        "HTTPS://EVIL.EXAMPLE/x",
        "support@claim-usdt.io",
        "evil\u3002example/claim",
    ],
)
def test_chain_urls_and_domains_are_no_links_when_a_help_desk_renders_the_reply(
    chain_text: str,
) -> None:
    # A revert reason and a token symbol, both a stranger's text (issue 12, case 4).
    finding = Finding(
        Verdict.FAILED_REVERTED,
        {"chain": "ethereum", "reason": chain_text, "fee": Decimal("0.1"), "symbol": "ETH"},
    )
    rendered = report(finding, token_facts(chain_text, TokenStatus.UNLISTED))
    bare = MarkdownIt("gfm-like").render(reply_text(rendered))  # plain replies get linked too
    for html in (MarkdownIt("gfm-like").render(markdown_text(rendered)), bare):
        links = re.findall(r'href="([^"]*)"', html)
        assert [h for h in links if not h.startswith("https://etherscan.io/tx/")] == []
    assert "[.]" in reply_text(rendered)  # still readable, as a defanged domain


def test_our_own_words_naming_a_site_are_left_alone() -> None:
    # txdoctor's sentences may name mempool.space on purpose; only chain text is defanged.
    finding = Finding(
        Verdict.FAILED_REVERTED,
        {"chain": "ethereum", "reason": "see x.io", "fee": Decimal("0.1"), "symbol": "ETH"},
    )
    text = reply_text(report(finding))
    assert "see x[.]io" in text
    assert defanged("Compare with mempool.space; the token says x.io", ["x.io"]) == (
        "Compare with mempool.space; the token says x[.]io"
    )


def test_identifiers_become_code_and_only_a_plain_https_explorer_url_a_link() -> None:
    finding = Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 21, "required": 12})
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
