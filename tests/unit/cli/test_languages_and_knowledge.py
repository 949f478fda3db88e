"""--lang for errors and replies, --format, and the offline knowledge base (codes, explain)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support import http_mock
from txdoctor.advise import knowledge
from txdoctor.commands.cli import app
from txdoctor.diagnose.verdicts import Verdict

runner = CliRunner()
HASH = "0x" + "ab" * 32
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def plain_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("TXDOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--chain", "narnia", "--lang", "zh-TW"], {}, "不明的鏈「narnia」"),
        (["--chain", "narnia"], {"TXDOCTOR_LANG": "zh-CN"}, "未知的链“narnia”"),
        (["--chain", "narnia"], {"LANG": "zh_TW.UTF-8"}, "不明的鏈「narnia」"),
        (["--chain", "narnia"], {}, "unknown chain 'narnia'"),
        (["--expect-chain", "narnia", "--lang", "zh-CN"], {}, "--expect-chain：未知的链“narnia”"),
        (
            ["--format", "pdf", "--lang", "zh-TW"],
            {},
            "--format：請從 human, json, reply, markdown, agent 中選擇",
        ),
        (["--json", "--format", "reply"], {}, "--json and --format reply contradict each other"),
    ],
)
def test_usage_errors_are_in_the_users_language(
    args: list[str], env: dict[str, str], expected: str
) -> None:
    result = runner.invoke(app, ["diagnose", HASH, *args], env=env)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_config_errors_translate_the_message_but_keep_the_location(tmp_path: Path) -> None:
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        "chains:\n  demo:\n    family: evm\n    chain_id: 1\n    rpc: [http://x]\n"
        "    confirmations: 0\n    block_time: 1\n    native: ETH\n"
        "    explorer: https://x/{hash}\n",
        "utf-8",
    )
    result = runner.invoke(app, ["diagnose", HASH, "--chains-file", str(chains), "--lang", "zh-CN"])
    assert result.exit_code == 2
    assert f"{chains}: chain 'demo', field 'confirmations': 应为大于 0 的整数" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "lang", "expected"),
    [
        (
            "reply",
            "zh-CN",
            [
                "结论：不是有效的交易哈希或地址",
                "粘贴的内容：0x1234",
                "说明：这不是我们能识别的交易哈希或地址格式。它有 4 个十六进制字符",
                "下一步：\n1. ",
            ],
        ),
        (
            "reply",
            "en",
            [
                "Result: Not a valid hash or address",
                "What was pasted: 0x1234",
                "It has 4 hex characters (not counting 0x); an address has 40.",
            ],
        ),
        (
            "markdown",
            "zh-TW",
            [
                "### 不是有效的交易雜湊或地址",
                "- **貼上的內容**：0x1234",
                "**說明**：這不是我們能辨識的交易雜湊或地址格式。",
            ],
        ),
    ],
)
def test_reply_formats_need_no_network_for_invalid_input(
    fmt: str, lang: str, expected: list[str]
) -> None:
    with http_mock.HttpMock():  # any request would fail the test
        result = runner.invoke(app, ["diagnose", "0x1234", "--format", fmt, "--lang", lang])
    assert result.exit_code == 2
    for text in expected:
        assert text in result.stdout


def test_json_is_an_alias_of_format_json() -> None:
    with http_mock.HttpMock():
        alias = runner.invoke(app, ["diagnose", "0x1234", "--json"])
        full = runner.invoke(app, ["diagnose", "0x1234", "--format", "json"])
    assert alias.stdout == full.stdout
    assert json.loads(alias.stdout)["verdict"] == "INVALID_INPUT"


def test_replies_of_several_inputs_are_separated() -> None:
    with http_mock.HttpMock():
        result = runner.invoke(app, ["diagnose", "0x1234", "0x12345", "--format", "reply"])
    assert result.stdout.count("Result: Not a valid hash or address") == 2
    assert "\n" + "-" * 40 + "\n" in result.stdout


def test_a_refused_secret_reply_carries_the_safety_line_and_not_the_secret() -> None:
    phrase = " ".join(["abandon"] * 11 + ["about"])
    result = runner.invoke(app, ["diagnose", phrase, "--format", "reply", "--lang", "zh-CN"])
    assert result.exit_code == 2
    assert "abandon" not in result.stdout
    assert (
        "我们不会以任何方式索要您的助记词或私钥。任何索要的人都是想盗取您的资金。\n\n"
        "如您还有其他问题"
    ) in result.stdout


def test_codes_lists_every_verdict_with_its_meaning_offline() -> None:
    with http_mock.HttpMock():
        result = runner.invoke(app, ["codes", "--json", "--lang", "zh-TW"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert [r["code"] for r in rows] == [code.value for code in Verdict]
    by_code = {r["code"]: r for r in rows}
    assert by_code["WRONG_NETWORK"] == {
        "code": "WRONG_NETWORK",
        "severity": "warning",
        "title": "轉錯網路",
        "meaning": "轉帳發到了與收款方預期不同的網路上。",
    }


def test_codes_table_for_people() -> None:
    result = runner.invoke(app, ["codes", "--lang", "en"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert "PENDING_NONCE_GAP" in result.stdout
    assert "The transaction is waiting for an earlier transaction" in result.stdout


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("en", ["What it means", "How txdoctor detects it", "What you can do", "What not to do"]),
        ("zh-CN", ["含义", "txdoctor 如何判断", "可以怎么做", "不要这样做"]),
        ("zh-TW", ["代表什麼", "txdoctor 如何判斷", "可以怎麼做", "請勿這樣做"]),
    ],
)
def test_explain_prints_the_full_article_offline(lang: str, headings: list[str]) -> None:
    with http_mock.HttpMock():
        result = runner.invoke(
            app, ["explain", "pending-low-fee", "--lang", lang], env={"COLUMNS": "400"}
        )
    assert result.exit_code == 0
    assert result.stdout.startswith("PENDING_LOW_FEE · ")
    for heading in headings:
        assert heading in result.stdout
    article = knowledge.article(Verdict.PENDING_LOW_FEE, lang)
    assert article.detection in result.stdout
    assert all(item in result.stdout for item in (*article.actions, *article.avoid))


@pytest.mark.parametrize("lang", ["en", "zh-CN", "zh-TW"])
def test_explain_markdown_is_the_page_in_docs(lang: str) -> None:
    result = runner.invoke(app, ["explain", "WRONG_NETWORK", "--markdown", "--lang", lang])
    page = REPO / "docs" / "verdicts" / lang / "WRONG_NETWORK.md"
    assert result.stdout == page.read_text("utf-8")


def test_explain_an_unknown_code_is_a_usage_error() -> None:
    result = runner.invoke(app, ["explain", "STUCKISH", "--lang", "zh-CN"])
    assert result.exit_code == 2
    assert "未知的诊断代码“STUCKISH”" in result.stderr


def test_a_bad_lang_is_reported_in_the_environments_language_not_the_last_runs() -> None:
    runner.invoke(app, ["diagnose", HASH, "--chain", "narnia", "--lang", "zh-TW"])
    result = runner.invoke(app, ["diagnose", HASH, "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang: choose one of en, zh-CN, zh-TW" in result.stderr
