"""`txdoctor diagnose` on Aptos, end to end through the real CLI, against a recorded fullnode
on 127.0.0.1 (tests/support/aptos_node.py, bodies from tests/fixtures/aptos): every Aptos
verdict in three languages, the hash shape shared with EVM, and `chains --check`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.aptos_node import AptosNode, fixture
from support.cli_world import DiagnoseCli, empty_evm_node
from txdoctor.commands.cli import app

runner = CliRunner()
TRANSFER = fixture("tx_transfer_devnet.json")
TRANSFER_HASH = TRANSFER["hash"]
RECIPIENT = "0x2a5ddd8e5ac5e30f61e42e4dc54a2d6a904412810767fa2e1674b08ca3b04365"
SENDER = "0xf08819a2ca002c1da8c6242040607617093f519eb2525201efaba47b0841f682"
FAILED_HASH = "0x" + "5e" * 32  # the golden's hash is scrubbed to "": served under this one
ABORT_HASH = "0x" + "a1" * 32
UNREGISTERED_HASH = "0x" + "a2" * 32
PENDING_HASH = fixture("tx_pending_golden.json")["hash"]
UNKNOWN_HASH = "0x15940935f6317d7a42085855aa8167106aff03aeff5528bed51da015940d3221"
EXPLORER = "https://explorer.aptoslabs.com"


@dataclass
class World(DiagnoseCli):
    """The recorded fullnode and a chains file naming it (plus an empty Ethereum node)."""

    node: AptosNode
    evm_methods: list[str]
    chains: Path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    node = AptosNode().start()
    methods: list[str] = []
    evm = empty_evm_node(methods)
    node.transactions[TRANSFER_HASH] = TRANSFER
    node.versions[TRANSFER["version"]] = TRANSFER
    node.transactions[FAILED_HASH] = fixture("tx_failed_golden.json")
    node.transactions[ABORT_HASH] = fixture("tx_abort_balance_assembled.json")
    node.transactions[UNREGISTERED_HASH] = fixture("tx_abort_not_registered_assembled.json")
    node.transactions[PENDING_HASH] = fixture("tx_pending_golden.json")
    node.accounts[SENDER] = fixture("account_sender_crosschain.json")
    node.accounts["0x" + "0" * 63 + "1"] = fixture("account_core_golden.json")
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        "chains:\n"
        f"  aptos:\n    family: aptos\n    rpc: [{node.url}]\n"
        f"  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [{evm.url}]\n"
    )
    yield World(node, methods, chains)
    node.stop()
    evm.stop()


def test_a_transfer_is_confirmed_and_final_with_its_amount(world: World) -> None:
    code, out = world.run(TRANSFER_HASH)
    assert code == 0
    assert "Confirmed · Aptos" in out
    assert "(version 3509309)" in out and "cannot be rolled back" in out
    assert f"It sent 1.234 APT to {RECIPIENT}." in " ".join(out.split())
    assert "0.000006 APT" in out  # gas_used 6 × gas_unit_price 100 octas
    assert f"/v1/transactions/by_hash/{TRANSFER_HASH}" in world.node.paths


def test_the_0x_hash_is_asked_of_ethereum_too(world: World) -> None:
    code, report = world.json(TRANSFER_HASH)
    assert (code, report["verdict"]) == (0, "CONFIRMED")
    assert "eth_getTransactionByHash" in world.evm_methods
    assert report["chain"] == "aptos"


def test_an_explorer_link_by_version_asks_aptos_only(world: World) -> None:
    code, report = world.json(f"{EXPLORER}/txn/3509309?network=mainnet")
    assert (code, report["verdict"]) == (0, "CONFIRMED")
    assert "/v1/transactions/by_version/3509309" in world.node.paths
    assert world.evm_methods == []


def test_a_vm_error_is_failed_with_the_fee_still_charged(world: World) -> None:
    code, report = world.json(FAILED_HASH)
    assert (code, report["verdict"]) == (1, "FAILED_REVERTED")
    assert "The Aptos VM stopped it with MODULE_ADDRESS_DOES_NOT_MATCH_SENDER." in report["summary"]
    assert "The gas fee of 0 APT was still charged." in report["summary"]  # gas price 0


def test_a_move_abort_is_decoded_with_its_meaning(world: World) -> None:
    code, out = world.run(ABORT_HASH)
    text = " ".join(out.split())
    assert code == 1 and "Failed · Aptos" in out
    assert "It stopped in 0x1::coin with the error EINSUFFICIENT_BALANCE (0x10006)." in text
    assert "The module describes that error as: Not enough coins to complete transaction" in text
    assert "The amount was more than the sending account held." in text
    assert "no APT or tokens moved" in text and "0.000006 APT was still charged" in text
    assert "The contract gave no reason" not in text  # an EVM sentence


def test_an_unregistered_recipient_is_told_how_to_resend(world: World) -> None:
    _, out = world.run(UNREGISTERED_HASH)
    text = " ".join(out.split())
    assert "ECOIN_STORE_NOT_PUBLISHED (0x60005)" in text
    assert "0x1::aptos_account::transfer_coins" in text


def test_a_mempool_transaction_is_pending(world: World) -> None:
    code, report = world.json(PENDING_HASH)
    assert (code, report["verdict"]) == (0, "PENDING")
    assert "not committed yet" in report["summary"]


def test_a_pending_transaction_gone_after_its_expiry_time_is_expired(world: World) -> None:
    pending = fixture("tx_pending_mainnet_assembled.json")  # expires 2025-10-16 19:34:31 UTC
    world.node.transactions[pending["hash"]] = pending
    assert world.json(pending["hash"])[1]["verdict"] == "PENDING"  # remembered in the history
    del world.node.transactions[pending["hash"]]
    code, report = world.json(pending["hash"])
    assert (code, report["verdict"], report["chain"]) == (1, "EXPIRED", "aptos")
    assert "was not included on Aptos before its expiry time" in report["summary"]
    _, reply = world.run(pending["hash"], "--format", "reply", lang="zh-CN")
    assert "这笔交易在过期时间之前没有被 Aptos 打包" in reply and "EXPIRED" not in reply


def test_a_pending_transaction_gone_before_its_expiry_time_is_only_not_found(
    world: World,
) -> None:
    assert world.json(PENDING_HASH)[1]["verdict"] == "PENDING"  # expires in the year 584942417355
    del world.node.transactions[PENDING_HASH]
    assert world.json(PENDING_HASH)[1]["verdict"] == "NOT_FOUND"


def test_an_unknown_hash_is_not_found_with_the_expiry_explained(world: World) -> None:
    _, out = world.run(f"{EXPLORER}/txn/{UNKNOWN_HASH}")
    text = " ".join(out.split())
    assert "Not found" in out
    assert "No checked Aptos node knows this transaction (Aptos)." in text
    assert "It is safe to send the payment again." in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-CN", ("交易已在 Aptos 上提交", "手续费", "EINSUFFICIENT_BALANCE")),
        ("zh-TW", ("交易已在 Aptos 上提交", "手續費", "EINSUFFICIENT_BALANCE")),
    ],
)
def test_a_failure_reads_in_chinese(world: World, lang: str, words: tuple[str, ...]) -> None:
    _, out = world.run(ABORT_HASH, lang=lang)
    for word in words:
        assert word in out


@pytest.mark.parametrize(("lang", "word"), [("zh-CN", "最终状态"), ("zh-TW", "最終狀態")])
def test_a_confirmation_reads_in_chinese(world: World, lang: str, word: str) -> None:
    _, out = world.run(TRANSFER_HASH, lang=lang)
    assert word in out and "1.234 APT" in out


def test_a_testnet_link_is_refused_before_any_lookup(world: World) -> None:
    code, report = world.json(f"{EXPLORER}/txn/{TRANSFER_HASH}?network=testnet")
    assert (code, report["verdict"]) == (2, "INVALID_INPUT")
    assert world.node.paths == []


def test_an_account_that_has_sent_is_ok(world: World) -> None:
    _, report = world.json(f"{EXPLORER}/account/{SENDER}")
    assert report["verdict"] == "ADDRESS_OK"
    assert "has sent transactions" in report["summary"]


def test_an_account_the_node_does_not_know_is_said_to_be_missing(world: World) -> None:
    _, report = world.json(f"{EXPLORER}/account/{RECIPIENT}")
    assert report["verdict"] == "ADDRESS_UNUSED"
    assert "it has never been created" in report["summary"]


def test_a_default_account_is_not_called_missing(world: World) -> None:
    _, report = world.json("0x1")  # answered with sequence number 0: may only have received
    assert report["verdict"] == "ADDRESS_UNUSED"
    assert "does not say whether it has received anything" in report["summary"]
    assert "never been created" not in report["summary"]


def test_chains_check_knows_mainnet_by_its_chain_id(world: World, tmp_path: Path) -> None:
    devnet = AptosNode(ledger="ledger_devnet.json").start()
    chains = tmp_path / "check.yaml"
    chains.write_text(
        f"chains:\n  aptos:\n    family: aptos\n    rpc: [{world.node.url}, {devnet.url}]\n"
    )
    try:
        result = runner.invoke(app, ["chains", "--check", "--json", "--chains-file", str(chains)])
    finally:
        devnet.stop()
    mainnet, other = (json.loads(line) for line in result.stdout.splitlines())
    assert mainnet["chain_id_ok"] is True and mainnet["latest_block"] == 177862741
    assert other["chain_id_ok"] is False and other["error"] == "chain id 58, not 1"


def test_the_modules_description_is_chain_text_defanged_in_the_reply(world: World) -> None:
    hostile = dict(fixture("tx_abort_balance_assembled.json"))
    hostile["vm_status"] = (
        "Move abort in 0x1::coin: EINSUFFICIENT_BALANCE(0x10006): "
        "claim at https://evil.example/x <b>now</b>"
    )
    world.node.transactions[ABORT_HASH] = hostile
    _, reply = world.run(ABORT_HASH, "--format", "markdown")
    assert "https://evil.example" not in reply and "hxxps://evil.example/x" in reply
    assert "<b>" not in reply


HOLDER = "0xa589a80d61ec380c24a5fdda109c3848c082584e6cb725e5ab19b18354b2ab85"
COIN_STORE_PATH = "/resource/0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>"


@pytest.fixture
def holder(world: World) -> World:
    """A current fullnode's default account (sequence number 0) that holds a coin store."""
    world.node.accounts[HOLDER] = fixture("account_core_golden.json")
    world.node.coin_stores[HOLDER] = fixture("coin_store_crosschain.json")
    return world


def test_an_account_shows_its_apt_balance(holder: World) -> None:
    _, out = holder.run(f"{EXPLORER}/account/{HOLDER}")
    text = " ".join(out.split())
    assert "0.01 APT" in text  # 1000000 octas
    _, report = holder.json(f"{EXPLORER}/account/{HOLDER}")
    balance = report["facts"]["addresses"]["aptos"]["balance"]
    assert (balance["raw"], balance["symbol"]) == ("1000000", "APT")
    assert "The account exists and can receive APT: it holds 0.01 APT." in text
    assert f"/v1/accounts/{HOLDER}{COIN_STORE_PATH}" in holder.node.paths
    _, reply = holder.run(f"{EXPLORER}/account/{HOLDER}", "--format", "reply", lang="zh-CN")
    assert "该账户已存在，可以接收 APT：目前持有 0.01 APT。" in reply


def test_an_account_without_a_coin_store_has_no_balance_shown(world: World) -> None:
    _, report = world.json(f"{EXPLORER}/account/{SENDER}")
    address = report["facts"]["addresses"]["aptos"]
    assert address["balance"] is None  # its APT may be in a fungible-asset store: not known
    assert report["verdict"] == "ADDRESS_OK"


def test_a_bare_long_aptos_address_is_asked_as_an_account_too(holder: World) -> None:
    code, report = holder.json(HOLDER)
    assert (code, report["kind"], report["verdict"]) == (1, "address", "ADDRESS_UNUSED")
    assert "it holds 0.01 APT" in report["summary"]
    assert f"/v1/transactions/by_hash/{HOLDER}" in holder.node.paths  # asked as both
    assert f"/v1/accounts/{HOLDER}" in holder.node.paths
    assert "eth_getTransactionByHash" in holder.evm_methods
    _, sender = holder.json(SENDER)
    assert (sender["kind"], sender["verdict"]) == ("address", "ADDRESS_OK")


def test_a_bare_hash_that_is_a_transaction_stays_a_transaction(world: World) -> None:
    _, report = world.json(TRANSFER_HASH)
    assert (report["kind"], report["verdict"]) == ("transaction", "CONFIRMED")
    assert f"/v1/accounts/{TRANSFER_HASH}" in world.node.paths  # asked at the same time


@pytest.mark.parametrize("account", [None, "account_core_golden.json"])
def test_a_bare_hash_nobody_knows_is_not_found(world: World, account: str | None) -> None:
    # A 404, or a current node's default account (sequence 0, no coin store): no account.
    if account:
        world.node.accounts[UNKNOWN_HASH] = fixture(account)
    _, report = world.json(UNKNOWN_HASH)
    assert (report["kind"], report["verdict"]) == ("transaction", "NOT_FOUND")


EXPIRED_HASH = "0x" + "e7" * 32


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "was not included on Aptos before its expiry time"),
        ("zh-CN", "这笔交易在过期时间之前没有被 Aptos 打包"),
        ("zh-TW", "這筆交易在過期時間之前沒有被 Aptos 打包"),
    ],
)
def test_a_pending_transaction_past_its_expiry_is_expired(
    world: World, lang: str, words: str
) -> None:
    world.node.transactions[EXPIRED_HASH] = fixture("tx_pending_expired_assembled.json")
    code, report = world.json(EXPIRED_HASH)
    assert report["verdict"] == "EXPIRED" and code != 0
    assert "/v1" in world.node.paths  # the ledger's clock, not this machine's
    _, reply = world.run(EXPIRED_HASH, "--format", "reply", lang=lang)
    assert words in " ".join(reply.split())


def test_a_pending_transaction_before_its_expiry_stays_pending(world: World) -> None:
    _, report = world.json(PENDING_HASH)  # expiration_timestamp_secs: u64 max
    assert report["verdict"] == "PENDING"
