"""`txdoctor diagnose` on EOS, end to end through the real CLI, against a recorded chain API
and Hyperion on 127.0.0.1 (tests/support/eos_node.py, bodies from tests/fixtures/eos): every
EOS verdict, three languages, the id shape shared with Bitcoin and Tron, account names that
are only candidates, and `chains --check`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.cli_world import DiagnoseCli, empty_evm_node
from support.eos_node import EosNode, fixture
from txdoctor.commands.cli import app

runner = CliRunner()
TRANSFER = fixture("tx_transfer_jungle4.json")
TX_ID = TRANSFER["trx_id"]
ABOVE_LIB_ID = "ab" * 32  # the recorded transfer with its lib lowered (assembled)
EXCHANGE_ID = "cd" * 32  # the recorded transfer sent to binancecleos (assembled)
UNKNOWN_ID = "5c2b7a21d06d4d5e3c4c0f5b3d0e5e0f9a1b2c3d4e5f60718293a4b5c6d7e8f9"
BLOKS = "https://bloks.io"


@dataclass
class World(DiagnoseCli):
    """The recorded EOS API and a chains file naming it (plus an empty Ethereum node)."""

    node: EosNode
    evm_methods: list[str]
    chains: Path


def chains_file(path: Path, eos: str, *, explorer_api: str | None = None, evm: str = "") -> Path:
    text = f"chains:\n  eos:\n    family: eos\n    rpc: [{eos}]\n"
    if explorer_api:
        text += f"    explorer_api: {explorer_api}\n"
    if evm:
        text += f"  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [{evm}]\n"
    path.write_text(text)
    return path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    node = EosNode().start()
    methods: list[str] = []
    evm = empty_evm_node(methods)
    node.transactions[TX_ID] = TRANSFER
    node.transactions[ABOVE_LIB_ID] = fixture("tx_above_lib_assembled.json")
    node.transactions[EXCHANGE_ID] = fixture("tx_to_exchange_no_memo_assembled.json")
    node.accounts["cordialsysaa"] = fixture("account_cordialsysaa.json")
    chains = chains_file(tmp_path / "chains.yaml", node.url, evm=evm.url)
    yield World(node, methods, chains)
    node.stop()
    evm.stop()


def test_an_irreversible_transfer_is_confirmed_with_its_amount_and_memo(world: World) -> None:
    code, out = world.run(TX_ID)
    text = " ".join(out.split())
    assert code == 0 and "Confirmed · EOS" in out
    assert "in block 209370387, which is irreversible: it is final" in text
    assert "It sent 0.01 EOS to crosschaino3." in text
    assert "Irreversible yes (last irreversible block 209672969)" in text
    assert "Memo (none)" in text
    assert f"{BLOKS}/transaction/{TX_ID}" in out
    assert world.node.calls == [f"history {TX_ID}"]  # Hyperion gave the LIB: no get_info


def test_the_bare_id_is_asked_of_the_other_families_too(world: World) -> None:
    code, report = world.json(TX_ID)
    assert (code, report["verdict"], report["chain"]) == (0, "CONFIRMED", "eos")
    assert "eth_getTransactionByHash" in world.evm_methods
    assert report["facts"]["eos"]["irreversible"] is True
    assert report["facts"]["eos"]["memo"] == ""


def test_a_bloks_link_asks_eos_only(world: World) -> None:
    code, report = world.json(f"{BLOKS}/transaction/{TX_ID}")
    assert (code, report["verdict"]) == (0, "CONFIRMED")
    assert world.evm_methods == []


def test_a_block_above_the_last_irreversible_one_is_confirming(world: World) -> None:
    code, report = world.json(ABOVE_LIB_ID)
    assert (code, report["verdict"]) == (0, "CONFIRMING")
    assert "not irreversible yet" in report["summary"]
    assert report["facts"]["eos"]["lib"] == 209370386
    assert report["facts"]["eos"]["irreversible"] is False


def test_without_a_lib_from_hyperion_the_chain_api_is_asked(world: World) -> None:
    no_lib = dict(TRANSFER)
    del no_lib["lib"]  # assembled: Hyperion leaves lib out when its get_info failed
    world.node.transactions[TX_ID] = no_lib
    _, report = world.json(TX_ID)
    assert report["verdict"] == "CONFIRMED"  # mainnet LIB 399277760 is past block 209370387
    assert world.node.calls == [f"history {TX_ID}", "get_info"]


def test_a_transfer_to_an_exchange_without_memo_names_the_missing_memo(world: World) -> None:
    code, out = world.run(EXCHANGE_ID, "--format", "reply")
    text = " ".join(out.split())
    assert code == 0
    assert "binancecleos is the deposit account of Binance, which needs the memo" in text
    assert "Contact Binance's support and give them this transaction id" in text
    assert "the same address on another network" not in text  # the plain steps are replaced
    assert "irreversible block" not in text  # the LIB is the agent's detail, not the customer's


def test_an_unknown_id_is_not_found_with_why_eos_leaves_no_trace(world: World) -> None:
    code, out = world.run(f"{BLOKS}/transaction/{UNKNOWN_ID}")
    text = " ".join(out.split())
    assert code == 1 and "Not found" in out
    assert "EOS refuses a transaction that would fail at the moment it is sent" in text
    assert "nothing moved" in text
    assert world.node.calls == [f"history {UNKNOWN_ID}"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-CN", ("已确认", "不可逆", "备注（Memo）", "0.01 EOS")),
        ("zh-TW", ("已確認", "不可逆", "備註（Memo）", "0.01 EOS")),
    ],
)
def test_a_confirmation_reads_in_chinese(world: World, lang: str, words: tuple[str, ...]) -> None:
    _, out = world.run(TX_ID, lang=lang)
    for word in words:
        assert word in out, out


@pytest.mark.parametrize(
    ("lang", "words"), [("zh-CN", ("备注", "Binance 客服")), ("zh-TW", ("備註", "Binance 客服"))]
)
def test_the_missing_memo_reads_in_chinese(world: World, lang: str, words: tuple[str, ...]) -> None:
    _, out = world.run(EXCHANGE_ID, "--format", "reply", lang=lang)
    for word in words:
        assert word in out, out


def test_an_existing_account_is_ok_with_its_balance_and_resources(world: World) -> None:
    code, out = world.run(f"{BLOKS}/account/cordialsysaa")
    text = " ".join(out.split())
    assert code == 0 and "This account exists on EOS." in text
    assert "62.2841 EOS" in text
    assert "RAM 4,675 of 5,675 bytes used" in text and "CPU 34,449 µs available" in text
    assert world.node.calls == ["get_account cordialsysaa"]


def test_a_name_that_is_no_account_is_said_so_plainly(world: World) -> None:
    code, report = world.json(f"{BLOKS}/account/nosuchacct12")
    assert (code, report["verdict"], report["severity"]) == (1, "ADDRESS_UNUSED", "warning")
    assert "No account has this name on EOS." in report["summary"]
    assert world.node.calls == ["get_account nosuchacct12"]  # the 400 answer was not retried


def test_a_plain_word_is_only_a_candidate_and_not_a_scary_verdict(world: World) -> None:
    code, report = world.json("hello")
    assert (code, report["verdict"], report["severity"]) == (1, "ADDRESS_UNUSED", "warning")
    assert "may simply not be an EOS account" in report["summary"]
    assert world.evm_methods == []  # an account name is asked of EOS only


@pytest.mark.parametrize("text", ["my transfer is stuck", "12345", "bitcoin", "deadbeef"])
def test_text_that_is_plainly_something_else_is_not_asked(world: World, text: str) -> None:
    code, report = world.json(text)
    assert (code, report["verdict"]) == (2, "INVALID_INPUT")
    assert world.node.calls == []


@pytest.mark.parametrize(
    "key",
    [
        "EOS6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5GDW5CV",
        "PUB_K1_6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5BLDuCE",
    ],
)
def test_a_public_key_is_refused_as_not_an_account(world: World, key: str) -> None:
    code, report = world.json(key)
    assert (code, report["verdict"]) == (2, "INVALID_INPUT")
    assert "This is an EOS public key" in report["summary"]
    assert world.node.calls == []


@pytest.mark.parametrize(
    "key",
    [
        # EOSIO's documented development key (eosio docs, "Create Development Wallet").
        "5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP79zkvFD3",
        # The newer K1 format's shape: "PVT_K1_" + base58 (made up here, not a real key).
        "PVT_K1_2bfGi9rYsXQSXXTvJbDAPhHLQUojjaNLomdm3cEJ1XTzMqUt3V",
    ],
)
def test_a_private_key_is_refused_before_any_lookup(world: World, key: str) -> None:
    code, out = world.run(key, "--json")
    report = json.loads(out)
    assert (code, report["verdict"], report["input"]) == (2, "SECRET_REFUSED", "[redacted]")
    assert key not in out
    assert world.node.calls == [] and world.evm_methods == []


def test_seed_words_one_per_line_are_never_asked_as_accounts(world: World, tmp_path: Path) -> None:
    # The BIP-39 test phrase, one word per line: joined and refused, not 12 account lookups.
    words = ["abandon"] * 11 + ["about"]
    source = tmp_path / "lines.txt"
    source.write_text("\n".join(words) + "\n")
    result = runner.invoke(
        app,
        ["diagnose", "-", "--json", "--chains-file", str(world.chains)],
        input=source.read_text(),
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in reports] == ["SECRET_REFUSED"]
    assert world.node.calls == []


def test_the_memo_is_chain_text_defanged_in_the_reply(world: World) -> None:
    hostile = json.loads(json.dumps(TRANSFER))
    hostile["actions"][0]["act"]["data"]["memo"] = "claim at https://evil.example/x <b>now</b>"
    world.node.transactions[TX_ID] = hostile
    _, reply = world.run(TX_ID, "--format", "markdown")
    assert "https://evil.example" not in reply and "hxxps://evil[.]example/x" in reply
    _, plain = world.run(TX_ID, "--format", "reply")
    assert "https://evil.example" not in plain


def test_history_goes_to_explorer_api_first_then_a_host_serving_it(
    world: World, tmp_path: Path
) -> None:
    plain_api = EosNode(history=False).start()  # a chain API without Hyperion: 404 there
    try:
        chains = chains_file(tmp_path / "two.yaml", world.node.url, explorer_api=plain_api.url)
        result = runner.invoke(
            app,
            ["diagnose", TX_ID, "--json", "--chains-file", str(chains)],
            env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
        )
    finally:
        plain_api.stop()
    assert json.loads(result.stdout)["verdict"] == "CONFIRMED"
    assert plain_api.calls == ["404 /v2/history/get_transaction"]
    assert world.node.calls == [f"history {TX_ID}"]


def test_chains_check_knows_eos_mainnet_by_its_chain_id(world: World, tmp_path: Path) -> None:
    jungle = EosNode(info="info_jungle4.json").start()
    chains = tmp_path / "check.yaml"
    chains.write_text(
        f"chains:\n  eos:\n    family: eos\n    rpc: [{world.node.url}, {jungle.url}]\n"
    )
    try:
        result = runner.invoke(app, ["chains", "--check", "--json", "--chains-file", str(chains)])
    finally:
        jungle.stop()
    mainnet, other = (json.loads(line) for line in result.stdout.splitlines())
    assert mainnet["chain_id_ok"] is True and mainnet["latest_block"] == 399277762
    assert other["chain_id_ok"] is False and other["error"] == "chain id 73e4385a…, not EOS mainnet"


def test_watch_ends_once_the_block_is_irreversible_and_waits_before(world: World) -> None:
    def watch(tx_id: str) -> tuple[int, list[str]]:
        args = ["watch", tx_id, "--json", "--interval", "0.1", "--timeout", "1"]
        result = runner.invoke(
            app,
            [*args, "--chains-file", str(world.chains)],
            env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
        )
        return result.exit_code, [
            json.loads(line)["verdict"] for line in result.stdout.splitlines()
        ]

    assert watch(TX_ID) == (0, ["CONFIRMED"])
    code, verdicts = watch(ABOVE_LIB_ID)  # never irreversible here: polled until --timeout
    assert code == 4 and verdicts[0] == "CONFIRMING"
    assert world.node.calls.count(f"history {ABOVE_LIB_ID}") >= 2


def test_without_an_eos_chain_a_word_is_unrecognised_text(world: World, tmp_path: Path) -> None:
    evm_only = tmp_path / "evm.yaml"
    evm_only.write_text(
        "chains:\n  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [http://127.0.0.1:1]\n"
    )
    result = runner.invoke(
        app,
        ["diagnose", "hello", "--json", "--chains-file", str(evm_only)],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    report = json.loads(result.stdout)
    assert (result.exit_code, report["verdict"]) == (2, "INVALID_INPUT")
    assert report["kind"] == "invalid" and "EOS" not in report["summary"]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_token_calling_itself_eos_from_another_contract_is_named_an_imitation(
    world: World, lang: str
) -> None:
    world.node.transactions[TX_ID] = fixture("tx_imitation_eos_assembled.json")
    _, out = world.run(TX_ID, "--format", "reply", lang=lang)
    text = " ".join(out.split())
    expected = {
        "en": "but this is not the real EOS: it comes from the contract eosfaketokn",
        "zh-CN": "但这不是真正的 EOS：它来自合约 eosfaketokn",
    }[lang]
    assert expected in text
