"""The page in a real browser: Debian's chromium driven by Playwright (never `playwright
install`: the test command installs the Debian package), against ``txdoctor serve --port 0``
started as a user would, on real anvil nodes. Screenshots go to test-artifacts/serve/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

from support import scenarios as sc
from support.anvil import REPO_ROOT, AnvilNode
from support.proxy import RpcProxy
from support.scenarios import ChainEntry
from support.serve_process import ServeProcess

pytestmark = [pytest.mark.anvil, pytest.mark.browser]

CHROMIUM = os.environ.get("TXDOCTOR_CHROMIUM", "/usr/bin/chromium")
# Offline: no first-run, sync, component or background traffic; no QUIC.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "serve"
WAIT_MS = 60_000  # a loaded 2-core machine: generous, but bounded
HOSTILE_SYMBOL = '<img src=x onerror="window.__pwned=1">'
expect.set_options(timeout=WAIT_MS)  # expectations wait up to this too (their default: 5 s)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: the test command installs Debian's chromium "
            "(setup bug, not a test failure)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=FLAGS, headless=True, timeout=WAIT_MS
        )
        yield launched
        launched.close()


class Offsite:
    """Lets requests to 127.0.0.1 through and aborts (and records) every other one."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def __call__(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture
def context(browser: Browser) -> Iterator[tuple[BrowserContext, Offsite]]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    ctx.set_default_timeout(WAIT_MS)
    offsite = Offsite()
    ctx.route("**/*", offsite)
    yield ctx, offsite
    ctx.close()


def shot(page: Page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def clipboard(page: Page) -> str:
    text: Any = page.evaluate("navigator.clipboard.readText()")
    return str(text)


def test_paste_many_see_cards_stream_copy_and_switch_language(
    anvil_a: AnvilNode, chains_file: Any, context: tuple[BrowserContext, Offsite]
) -> None:
    ctx, offsite = context
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    reverted = sc.reverted_with_message(anvil_a)
    tokens = sc.deploy_tokens(anvil_a, symbol=HOSTILE_SYMBOL, name="<b>bold</b>")
    hostile = sc.token_transfer(anvil_a, tokens.official, 5 * 10**6, sender=tokens.owner)
    anvil_a.mine(6)
    with RpcProxy(anvil_a.url, latency=1.0) as slow:  # a slow remote node
        chains = chains_file(
            {"ethereum": ChainEntry(anvil_a, confirmations=5, extra={"rpc": [slow.url]})}
        )
        with ServeProcess("--chains-file", str(chains)) as server:
            ctx.grant_permissions(
                ["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/")
            )
            page = ctx.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(server.url)
            expect(page.locator("#check-form")).to_be_visible()
            page.fill(
                "#paste",
                "\n".join([confirmed.hash, reverted.hash, hostile.hash, sc.random_hash(), "0xzz"]),
            )
            page.click("#check")

            cards = page.locator("#results .card")
            # The input needing no network arrives first, while the others are being checked.
            expect(cards.first).to_have_attribute("data-index", "4")
            expect(page.locator("#status")).to_have_text("Checking…")
            expect(page.locator("#status")).to_have_text("Done")
            expect(cards).to_have_count(5)
            assert [c.get_attribute("data-index") for c in cards.all()] == ["0", "1", "2", "3", "4"]
            verdicts = [c.locator('[data-field="verdict"]').inner_text() for c in cards.all()]
            assert verdicts == [
                "CONFIRMED",
                "FAILED_REVERTED",
                "CONFIRMED",
                "NOT_FOUND",
                "INVALID_INPUT",
            ]
            expect(cards.nth(1)).to_contain_text(sc.REVERT_MESSAGE)
            shot(page, "cards-en.png")
            shot(page, "cards-en-viewport.png", full_page=False)

            # Copy one reply, then all of them.
            cards.nth(1).locator("button.copy").click()
            expect(cards.nth(1).locator("button.copy")).to_have_text("Copied")
            reply = cards.nth(1).locator('[data-field="reply"]').input_value()
            assert clipboard(page) == reply and reverted.hash in reply
            page.click("#copy-all")
            expect(page.locator("#copy-all")).to_have_text("Copied")
            copied = clipboard(page)
            assert (
                copied.index(confirmed.hash)
                < copied.index(reverted.hash)
                < copied.index(hostile.hash)
            )

            # The customer writes Simplified Chinese: switch that card only.
            cards.nth(0).get_by_role("button", name="简体中文").click()
            expect(cards.nth(0)).to_have_attribute("data-lang", "zh-CN")
            expect(cards.nth(0).locator('[data-field="title"]')).to_have_text("已确认")
            expect(cards.nth(1)).to_have_attribute("data-lang", "en")

            # The hostile token symbol is shown as text and runs nothing.
            expect(cards.nth(2)).to_contain_text(HOSTILE_SYMBOL)
            assert cards.nth(2).locator("img, b").count() == 0
            assert page.evaluate("window.__pwned === undefined")
            assert dialogs == []

            # The team's recent lookups were refreshed by the script.
            expect(page.locator("#recent")).to_contain_text(reverted.hash)
            shot(page, "cards-switched.png")

            # The agent's own language, saved by a plain form.
            page.select_option("select[name=ui]", "zh-TW")
            page.locator("form.prefs button").click()
            expect(page.locator("#check")).to_have_text("查詢")
            shot(page, "page-zh-TW.png")
    assert offsite.blocked == []


def test_the_page_works_without_javascript(
    anvil_a: AnvilNode, chains_file: Any, browser: Browser
) -> None:
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    chains = chains_file({"ethereum": ChainEntry(anvil_a, confirmations=5)})
    ctx = browser.new_context(java_script_enabled=False, locale="zh-TW")
    ctx.set_default_timeout(WAIT_MS)
    offsite = Offsite()
    ctx.route("**/*", offsite)
    try:
        with ServeProcess("--chains-file", str(chains)) as server:
            page = ctx.new_page()
            page.goto(server.url)
            page.fill("#paste", f"{confirmed.hash}\n0xzz")
            page.select_option("#lang", "zh-TW")
            page.click("#check")
            cards = page.locator("#results .card")
            expect(cards).to_have_count(2)
            expect(cards.first.locator('[data-field="title"]')).to_have_text("已確認")
            assert re.search(r"已確認", cards.first.locator('[data-field="reply"]').input_value())
            expect(cards.first.locator("button.copy")).to_be_hidden()  # needs the script
            shot(page, "no-javascript-zh-TW.png")
    finally:
        ctx.close()
    assert offsite.blocked == []


def test_a_confirming_card_follows_the_chain_until_it_is_final(
    anvil_a: AnvilNode, chains_file: Any, context: tuple[BrowserContext, Offsite]
) -> None:
    ctx, offsite = context
    case = sc.confirming_transfer(anvil_a, blocks_after=1)
    chains = chains_file({"ethereum": ChainEntry(anvil_a, confirmations=5)})
    with ServeProcess("--chains-file", str(chains)) as server:
        page = ctx.new_page()
        page.goto(server.url)
        page.fill("#paste", case.hash)
        page.click("#check")
        card = page.locator("#results .card")
        expect(card.locator('[data-field="verdict"]')).to_have_text("CONFIRMING")
        expect(card).to_have_attribute("data-live", "true")
        anvil_a.mine(6)  # the confirmations arrive; nobody clicks anything
        expect(card.locator('[data-field="verdict"]')).to_have_text("CONFIRMED")
        expect(card).to_have_attribute("data-live", "false")
    assert offsite.blocked == []
