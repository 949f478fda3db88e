"""The page of ``txdoctor serve`` without JavaScript (plain form posts), on real anvil nodes:
a card per input in order, the customer's reply in their language, the agent's own language,
the team's recent lookups, the knowledge base, hostile chain strings inert, private files."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from support import scenarios as sc
from support.anvil import AnvilNode
from support.scenarios import ChainEntry
from support.serve import cards_of, csrf_of, serve_client
from txdoctor.commands.cli import app

pytestmark = pytest.mark.anvil
SAME_ORIGIN = {"sec-fetch-site": "same-origin"}
HOSTILE_SYMBOL = '<img src=x onerror="alert(1)">\u202eTDSU'
HOSTILE_NAME = "<script>alert('name')</script>\u202egnp.exe"


@pytest.fixture
def chains(anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any) -> Path:
    return chains_file(
        {
            "ethereum": ChainEntry(anvil_a, confirmations=5),
            "bsc": ChainEntry(
                anvil_b, confirmations=5, native="BNB", explorer="https://bscscan.com/tx/{hash}"
            ),
        }
    )


def check(client: TestClient, text: str, lang: str = "en", expect: str = "") -> str:
    token = csrf_of(client.get("/").text)
    answer = client.post(
        "/",
        data={"text": text, "lang": lang, "expect_chain": expect, "csrf": token},
        headers=SAME_ORIGIN,
    )
    assert answer.status_code == 200, answer.text
    return answer.text


def cli_reply(chains: Path, value: str, lang: str) -> str:
    return (
        CliRunner()
        .invoke(
            app,
            ["diagnose", value, "--format", "reply", "--lang", lang, "--chains-file", str(chains)],
            env={"NO_COLOR": "1"},
        )
        .stdout
    )


def test_a_card_per_input_in_order_with_the_customers_reply(
    anvil_a: AnvilNode, anvil_b: AnvilNode, chains: Path, tmp_path: Path
) -> None:
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    reverted = sc.reverted_with_message(anvil_a)
    elsewhere = sc.confirmed_transfer(anvil_b, confirmations_after=6)
    paste = (
        f"Hi, my transfer {confirmed.hash} has not arrived\n\n{reverted.hash}\n"
        f"https://bscscan.com/tx/{elsewhere.hash}\n0xzz"
    )
    with serve_client(chains, tmp_path / "data") as client:
        page = check(client, paste, lang="zh-CN")
    cards = cards_of(page)
    assert [(c["index"], c["verdict"]) for c in cards] == [
        ("0", "CONFIRMED"),
        ("1", "FAILED_REVERTED"),
        ("2", "CONFIRMED"),
        ("3", "INVALID_INPUT"),
    ]
    assert {c["lang"] for c in cards} == {"zh-CN"}
    assert cards[1]["reply"] == cli_reply(chains, reverted.hash, "zh-CN")
    assert sc.REVERT_MESSAGE in cards[1]["html"]
    assert 'href="https://bscscan.com/tx/' + elsewhere.hash in cards[2]["html"]


def test_the_agents_language_and_a_cards_language_are_separate(
    anvil_a: AnvilNode, chains: Path, tmp_path: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    with serve_client(chains, tmp_path / "data") as client:
        token = csrf_of(client.get("/").text)
        saved = client.post(
            "/prefs",
            data={"ui": "zh-TW", "csrf": token},
            headers=SAME_ORIGIN,
            follow_redirects=False,
        )
        page = check(client, case.hash, lang="en")
    assert saved.status_code == 303
    assert "查詢" in page and "複製回覆" in page  # the agent's page in Traditional Chinese
    (card,) = cards_of(page)
    assert card["lang"] == "en" and card["reply"] == cli_reply(chains, case.hash, "en")


def test_hostile_token_strings_are_inert_on_the_page(
    anvil_a: AnvilNode, chains: Path, tmp_path: Path
) -> None:
    tokens = sc.deploy_tokens(anvil_a, symbol=HOSTILE_SYMBOL, name=HOSTILE_NAME)
    case = sc.token_transfer(anvil_a, tokens.official, 5 * 10**6, sender=tokens.owner)
    anvil_a.mine(6)
    with serve_client(chains, tmp_path / "data") as client:
        page = check(client, case.hash)
    (card,) = cards_of(page)
    assert card["verdict"] == "CONFIRMED"
    assert "<img" not in page and "<script>alert" not in page and "\u202e" not in page
    assert "&lt;img src=x onerror=" in card["html"]  # shown, as text
    assert "\\u202e" in card["html"]  # the bidi override is visible, not obeyed


def test_recent_lookups_and_the_knowledge_base(
    anvil_a: AnvilNode, chains: Path, tmp_path: Path
) -> None:
    case = sc.reverted_with_message(anvil_a)
    with serve_client(chains, tmp_path / "data") as client:
        check(client, f"{case.hash}\nnot a hash")
        home = client.get("/").text
        codes = client.get("/codes", headers={"accept-language": "zh-CN,zh;q=0.9"}).text
        article = client.get("/codes/failed_reverted").text
        missing = client.get("/codes/NOPE")
    recent = home.split('id="recent"', 1)[1]
    assert case.hash in recent and "FAILED_REVERTED" in recent
    assert "not a hash" not in recent
    assert 'href="/codes/PENDING_LOW_FEE"' in codes and "知识库" in codes
    assert "FAILED_REVERTED" in article and "What you can do" in article
    assert missing.status_code == 404 and "NOPE" in missing.text


def test_refused_paste_is_not_shown_again(chains: Path, tmp_path: Path) -> None:
    phrase = " ".join(["abandon"] * 11 + ["about"])
    with serve_client(chains, tmp_path / "data") as client:
        token = csrf_of(client.get("/").text)
        answer = client.post(
            "/", data={"text": phrase, "lang": "zh-TW", "csrf": token}, headers=SAME_ORIGIN
        )
    assert answer.status_code == 422
    assert "abandon" not in answer.text and "助記詞" in answer.text


def test_the_data_directory_and_files_are_private(chains: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serve_client(chains, data) as client:
        client.get("/")
        check(client, "0xzz")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = list(data.glob("serve.sqlite3*"))
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
