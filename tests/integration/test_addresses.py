"""Address diagnosis and fee advice on real anvil nodes: stuck, unused, contracts, tokens,
activity on the other chain only, ENS names, recent history; the advised fees get mined."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import evm_cases as ec
from support import http_mock
from support import scenarios as sc
from support.anvil import AnvilNode
from support.scenarios import Account, ChainEntry, Tokens
from txdoctor.commands.cli import app

pytestmark = pytest.mark.anvil

runner = CliRunner()
FUNDER = 17  # dev accounts of this module's own cases
BLOCKSCOUT = "https://blockscout.test"
GWEI = 10**9


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, list(args), env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en", "COLUMNS": "250"}
    )
    return result.exit_code, result.stdout, result.stderr


def diagnose_json(chains: Path, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run("diagnose", value, "--json", "--chains-file", str(chains), *extra)
    lines = out.splitlines()
    assert len(lines) == 1, (out, err)
    return code, json.loads(lines[0])


def codes(out: dict[str, Any]) -> list[str]:
    return [f["code"] for f in out["findings"]]


def params(out: dict[str, Any], code: str) -> dict[str, Any]:
    return next(f["params"] for f in out["findings"] if f["code"] == code)


def wei(gwei: str) -> int:
    return int(Decimal(gwei) * GWEI)


@pytest.fixture(scope="module")
def tokens(anvil_a: AnvilNode) -> Tokens:
    return sc.deploy_tokens(anvil_a)


@pytest.fixture
def two_chains(anvil_a: AnvilNode, anvil_b: AnvilNode, tokens: Tokens, chains_file: Any) -> Path:
    table = {"USDT": {"contract": tokens.official, "decimals": 6, "name": "Tether USD"}}
    return chains_file(
        {
            "ethereum": ChainEntry(anvil_a, extra={"tokens": table}),
            "bsc": ChainEntry(anvil_b, native="BNB", explorer="https://bscscan.com/tx/{hash}"),
        }
    )


# ---------------------------------------------------------------------------- fee advice
def test_stuck_address_advice_gets_mined(anvil_pending: AnvilNode, chains_file: Any) -> None:
    case = sc.stuck_address(anvil_pending, count=2)
    chains = chains_file({"ethereum": anvil_pending})
    code, out = diagnose_json(chains, case.address)
    assert code == 1 and out["verdict"] == "ADDRESS_STUCK_PENDING"
    found = params(out, "ADDRESS_STUCK_PENDING")
    assert found["blocking_nonce"] == case.latest_nonce and found["waiting"] == 2
    assert found["evm_fees"] == "exact" and found["blocking_hash"] == case.hashes[0]
    assert f"replace nonce {case.latest_nonce}: max fee at least" in out["summary"]
    pool = out["facts"]["addresses"]["ethereum"]["pool"]
    assert [tx["nonce"] for tx in pool] == [0, 1] and pool[0]["hash"] == case.hashes[0]
    # Cancel the blocking transaction with exactly the advised fees: it is mined.
    cancel = ec.resend_nonce(
        anvil_pending,
        sender=case.address,
        nonce=case.latest_nonce,
        max_fee=wei(found["new_max_fee_gwei"]),
        tip=wei(found["new_tip_gwei"]),
    )
    anvil_pending.mine(1)
    assert anvil_pending.wait_for_receipt(cancel)["status"] == "0x1"
    assert anvil_pending.receipt(case.hashes[0]) is None  # replaced, never mined
    _, human, _ = run("diagnose", case.address, "--chains-file", str(chains))
    assert "Address in use" in human or "Address: transactions stuck" in human


def test_pending_speed_up_fees_get_mined(anvil_pending: AnvilNode, chains_file: Any) -> None:
    case = sc.pending_transfer(anvil_pending)
    code, out = diagnose_json(chains_file({"ethereum": anvil_pending}), case.hash)
    assert code == 0 and out["verdict"] == "PENDING"
    found = params(out, "PENDING")
    assert found["evm_fees"] == "exact" and found["replace_nonce"] == case.nonce
    # for the agent: a plain PENDING tells the customer it should go through by itself
    assert "Fees that nodes accept to replace nonce" in " ".join(out["notes"])
    assert "Fees that nodes accept" not in out["summary"]
    faster = sc.replace_pending(
        anvil_pending, case, max_fee=wei(found["new_max_fee_gwei"]), tip=wei(found["new_tip_gwei"])
    )
    anvil_pending.mine(1)
    assert anvil_pending.wait_for_receipt(faster.hash)["status"] == "0x1"


def test_missing_nonce_sent_with_market_fees_unblocks(
    anvil_pending: AnvilNode, chains_file: Any
) -> None:
    case = sc.pending_nonce_gap(anvil_pending, gap=1)
    code, out = diagnose_json(chains_file({"ethereum": anvil_pending}), case.hash)
    assert code == 1 and out["verdict"] == "PENDING_NONCE_GAP"
    found = params(out, "PENDING_NONCE_GAP")
    missing = case.details["missing_nonces"][0]
    assert found["evm_fees"] == "market" and found["replace_nonce"] == missing
    filler = ec.resend_nonce(
        anvil_pending,
        sender=case.sender,
        nonce=missing,
        max_fee=wei(found["new_max_fee_gwei"]),
        tip=wei(found["new_tip_gwei"]),
    )
    assert anvil_pending.wait_for_receipt(filler)["status"] == "0x1"
    anvil_pending.mine(1)
    assert anvil_pending.wait_for_receipt(case.hash)["status"] == "0x1"


# ---------------------------------------------------------------------------- addresses
def test_unused_address(two_chains: Path) -> None:
    code, out = diagnose_json(two_chains, ec.fresh_address())
    assert code == 1 and out["verdict"] == "ADDRESS_UNUSED"
    assert codes(out) == ["ADDRESS_UNUSED"]


def test_contract_and_token_contracts(anvil_a: AnvilNode, tokens: Tokens, two_chains: Path) -> None:
    vault = sc.deploy(anvil_a, "Vault", sender=sc.dev_account(anvil_a, Account.DEPLOYER))
    code, out = diagnose_json(two_chains, vault)
    assert code == 0 and out["verdict"] == "ADDRESS_IS_CONTRACT"
    assert params(out, "ADDRESS_IS_CONTRACT")["token"] == "no"
    assert out["facts"]["addresses"]["ethereum"]["kind"] == "contract"

    code, out = diagnose_json(two_chains, tokens.official)
    found = params(out, "ADDRESS_IS_CONTRACT")
    assert (found["token"], found["contract_token"], found["asset"]) == ("yes", "official", "USDT")
    assert "official USDT token contract" in out["summary"]

    code, out = diagnose_json(two_chains, tokens.fake)
    found = params(out, "ADDRESS_IS_CONTRACT")
    assert found["contract_token"] == "impostor"
    assert found["official_contract"] == tokens.official.lower()
    _, human, _ = run("diagnose", tokens.fake, "--chains-file", str(two_chains))
    assert f"USDT (NOT the official Tether USD: look-alike contract {tokens.fake.lower()})" in human


def test_address_active_only_on_the_second_chain(anvil_b: AnvilNode, two_chains: Path) -> None:
    address = ec.fresh_address()
    ec.pay(anvil_b, sender=sc.dev_account(anvil_b, FUNDER), to=address)
    code, out = diagnose_json(two_chains, address)
    assert code == 0 and out["verdict"] == "ADDRESS_OK" and out["chain"] == "bsc"
    assert out["checked"] == {"ethereum": "not_found", "bsc": "found"}

    code, out = diagnose_json(two_chains, address, "--expect-chain", "ethereum")
    assert code == 1 and out["verdict"] == "WRONG_NETWORK"
    assert out["summary"].startswith("This address has activity on bsc but none on ethereum.")
    assert any("official support" in step for step in out["steps"])


def test_an_address_holding_only_tokens_is_in_use(
    anvil_a: AnvilNode, tokens: Tokens, two_chains: Path
) -> None:
    holder = ec.fresh_address()
    sc.token_transfer(anvil_a, tokens.official, 12 * 10**6, sender=tokens.owner, to=holder)
    code, out = diagnose_json(two_chains, holder)
    assert code == 0 and out["verdict"] == "ADDRESS_OK"
    (held,) = out["facts"]["addresses"]["ethereum"]["token_balances"]
    assert held[0]["symbol"] == "USDT" and held[1] == "12000000"
    _, human, _ = run("diagnose", holder, "--chains-file", str(two_chains))
    assert "12 USDT (Tether USD, official contract)" in human


# ---------------------------------------------------------------------------- ENS
def test_ens_names_resolve_on_ethereum(
    anvil_a: AnvilNode, two_chains: Path, chains_file: Any
) -> None:
    owner = sc.dev_account(anvil_a, FUNDER)
    ec.deploy_ens(anvil_a, {"alice.eth": owner})
    code, out = diagnose_json(two_chains, "Alice.eth")
    assert code == 0 and out["kind"] == "address" and out["value"] == owner
    assert out["input"] == "Alice.eth" and out["verdict"] == "ADDRESS_OK"
    resolved = params(out, "ENS_RESOLVED")
    assert (resolved["ens_name"], resolved["address"]) == ("alice.eth", owner)

    code, out = diagnose_json(two_chains, "nobody-here.eth")
    assert code == 1 and out["verdict"] == "ENS_NOT_RESOLVED"
    assert params(out, "ENS_NOT_RESOLVED")["ens_problem"] == "no_resolver"

    only_bsc = chains_file({"bsc": ChainEntry(anvil_a)}, filename="bsc.yaml")
    code, out = diagnose_json(only_bsc, "alice.eth")
    assert out["verdict"] == "ENS_NOT_RESOLVED"
    assert params(out, "ENS_NOT_RESOLVED")["ens_problem"] == "no_ethereum"


# ---------------------------------------------------------------------------- history
@pytest.fixture
def blockscout(anvil_a: AnvilNode, anvil_b: AnvilNode) -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru(anvil_a.url)
        mock.add_passthru(anvil_b.url)
        yield mock


def test_recent_transfers_and_a_poisoning_attempt(
    anvil_a: AnvilNode, tokens: Tokens, chains_file: Any, blockscout: http_mock.HttpMock
) -> None:
    me = sc.dev_account(anvil_a, FUNDER)
    friend = ec.fresh_address()
    lookalike = ec.lookalike_of(friend)
    fixture = json.loads(
        (
            Path(__file__).resolve().parents[1]
            / "fixtures"
            / "explorer"
            / "blockscout_address_transactions.json"
        ).read_text()
    )["items"][0]

    def tx(sender: str, to: str, value: int, when: str) -> dict[str, Any]:
        return fixture | {
            "hash": sc.random_hash(),
            "from": fixture["from"] | {"hash": sender},
            "to": fixture["to"] | {"hash": to},
            "value": str(value),
            "timestamp": when,
        }

    base = f"{BLOCKSCOUT}/api/v2/addresses/{me.lower()}"
    blockscout.add(
        http_mock.GET,
        f"{base}/transactions",
        json={
            "items": [
                tx(lookalike, me, 0, "2026-11-03T08:00:00.000000Z"),
                tx(me, friend, 2 * 10**18, "2026-11-02T08:00:00.000000Z"),
            ],
            "next_page_params": None,
        },
    )
    blockscout.add(
        http_mock.GET, f"{base}/token-transfers", json={"items": [], "next_page_params": None}
    )
    table = {"USDT": {"contract": tokens.official, "decimals": 6, "name": "Tether USD"}}
    chains = chains_file(
        {"ethereum": ChainEntry(anvil_a, extra={"tokens": table, "explorer_api": BLOCKSCOUT})}
    )
    code, out = diagnose_json(chains, me)
    assert code == 0 and codes(out) == ["ADDRESS_OK", "ADDRESS_POISONING_SUSPECT"]
    found = params(out, "ADDRESS_POISONING_SUSPECT")
    assert found["poisoning"] == "targeted" and found["recipient"] == lookalike.lower()
    assert found["lookalike"] == friend.lower()
    recent = out["facts"]["addresses"]["ethereum"]["recent"]
    assert [r["recipient"] for r in recent] == [me.lower(), friend.lower()]
    _, human, _ = run("diagnose", me, "--chains-file", str(chains))
    assert f"2026-11-02 08:00 sent 2 ETH to {friend.lower()}" in human
    assert f"2026-11-03 08:00 received 0 ETH from {lookalike.lower()}" in human


def test_an_address_that_paid_a_lookalike_leads_with_the_warning(
    anvil_a: AnvilNode, chains_file: Any, blockscout: http_mock.HttpMock
) -> None:
    me = sc.dev_account(anvil_a, FUNDER)
    friend = ec.fresh_address()
    lookalike = ec.lookalike_of(friend)
    row = json.loads(
        (
            Path(__file__).resolve().parents[1]
            / "fixtures"
            / "explorer"
            / "blockscout_address_transactions.json"
        ).read_text()
    )["items"][0]
    rows = [
        row
        | {
            "hash": sc.random_hash(),
            "from": row["from"] | {"hash": me},
            "to": row["to"] | {"hash": to},
            "timestamp": when,
        }
        for to, when in (
            (lookalike, "2026-11-04T08:00:00.000000Z"),
            (friend, "2026-11-01T08:00:00.000000Z"),
        )
    ]
    base = f"{BLOCKSCOUT}/api/v2/addresses/{me.lower()}"
    blockscout.add(http_mock.GET, f"{base}/transactions", json={"items": rows})
    blockscout.add(http_mock.GET, f"{base}/token-transfers", json={"items": []})
    chains = chains_file({"ethereum": ChainEntry(anvil_a, extra={"explorer_api": BLOCKSCOUT})})
    code, out = diagnose_json(chains, me)
    assert code == 1 and codes(out)[:2] == ["ADDRESS_POISONING_SUSPECT", "ADDRESS_OK"]
    found = params(out, "ADDRESS_POISONING_SUSPECT")
    assert found["poisoning"] == "sent_to_lookalike"
    assert (found["recipient"], found["lookalike"]) == (lookalike.lower(), friend.lower())
