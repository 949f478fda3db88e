"""Ticket replies (reply, Markdown) for real transactions on anvil, in three languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import scenarios as sc
from support.anvil import AnvilNode
from support.scenarios import ChainEntry
from txdoctor.commands.cli import app

pytestmark = pytest.mark.anvil

runner = CliRunner()


@pytest.fixture
def two_chains(anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any) -> Path:
    return chains_file(
        {
            "ethereum": ChainEntry(anvil_a, confirmations=5, extra={"display_name": "Ethereum"}),
            "bsc": ChainEntry(
                anvil_b,
                confirmations=5,
                native="BNB",
                explorer="https://bscscan.com/tx/{hash}",
                extra={"display_name": "BNB Smart Chain"},
            ),
        }
    )


def reply(chains: Path, value: str, *args: str) -> str:
    result = runner.invoke(
        app, ["diagnose", value, "--chains-file", str(chains), *args], env={"NO_COLOR": "1"}
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_confirmed_transfer_reply_in_simplified_chinese(
    anvil_a: AnvilNode, two_chains: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    text = reply(two_chains, case.hash, "--format", "reply", "--lang", "zh-CN")
    lines = text.splitlines()
    assert lines[:5] == ["您好，", "", "结论：已确认", "网络：Ethereum", f"交易哈希：{case.hash}"]
    assert lines[5].startswith(f"状态：成功，区块 {case.block_number}，已有 ")
    assert "金额：1 ETH" in lines
    assert f"区块浏览器：https://etherscan.io/tx/{case.hash}" in lines
    assert "说明：交易已在 Ethereum 上成功" in text
    assert "下一步：\n1. 如果收款方还没入账" in text


def test_a_wrong_network_reply_carries_the_safety_line(
    anvil_b: AnvilNode, two_chains: Path
) -> None:
    case = sc.wrong_network(anvil_b)
    text = reply(
        two_chains, case.hash, "--format", "reply", "--lang", "zh-TW", "--expect-chain", "ethereum"
    )
    assert text.startswith("您好，\n\n結論：轉錯網路\n網路：BNB Smart Chain\n")
    assert "說明：這筆交易在 BNB Smart Chain 上，而不是 Ethereum。" in text
    assert "另外" not in text  # the status under WRONG_NETWORK is the agent's, not the customer's
    agent = reply(
        two_chains, case.hash, "--format", "agent", "--lang", "zh-TW", "--expect-chain", "ethereum"
    )
    assert agent.startswith(text.rstrip("\n"))
    assert re.search(
        r"- \[(CONFIRMED|CONFIRMING)\] (已確認|確認中)：交易已在 BNB Smart Chain "
        "上成功",
        agent,
    )
    assert text.rstrip().endswith(
        "我們不會以任何方式索取您的助記詞或私鑰。任何索取的人都是想盜取您的資金。\n\n"
        "如您還有其他問題，請直接回覆本訊息，我們很樂意為您解答。\n客服團隊"
    )


def test_a_revert_in_markdown_escapes_the_contracts_reason(
    anvil_a: AnvilNode, contracts: Any, two_chains: Path
) -> None:
    case = sc.reverted_with_message(anvil_a)
    text = reply(two_chains, case.hash, "--format", "markdown", "--lang", "en")
    assert text.startswith("Hello,\n\n### Failed\n\n- **Network**: Ethereum\n")
    assert f"- **Transaction**: `{case.hash}`" in text
    assert f"- **Explorer**: <https://etherscan.io/tx/{case.hash}>" in text
    # Chain text goes in a code span: literal, and never a link (issue 12).
    assert f"The contract's reason: `{sc.REVERT_MESSAGE}`" in text
    assert "**Next steps:**\n\n1. Do not send it again unchanged" in text
    assert "the reason given above" in text


@pytest.mark.parametrize("lang", ["en", "zh-CN", "zh-TW"])
def test_a_token_transfer_reply_names_the_person_paid(
    anvil_a: AnvilNode, contracts: Any, chains_file: Any, lang: str
) -> None:
    tokens = sc.deploy_tokens(anvil_a)
    table = {"USDT": {"contract": tokens.official, "decimals": 6, "name": "Tether USD"}}
    chains = chains_file(
        {
            "ethereum": ChainEntry(
                anvil_a, confirmations=1, extra={"display_name": "Ethereum", "tokens": table}
            )
        }
    )
    case = sc.token_transfer(anvil_a, tokens.official, 250 * 10**6, sender=tokens.owner)
    to, contract = {
        "en": ("To: ", "Token contract: "),
        "zh-CN": ("收款地址：", "代币合约地址："),
        "zh-TW": ("收款地址：", "代幣合約地址："),
    }[lang]
    lines = reply(chains, case.hash, "--format", "reply", "--lang", lang).splitlines()
    assert to + case.recipient.lower() in lines
    assert contract + tokens.official.lower() in lines
    markdown = reply(chains, case.hash, "--format", "markdown", "--lang", lang)
    assert f"- **{to.rstrip(': ：')}**" in markdown
    assert f"`{case.recipient.lower()}`" in markdown.split(f"**{to.rstrip(': ：')}**")[1]
