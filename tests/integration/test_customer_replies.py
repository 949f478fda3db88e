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

from support import scenarios as sc
from support.anvil import AnvilNode
from support.customer_reply import check_customer_reply, in_language
from support.scenarios import ChainEntry, Tokens
from txdoctor.advise.report import Report
from txdoctor.config import load_chains
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.fetch.transport import Transport
from txdoctor.pipeline.doctor import Doctor
from txdoctor.render.reply import reply_text

pytestmark = pytest.mark.anvil

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
    case = sc.out_of_gas(anvil_a)
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
