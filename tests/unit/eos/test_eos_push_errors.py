"""EOS push errors pasted from a wallet, end to end through the real CLI against the recorded
EOS API on 127.0.0.1 (tests/support/eos_node.py).

A failing EOS transaction is refused when it is sent, so what a ticket holds is the node's
error text: the recorded ones of tests/fixtures/eos/push_errors (sources in the folder's
README). Each is read without a lookup (REJECTED with its cause, in three languages), except
an expiry naming its id, which is looked up first: unknown, it is EXPIRED; in a block after
all, its normal verdict.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support.eos_node import FIXTURES, EosNode, fixture
from txdoctor.commands.cli import app
from txdoctor.input import InputKind, classify, eos_push_errors
from txdoctor.serve.lookups import refused, split_paste

runner = CliRunner()
PUSH = FIXTURES / "push_errors"
EXPIRED_ID = "38ce775e5ee4b665f7392ca8b78c07b2919d4bc597dcfd403c3c3724fcf11f80"  # Qtest #48
PHRASE = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon " + (
    "abandon about"
)  # the BIP-39 test vector
DEV_KEY = "5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP79zkvFD3"  # EOSIO's documented dev key


def pasted(name: str) -> str:
    """A recorded error text as the user pastes it (without the file's last line end)."""
    return (PUSH / name).read_text().rstrip("\n")


@dataclass
class World:
    node: EosNode
    chains: Path

    def run(self, value: str, *extra: str, lang: str = "en") -> tuple[int, str]:
        result = runner.invoke(
            app,
            ["diagnose", value, "--chains-file", str(self.chains), *extra],
            env={"NO_COLOR": "1", "TXDOCTOR_LANG": lang, "COLUMNS": "200"},
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result.exit_code, result.stdout

    def json(self, value: str, *extra: str, lang: str = "en") -> tuple[int, dict[str, Any]]:
        code, out = self.run(value, "--json", *extra, lang=lang)
        lines = out.splitlines()
        assert len(lines) == 1, out
        return code, json.loads(lines[0])


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    node = EosNode().start()
    chains = tmp_path / "chains.yaml"
    chains.write_text(f"chains:\n  eos:\n    family: eos\n    rpc: [{node.url}]\n")
    yield World(node, chains)
    node.stop()


# What the input layer reads from each recorded error: the node's name for it, and the
# numbers, account and id the text gives (nothing else).
READ = [
    ("cpu_body_issue8502.txt", "tx_cpu_usage_exceeded", {"billed_us": 362, "limit_us": 13}),
    ("cpu_wrapped_issue6347.txt", "tx_cpu_usage_exceeded", {"billed_us": 17175}),
    ("cpu_python_eospy33.txt", "tx_cpu_usage_exceeded", {"billed_us": 2139, "limit_us": 0}),
    ("cpu_wallet_fairywallet143.txt", "tx_cpu_usage_exceeded", {"billed_us": 130}),
    ("net_body_issue4115.txt", "tx_net_usage_exceeded", {"net_bytes": 184, "net_limit": 0}),
    ("net_wallet_issue9266.txt", "tx_net_usage_exceeded", {"net_bytes": 136}),
    (
        "ram_cleos_issue4088.txt",
        "ram_usage_exceeded",
        {"account": "weiweivoterb", "ram_needed": 3574, "ram_available": 0},
    ),
    ("ram_body_issue4517.txt", "ram_usage_exceeded", {}),
    ("expired_body_issue4265.txt", "expired_tx_exception", {}),
    (
        "expired_line_qtest48.txt",
        "expired_tx_exception",
        {"tx_id": EXPIRED_ID, "expiration": "2022-10-19T09:57:07.000"},
    ),
    (
        "expired_wallet_eosgo127.txt",
        "expired_tx_exception",
        {"tx_id": "8d7b261650f867cf80cb4ff76b5e35dde660154e1a2cebecd865b78d4df3e646"},
    ),
    (
        "expired_cleos_issue4172.txt",
        "expired_tx_exception",
        {"tx_id": "9af2bdd6e18ccfc636d7970f741b292c917e9c3ede37ffaa4230721d5b8f2f95"},
    ),
    ("overdrawn_body_eostoolkit5.txt", "eosio_assert_message_exception", {"cause": "balance"}),
    ("overdrawn_pocketeos14.txt", "eosio_assert_message_exception", {"cause": "balance"}),
    (
        "assert_cleos_issue8185.txt",
        "eosio_assert_message_exception",
        {"cause": "assert", "assert_message": "refund is not available yet"},
    ),
]


@pytest.mark.parametrize(("name", "error", "expected"), READ)
def test_each_recorded_error_is_read_with_what_it_says(
    name: str, error: str, expected: dict[str, Any]
) -> None:
    classified = classify(pasted(name))
    assert classified.detail["push_error"] == error
    for key, value in expected.items():
        assert classified.detail[key] == value
    named_id = expected.get("tx_id")
    if named_id:  # an expiry naming its transaction: the id is looked up
        assert (classified.kind, classified.value) == (InputKind.TRANSACTION, named_id)
    else:
        assert (classified.kind, classified.value) == (InputKind.PUSH_ERROR, None)
    assert "account" in classified.detail or "account" not in expected


@pytest.mark.parametrize(
    "text",
    [
        "my transfer failed with an error, can you check?",
        "the transaction expired",
        "0x439dfd7f6792c6a62d368de2814cd86ca2d92f6110e1ef4969e1f03367659e87",
        '{"code": 3080004}',  # a number alone, no error around it
    ],
)
def test_other_text_is_not_taken_for_a_push_error(text: str) -> None:
    assert classify(text).kind is not InputKind.PUSH_ERROR


def test_every_error_pattern_needs_a_space_or_an_underscore() -> None:
    """``push_error`` skips text of hex digits and "x" only (a hash): right only while no
    error text can be written without a space or an underscore (a code alone needs the
    word "error" beside it, which is neither hex)."""
    patterns = [p for p, _ in eos_push_errors._WHAT]
    patterns += [eos_push_errors._NAME, eos_push_errors._CPU, eos_push_errors._NET]
    patterns += [eos_push_errors._RAM, eos_push_errors._EXPIRED_ID, eos_push_errors._ASSERT]
    patterns += [eos_push_errors._EXPIRED_TIMES]
    for pattern in patterns:
        assert " " in pattern.pattern or "_" in pattern.pattern, pattern.pattern
    assert eos_push_errors.push_error("0x3080004" + "ab" * 28 + "3050003") is None


# Per cause: a recorded error, and what the customer reads in each language.
CAUSES = [
    (
        "cpu_body_issue8502.txt",
        {
            "en": ("needed 362 µs and the account could use 13 µs", "PowerUp"),
            "zh-CN": ("CPU 时间不足", "需要 362 微秒", "质押 EOS"),
            "zh-TW": ("CPU 時間不足", "需要 362 微秒", "質押 EOS"),
        },
    ),
    (
        "net_body_issue4115.txt",
        {
            "en": ("needed 184 bytes and the account could use 0", "stake EOS for NET"),
            "zh-CN": ("NET 带宽不足", "184 字节"),
            "zh-TW": ("NET 頻寬不足", "184 位元組"),
        },
    ),
    (
        "ram_cleos_issue4088.txt",
        {
            "en": ("The account weiweivoterb did not have enough RAM", "Buy RAM for the account"),
            "zh-CN": ("账户 weiweivoterb 的 RAM 不足", "购买 RAM"),
            "zh-TW": ("帳戶 weiweivoterb 的 RAM 不足", "購買 RAM"),
        },
    ),
    (
        "overdrawn_body_eostoolkit5.txt",
        {
            "en": ("more than the sending account's balance", "overdrawn balance"),
            "zh-CN": ("超过了转出账户持有的该代币余额", "overdrawn balance"),
            "zh-TW": ("超過了轉出帳戶持有的該代幣餘額", "overdrawn balance"),
        },
    ),
]
NOTHING_CHARGED = {
    "en": "nothing moved and nothing was charged",
    "zh-CN": "也没有扣除任何费用",
    "zh-TW": "也沒有扣除任何費用",
}


@pytest.mark.parametrize(("name", "words"), CAUSES)
@pytest.mark.parametrize("lang", ["en", "zh-CN", "zh-TW"])
def test_a_refused_transaction_is_explained_by_its_cause_without_a_lookup(
    world: World, name: str, words: dict[str, tuple[str, ...]], lang: str
) -> None:
    code, report = world.json(pasted(name), lang=lang)
    assert (code, report["verdict"], report["severity"], report["kind"]) == (
        1,
        "REJECTED",
        "error",
        "push_error",
    )
    _, reply = world.run(pasted(name), "--format", "reply", lang=lang)
    text = "".join(reply.split()) if lang != "en" else " ".join(reply.split())
    for word in (*words[lang], NOTHING_CHARGED[lang]):
        assert ("".join(word.split()) if lang != "en" else word) in text, reply
    assert "REJECTED" not in reply and "3080" not in reply and "3050003" not in reply
    assert world.node.calls == []  # nothing to look up: it never reached a block


def test_an_assert_without_its_message_says_so_rather_than_quote_nothing(world: World) -> None:
    # Assembled: the recorded overdrawn body with its details left out, as some nodes send it.
    body = json.loads(pasted("overdrawn_body_eostoolkit5.txt").removeprefix("Error: "))
    body["error"]["details"] = []
    code, report = world.json(json.dumps(body))
    assert (code, report["verdict"]) == (1, "REJECTED")
    assert "A contract refused it; the error does not say why." in report["summary"]
    assert report["steps"][0].startswith("Look for the full error message")


def test_the_agent_sees_the_node_error_name_and_code(world: World) -> None:
    _, out = world.run(pasted("cpu_wrapped_issue6347.txt"), "--format", "agent")
    reply, _, agent = out.partition("For the agent only")
    assert "The node refused it with tx_cpu_usage_exceeded (error 3080004)." in agent
    assert "tx_cpu_usage_exceeded" not in reply


def test_an_expired_id_unknown_to_the_chain_is_expired(world: World) -> None:
    code, report = world.json(pasted("expired_line_qtest48.txt"))
    assert (code, report["verdict"], report["kind"]) == (1, "EXPIRED", "transaction")
    assert report["value"] == EXPIRED_ID
    assert "its expiration time had passed" in report["summary"]
    assert "It expired at 2022-10-19T09:57:07.000 (UTC)" in report["summary"]
    assert world.node.calls == [f"history {EXPIRED_ID}"]  # asked first: it may be in a block


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Expired", "Sign the payment again and send it right away")),
        ("zh-CN", ("交易已过期", "请重新签名并立即发送")),
        ("zh-TW", ("交易已過期", "請重新簽署並立即發送")),
    ],
)
def test_the_expiry_reads_in_each_language(world: World, lang: str, words: tuple[str, ...]) -> None:
    _, reply = world.run(pasted("expired_wallet_eosgo127.txt"), "--format", "reply", lang=lang)
    for word in words:
        assert word in reply, reply


def test_an_expired_id_that_is_in_a_block_after_all_gets_its_normal_verdict(
    world: World,
) -> None:
    # Assembled: the recorded Jungle 4 transfer served under the id the error names.
    world.node.transactions[EXPIRED_ID] = fixture("tx_transfer_jungle4.json")
    code, report = world.json(pasted("expired_line_qtest48.txt"))
    assert (code, report["verdict"]) == (0, "CONFIRMED")
    assert report["facts"]["block_number"] == 209370387
    assert world.node.calls == [f"history {EXPIRED_ID}"]


def test_without_an_eos_chain_an_expiry_with_its_id_is_read_from_the_text(
    world: World, tmp_path: Path
) -> None:
    evm_only = tmp_path / "evm.yaml"
    evm_only.write_text(
        "chains:\n  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [http://127.0.0.1:1]\n"
    )
    code, report = World(world.node, evm_only).json(pasted("expired_line_qtest48.txt"))
    assert (code, report["verdict"], report["kind"]) == (1, "EXPIRED", "push_error")
    assert "It expired at 2022-10-19T09:57:07.000 (UTC)" in report["summary"]


def test_an_expiry_without_an_id_is_expired_without_a_lookup(world: World) -> None:
    code, report = world.json(pasted("expired_body_issue4265.txt"))  # pretty-printed, no id
    assert (code, report["verdict"], report["kind"]) == (1, "EXPIRED", "push_error")
    assert world.node.calls == []


def test_a_pretty_printed_body_on_stdin_is_one_input(world: World) -> None:
    result = runner.invoke(
        app,
        ["diagnose", "-", "--json", "--chains-file", str(world.chains)],
        input=pasted("cpu_body_issue8502.txt") + "\n",
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in reports] == ["REJECTED"]


def test_the_helpdesk_page_takes_an_error_over_several_lines_as_one_input() -> None:
    body = pasted("cpu_body_issue8502.txt")
    assert split_paste(body) == [body.strip()]
    cleos = pasted("ram_cleos_issue4088.txt")
    assert split_paste(cleos) == [cleos]
    two_ids = "a" * 64 + "\n" + "b" * 64  # other pastes keep one input a line
    assert split_paste(two_ids) == ["a" * 64, "b" * 64]
    assert refused(split_paste(body + "\nmy wallet backup: " + PHRASE))


@pytest.mark.parametrize(("secret", "problem"), [(PHRASE, "recovery_phrase"), (DEV_KEY, "wif_key")])
def test_an_error_pasted_with_a_secret_is_refused_before_any_request(
    world: World, secret: str, problem: str
) -> None:
    text = pasted("expired_line_qtest48.txt") + "\nmy wallet backup: " + secret
    code, out = world.run(text, "--json")
    report = json.loads(out)
    assert (code, report["verdict"], report["input"]) == (2, "SECRET_REFUSED", "[redacted]")
    assert report["findings"][0]["params"]["input_problem"] == problem
    assert secret not in out and "abandon" not in out
    assert world.node.calls == []


HOSTILE = (
    'Error: {"code":500,"message":"Internal Service Error","error":{"code":3050003,'
    '"name":"eosio_assert_message_exception","what":"eosio_assert_message assertion failure",'
    '"details":[{"message":"assertion failure with message: refund at https://evil.example/x '
    '[link=https://evil.example]click[/link] \\u001b[31m<b>now</b>","file":"wasm_interface.cpp",'
    '"line_number":930,"method":"eosio_assert"}]}}'
)  # assembled: the recorded overdrawn body with a hostile contract's message instead


def test_a_contracts_message_is_strangers_text_defanged_and_escaped(world: World) -> None:
    code, report = world.json(HOSTILE)
    assert (code, report["verdict"]) == (1, "REJECTED")
    message = report["findings"][0]["params"]["assert_message"]
    assert message.startswith("refund at https://evil.example/x") and "\x1b" not in message
    _, reply = world.run(HOSTILE, "--format", "reply")
    assert "https://evil.example" not in reply and "hxxps://evil[.]example/x" in reply
    _, markdown = world.run(HOSTILE, "--format", "markdown")
    assert "https://evil.example" not in markdown and "`" in markdown
    code, human = world.run(HOSTILE)
    assert code == 1 and "[link=" in human and "\x1b" not in human  # shown as text, not markup


def test_watch_ends_at_once_on_a_push_error(world: World) -> None:
    args = ["watch", pasted("ram_cleos_issue4088.txt"), "--json", "--interval", "0.1"]
    result = runner.invoke(
        app,
        [*args, "--timeout", "1", "--chains-file", str(world.chains)],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    verdicts = [json.loads(line)["verdict"] for line in result.stdout.splitlines()]
    assert (result.exit_code, verdicts) == (1, ["REJECTED"])
    assert world.node.calls == []
