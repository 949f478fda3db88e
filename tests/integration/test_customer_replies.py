"""The customer reply of every verdict anvil can make for real, in three languages.

Each case is a real transaction (or address, or pasted text) on local anvil nodes; the
report is checked by ``support.customer_reply`` in en, zh-CN and zh-TW (parties, no code,
flag, product name or agent note, rounded numbers, the glossary), and its advice is checked
to be usable as it is: a concrete gas limit, the stuck transaction's hash, the same fees for
an address as for its stuck transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import scenarios as sc
from support.anvil import AnvilNode
from support.customer_reply import check_customer_reply, in_language
from support.scenarios import ChainEntry, Tokens
from txdoctor.advise.report import Report
from txdoctor.commands.cli import app
from txdoctor.config import load_chains
from txdoctor.core import registry
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.fetch.transport import Transport
from txdoctor.pipeline.doctor import Doctor
from txdoctor.render.reply import reply_text

pytestmark = pytest.mark.anvil

CLI = CliRunner()
PHRASE = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)


@pytest.fixture(scope="module")
def tokens(anvil_a: AnvilNode) -> Tokens:
    return sc.deploy_tokens(anvil_a)


@pytest.fixture
def doctor(
    anvil_a: AnvilNode, anvil_b: AnvilNode, tokens: Tokens, chains_file: Any
) -> Callable[..., Report]:
    table = {"USDT": {"contract": tokens.official, "decimals": 6, "name": "Tether USD"}}
    path = chains_file(
        {
            "ethereum": ChainEntry(
                anvil_a, confirmations=3, extra={"display_name": "Ethereum", "tokens": table}
            ),
            "bsc": ChainEntry(
                anvil_b,
                confirmations=3,
                native="BNB",
                explorer="https://bscscan.com/tx/{hash}",
                extra={"display_name": "BNB Smart Chain"},
            ),
        }
    )
    return _doctor(path)


def _doctor(path: Path) -> Callable[..., Report]:
    def diagnose(value: str, expect: str | None = None) -> Report:
        return Doctor(load_chains(path), Transport(timeout=5, retries=0)).diagnose(value, expect)

    return diagnose


def checked(report: Report, verdict: Verdict) -> Report:
    assert report.verdict is verdict, [f.code for f in report.findings]
    check_customer_reply(report)
    return report


def test_transactions_on_a_mining_node(
    anvil_a: AnvilNode,
    anvil_b: AnvilNode,
    tokens: Tokens,
    contracts: Any,
    doctor: Callable[..., Report],
) -> None:
    confirming = sc.confirming_transfer(anvil_a, blocks_after=1)
    checked(doctor(confirming.hash), Verdict.CONFIRMING)
    paid = sc.token_transfer(anvil_a, tokens.official, 250 * 10**6, sender=tokens.owner)
    fake = sc.token_transfer(anvil_a, tokens.fake, 250 * 10**6, sender=tokens.fake_owner)
    lost = sc.tokens_to_token_contract(anvil_a, tokens, 5 * 10**6)
    vault = sc.eth_to_vault(anvil_a)
    reverted = sc.reverted_with_message(anvil_a)
    elsewhere = sc.wrong_network(anvil_b, confirmations_after=4)
    anvil_a.mine(4)
    for case, verdict in (
        (paid, Verdict.CONFIRMED),
        (fake, Verdict.FAKE_TOKEN),
        (lost, Verdict.SENT_TO_TOKEN_CONTRACT),
        (vault, Verdict.SENT_TO_CONTRACT),
        (reverted, Verdict.FAILED_REVERTED),
    ):
        checked(doctor(case.hash), verdict)
    checked(doctor(elsewhere.hash, "ethereum"), Verdict.WRONG_NETWORK)
    checked(doctor(sc.random_hash()), Verdict.NOT_FOUND)
    fake_reply = reply_text(in_language(doctor(fake.hash), "zh-CN"))
    assert "已确认" not in fake_reply  # the status under a scam verdict is the agent's note
    assert f"收款地址：{fake.recipient.lower()}" in fake_reply


def test_out_of_gas_names_a_gas_limit_that_would_have_been_enough(
    anvil_a: AnvilNode, contracts: Any, doctor: Callable[..., Report]
) -> None:
    case = sc.out_of_gas(anvil_a, rounds=sc.BURN_ROUNDS // 10)  # ~2.2M gas: 37 times its limit
    report = checked(doctor(case.hash), Verdict.FAILED_OUT_OF_GAS)
    params = report.findings[0].params
    needed, advised = params["gas_needed"], params["new_gas_limit"]
    assert isinstance(needed, int) and isinstance(advised, int)
    assert needed > sc.OUT_OF_GAS_LIMIT and advised >= needed * 1.2 - 1000
    sent = anvil_a.rpc("eth_getTransactionByHash", case.hash)
    estimate = anvil_a.rpc(
        "eth_estimateGas", {"from": sent["from"], "to": sent["to"], "data": sent["input"]}
    )
    assert abs(int(estimate, 16) - needed) <= needed // 10  # the node's own estimate
    for lang, words in (
        ("en", f"gas limit of at least {advised}"),
        ("zh-CN", f"至少 {advised}"),
        ("zh-TW", f"至少 {advised}"),
    ):
        assert words in reply_text(in_language(report, lang))


def test_out_of_gas_far_beyond_its_limit_gets_the_wallets_estimate_not_a_search(
    anvil_a: AnvilNode, contracts: Any, doctor: Callable[..., Report]
) -> None:
    case = sc.out_of_gas(anvil_a)  # ~22M gas: 366 times its limit, like a call that never ends
    sent = anvil_a.rpc("eth_getTransactionByHash", case.hash)
    estimate = anvil_a.rpc(
        "eth_estimateGas", {"from": sent["from"], "to": sent["to"], "data": sent["input"]}
    )
    assert int(estimate, 16) > 50 * sc.OUT_OF_GAS_LIMIT  # the node could find a number…
    report = checked(doctor(case.hash), Verdict.FAILED_OUT_OF_GAS)
    assert "gas_needed" not in report.findings[0].params  # …which was not asked of it
    reply = reply_text(in_language(report, "en"))
    assert f"higher gas limit than {sc.OUT_OF_GAS_LIMIT}: use your wallet's estimate" in reply
    assert "at least" not in reply


def test_addresses_and_pasted_text(
    anvil_a: AnvilNode, contracts: Any, doctor: Callable[..., Report]
) -> None:
    checked(doctor(sc.dev_account(anvil_a, sc.Account.CONFIRMED)), Verdict.ADDRESS_OK)
    checked(doctor(sc.unused_address()), Verdict.ADDRESS_UNUSED)
    checked(doctor(sc.deploy_reverter(anvil_a)), Verdict.ADDRESS_IS_CONTRACT)
    checked(doctor("0x1234"), Verdict.INVALID_INPUT)
    checked(doctor(PHRASE), Verdict.SECRET_REFUSED)


def test_a_bridged_token_and_a_network_that_is_not_configured(
    anvil_a: AnvilNode, tokens: Tokens, contracts: Any, chains_file: Any
) -> None:
    table = {
        "USDT": {
            "contract": tokens.official,
            "decimals": 6,
            "name": "Tether USD",
            "variant": "bridged",
        }
    }
    path = chains_file(
        {
            "ethereum": ChainEntry(
                anvil_a, confirmations=1, extra={"display_name": "Ethereum", "tokens": table}
            )
        }
    )
    case = sc.token_transfer(anvil_a, tokens.official, 10**6, sender=tokens.owner)
    anvil_a.mine(1)
    report = checked(_doctor(path)(case.hash), Verdict.CONFIRMED)
    assert Verdict.TOKEN_VARIANT in {f.code for f in report.findings}
    assert "variant" in reply_text(in_language(report, "en"))  # a customer needs this one
    checked(
        _doctor(path)("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"), Verdict.FAMILY_NOT_SUPPORTED
    )


def test_nothing_answers(tmp_path: Path) -> None:
    path = tmp_path / "dead.yaml"  # port 9 (discard): nothing listens there
    path.write_text(
        "chains:\n  ethereum:\n    family: evm\n    chain_id: 31337\n"
        "    rpc: [http://127.0.0.1:9]\n    confirmations: 3\n    block_time: 12\n"
        "    explorer: https://etherscan.io/tx/{hash}\n    native: ETH\n"
    )
    checked(_doctor(path)(sc.random_hash()), Verdict.UNREACHABLE)


def test_pending_cases_and_the_stuck_address_agree_on_fees(
    anvil_pending: AnvilNode, chains_file: Any
) -> None:
    path = chains_file(
        {"ethereum": ChainEntry(anvil_pending, confirmations=3, extra={"display_name": "Ethereum"})}
    )
    diagnose = _doctor(path)
    low = sc.pending_low_fee(anvil_pending)
    gap = sc.pending_nonce_gap(anvil_pending)
    stuck = sc.stuck_address(anvil_pending)
    pending = sc.pending_transfer(anvil_pending)
    checked(diagnose(low.hash), Verdict.PENDING_LOW_FEE)
    checked(diagnose(gap.hash), Verdict.PENDING_NONCE_GAP)
    plain = checked(diagnose(pending.hash), Verdict.PENDING)
    assert "gwei" not in plain.main.summary + " ".join(plain.main.steps)  # nothing to replace
    address = checked(diagnose(stuck.address), Verdict.ADDRESS_STUCK_PENDING)
    blocking = diagnose(stuck.hashes[0])
    assert stuck.hashes[0] in address.main.summary  # the stuck transaction, by its hash
    fees = ("new_max_fee_gwei", "new_tip_gwei", "new_max_cost")
    by_address = {k: address.findings[0].params[k] for k in fees}
    by_hash = {k: blocking.findings[0].params.get(k) for k in fees}
    assert by_address == by_hash and all(isinstance(v, Decimal) for v in by_address.values())
    text = reply_text(in_language(address, "en"))
    assert not re.search(r"\d %", text) and "with the fees given above" in text


def cli(*args: str) -> str:
    """What a user of ``txdoctor`` sees (run in this process: the customer-reply check of
    conftest.py sees every report the command makes)."""
    run = CLI.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert run.exit_code in (0, 1, 2, 3, 4), (run.exit_code, run.output)
    assert "Traceback" not in run.output
    return run.stdout


def test_the_same_transaction_on_two_chains_with_one_chain_id(
    start_anvil: Any, chains_file: Any
) -> None:
    """A fork that kept the chain id accepts the same signed bytes: ALSO_FOUND_ON, for real."""
    node, fork = start_anvil(31337), start_anvil(31337)
    case = sc.replayed_transfer(node, fork)
    node.mine(4)
    fork.mine(4)
    path = chains_file(
        {
            "ethereum": ChainEntry(node, confirmations=3, extra={"display_name": "Ethereum"}),
            "ethfork": ChainEntry(
                fork,
                confirmations=3,
                explorer="https://fork.example/tx/{hash}",
                extra={"display_name": "Ethereum Fork"},
            ),
        }
    )
    report = checked(_doctor(path)(case.hash), Verdict.CONFIRMED)
    also = [f.params["chain"] for f in report.findings if f.code is Verdict.ALSO_FOUND_ON]
    assert (report.chain, also) == ("ethereum", ["ethfork"])
    row = cli("diagnose", case.hash, "--chains-file", str(path), "--json")
    assert '"code": "ALSO_FOUND_ON"' in row and '"chain": "ethereum"' in row
    expected = {
        "en": "A transaction with this hash also exists on Ethereum Fork.",
        "zh-CN": "Ethereum Fork",
        "zh-TW": "Ethereum Fork",
    }
    for lang, words in expected.items():
        agent = cli(
            "diagnose", case.hash, "--chains-file", str(path), "--format", "agent", "--lang", lang
        )
        reply = cli(
            "diagnose", case.hash, "--chains-file", str(path), "--format", "reply", "--lang", lang
        )
        assert agent.startswith(reply.rstrip("\n")) and words in agent.removeprefix(reply)
        assert case.hash in reply and words not in reply  # the other chain is the agent's note


def test_an_address_of_a_family_that_cannot_be_looked_up_yet(tmp_path: Path) -> None:
    """A configured family whose fetcher has not landed (only its input parsing has): the
    address is valid, nothing can be asked, ADDRESS_NOT_SUPPORTED through the real CLI."""
    path = tmp_path / "tron.yaml"
    path.write_text(
        "chains:\n  tron:\n    family: tron\n    display_name: Tron\n"
        "    rpc: http://127.0.0.1:9\n    confirmations: 19\n"
    )
    address = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    registry.use_package(Family.TRON, "support.lookup_free_family")
    try:
        checked(_doctor(path)(address), Verdict.ADDRESS_NOT_SUPPORTED)
        row = cli("diagnose", address, "--chains-file", str(path), "--json")
        replies = {
            lang: cli(
                "diagnose", address, "--chains-file", str(path), "--format", "reply", "--lang", lang
            )
            for lang in ("en", "zh-CN", "zh-TW")
        }
    finally:
        registry.use_package(Family.TRON, None)
    assert '"verdict": "ADDRESS_NOT_SUPPORTED"' in row
    assert "Paste the transaction hash (TxID) of the transfer instead." in replies["en"]
    assert "交易哈希" in replies["zh-CN"] and "交易雜湊" in replies["zh-TW"]
    assert all(address in reply for reply in replies.values())
