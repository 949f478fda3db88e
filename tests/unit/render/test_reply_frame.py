"""The greeting and sign-off of a customer reply: polite defaults in each language, a help
desk's own from replies.yaml in the config directory, a bad file named in a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from txdoctor.advise import advise
from txdoctor.advise.report import Report
from txdoctor.commands.cli import app
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.render.frame import _load
from txdoctor.render.markdown import markdown_text
from txdoctor.render.reply import reply_text

HASH = "0x" + "ab" * 32


def report(lang: str) -> Report:
    finding = Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": 20, "required": 12})
    return Report(
        input=HASH,
        kind="transaction",
        value=HASH,
        findings=(finding,),
        advice=(advise(finding, lang),),
        lang=lang,
        chain="ethereum",
        chain_title="Ethereum",
    )


@pytest.fixture(autouse=True)
def _fresh() -> None:
    _load.cache_clear()


@pytest.mark.parametrize(
    ("lang", "greeting", "closing"),
    [
        ("en", "Hello,", "Customer support"),
        ("zh-CN", "您好，", "客服团队"),
        ("zh-TW", "您好，", "客服團隊"),
    ],
)
def test_polite_defaults_in_every_language(lang: str, greeting: str, closing: str) -> None:
    text = reply_text(report(lang))
    assert text.startswith(greeting + "\n\n") and text.rstrip().endswith(closing)


def test_a_help_desk_sets_its_own_per_language(_private_config_dir: Path) -> None:
    _private_config_dir.mkdir(parents=True)
    (_private_config_dir / "replies.yaml").write_text(
        'zh-TW:\n  greeting: "王先生您好，"\n  sign_off: "Example 錢包客服 敬上"\n'
        'en:\n  greeting: ""\n',
        encoding="utf-8",
    )
    assert reply_text(report("zh-TW")).startswith("王先生您好，\n\n結論：已確認")
    assert reply_text(report("zh-TW")).rstrip().endswith("Example 錢包客服 敬上")
    english = reply_text(report("en"))
    assert english.startswith("Result: Confirmed") and "Customer support" in english
    assert markdown_text(report("en")).startswith("### Confirmed")
    assert reply_text(report("zh-CN")).startswith("您好，")  # not in the file: the default


@pytest.mark.parametrize(
    "body",
    ["fr:\n  greeting: Bonjour\n", "en:\n  hello: Hi\n", "- just a list\n", "en: [unclosed\n"],
)
def test_a_malformed_file_is_a_clear_error_naming_it(_private_config_dir: Path, body: str) -> None:
    _private_config_dir.mkdir(parents=True)
    path = _private_config_dir / "replies.yaml"
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(app, ["diagnose", "0x1234", "--format", "reply"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(path) in result.stderr
