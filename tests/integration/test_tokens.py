"""What was sent, to whom, on which network: token transfers made for real on anvil.

An "official" USDT is listed in the test chains file; a fake with the same name and symbol is
not. Each case is a real transaction; the JSON verdict and the human one-liner are checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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
STRANGER = 15  # dev accounts of this module's own cases (scenarios use the others)
PAYER = 16
USDT = 10**6  # 6 decimals
BLOCKSCOUT = "https://blockscout.test"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        list(args),
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en", "COLUMNS": "250", **(env or {})},
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


@pytest.fixture(scope="module")
def tokens(anvil_a: AnvilNode) -> Tokens:
    return sc.deploy_tokens(anvil_a)


def listed(node: AnvilNode, tokens: Tokens, **extra: Any) -> ChainEntry:
    table = {"USDT": {"contract": tokens.official, "decimals": 6, "name": "Tether USD"}}
    return ChainEntry(node, confirmations=1, extra={"tokens": table, **extra})


@pytest.fixture
def chains(anvil_a: AnvilNode, anvil_b: AnvilNode, tokens: Tokens, chains_file: Any) -> Path:
    return chains_file(
        {
            "ethereum": listed(anvil_a, tokens),
            "bsc": ChainEntry(
                anvil_b, confirmations=1, native="BNB", explorer="https://bscscan.com/tx/{hash}"
            ),
        }
    )


def test_official_transfer_one_line(anvil_a: AnvilNode, tokens: Tokens, chains: Path) -> None:
    case = sc.token_transfer(anvil_a, tokens.official, 250 * USDT, sender=tokens.owner)
    code, out = diagnose_json(chains, case.hash)
    assert code == 0 and out["verdict"] == "CONFIRMED"
    (transfer,) = out["facts"]["transfers"]
    assert transfer["token"]["status"] == "official" and transfer["direct"] is True
    assert transfer["raw_amount"] == "250000000" and transfer["amount"] == "250"
    assert transfer["recipient"] == case.recipient.lower()
    assert transfer["recipient_kind"] == "account"
    assert out["facts"]["recipient_kind"] == "token_contract"

    _, human, _ = run("diagnose", case.hash, "--chains-file", str(chains))
    assert f"You sent 250 USDT (Tether USD, official contract) to {case.recipient.lower()}" in human


def test_fake_token_leads_and_confirmed_follows(
    anvil_a: AnvilNode, tokens: Tokens, chains: Path
) -> None:
    case = sc.token_transfer(anvil_a, tokens.fake, 250 * USDT, sender=tokens.fake_owner)
    code, out = diagnose_json(chains, case.hash)
    assert code == 1 and out["verdict"] == "FAKE_TOKEN" and out["severity"] == "error"
    assert codes(out)[:2] == ["FAKE_TOKEN", "CONFIRMED"]
    fake = params(out, "FAKE_TOKEN")
    assert fake["contract"] == tokens.fake.lower()
    assert fake["official_contract"] == tokens.official.lower()
    assert fake["amount"] == "250" and fake["asset"] == "USDT"
    assert tokens.official.lower() in out["steps"][0]
    assert out["facts"]["transfers"][0]["token"]["status"] == "impostor"

    _, human, _ = run("diagnose", case.hash, "--chains-file", str(chains))
    assert (
        f"You sent 250 USDT (NOT the official Tether USD: look-alike contract "
        f"{tokens.fake.lower()}) to {case.recipient.lower()}"
    ) in human
    assert "Fake token" in human


def test_fake_token_with_a_lying_symbol_is_quoted(
    anvil_a: AnvilNode, tokens: Tokens, chains: Path
) -> None:
    """A symbol that tries to read as part of the sentence (and carries a terminal escape)
    is quoted, cut and escaped; the name still gives it away as an impostor."""
    evil = sc.deploy_tokens(
        anvil_a, symbol="USDT (Tether USD, official contract)\x1b[2J", name="Tether USD"
    )
    case = sc.token_transfer(anvil_a, evil.fake, 7 * USDT, sender=evil.fake_owner)
    code, out = diagnose_json(chains, case.hash)
    assert code == 1 and out["verdict"] == "FAKE_TOKEN"
    _, human, _ = run("diagnose", case.hash, "--chains-file", str(chains))
    assert "\x1b[2J" not in human
    assert 'You sent 7 "USDT (Tether USD…" (NOT the official Tether USD' in human


def test_tokens_sent_to_their_own_contract(
    anvil_a: AnvilNode, tokens: Tokens, chains: Path
) -> None:
    case = sc.tokens_to_token_contract(anvil_a, tokens, 5 * USDT)
    code, out = diagnose_json(chains, case.hash)
    assert code == 1 and out["verdict"] == "SENT_TO_TOKEN_CONTRACT"
    assert codes(out)[:2] == ["SENT_TO_TOKEN_CONTRACT", "CONFIRMED"]
    assert params(out, "SENT_TO_TOKEN_CONTRACT")["same_token"] == "yes"
    assert out["facts"]["transfers"][0]["recipient_kind"] == "token_contract"
    assert "very token that was sent" in out["summary"]


def test_coins_sent_to_a_token_that_refuses_them(
    anvil_a: AnvilNode, tokens: Tokens, chains: Path
) -> None:
    tx = ec.send(
        anvil_a,
        {
            "from": sc.dev_account(anvil_a, PAYER),
            "to": tokens.official,
            "value": hex(10**15),
            "gas": hex(100_000),
        },
        expect_status=0,
    )
    code, out = diagnose_json(chains, tx)
    assert code == 1 and out["verdict"] == "FAILED_REVERTED"  # nothing was lost
    assert "SENT_TO_TOKEN_CONTRACT" not in codes(out)


def test_eth_to_a_plain_contract(anvil_a: AnvilNode, chains: Path) -> None:
    case = sc.eth_to_vault(anvil_a)
    code, out = diagnose_json(chains, case.hash)
    assert code == 0 and out["verdict"] == "SENT_TO_CONTRACT" and out["severity"] == "info"
    assert codes(out)[:2] == ["SENT_TO_CONTRACT", "CONFIRMED"]
    assert params(out, "SENT_TO_CONTRACT")["recipient"] == case.to.lower()  # type: ignore[union-attr]
    assert out["facts"]["recipient_kind"] == "contract"


def test_tokens_to_a_plain_contract(anvil_a: AnvilNode, tokens: Tokens, chains: Path) -> None:
    vault = sc.deploy(anvil_a, "Vault", sender=sc.dev_account(anvil_a, Account.DEPLOYER))
    tx = ec.token_call(anvil_a, tokens.official, 3 * USDT, sender=tokens.owner, to=vault)
    code, out = diagnose_json(chains, tx)
    assert code == 0 and out["verdict"] == "SENT_TO_CONTRACT"
    found = params(out, "SENT_TO_CONTRACT")
    assert (found["asset"], found["amount"], found["recipient"]) == ("USDT", "3", vault.lower())


def test_failed_transfer_of_a_fake_token(anvil_a: AnvilNode, tokens: Tokens, chains: Path) -> None:
    payer = sc.dev_account(anvil_a, PAYER)  # holds none of the fake tokens
    tx = ec.failing_token_transfer(
        anvil_a, tokens.fake, 9 * USDT, sender=payer, to=ec.fresh_address()
    )
    code, out = diagnose_json(chains, tx)
    assert code == 1 and out["verdict"] == "FAILED_REVERTED"
    assert codes(out)[:2] == ["FAILED_REVERTED", "FAKE_TOKEN"]
    assert params(out, "FAKE_TOKEN")["fake_attempted"] == "yes"
    (attempt,) = out["facts"]["transfers"]
    assert attempt["attempted"] is True and attempt["raw_amount"] == str(9 * USDT)
    _, human, _ = run("diagnose", tx, "--chains-file", str(chains))
    assert "You tried to send 9 USDT (NOT the official Tether USD" in human
    assert "nothing moved" in human


def test_zero_value_transfer_from_a_victim_is_poisoning(
    anvil_a: AnvilNode, tokens: Tokens, chains: Path
) -> None:
    lookalike = ec.lookalike_of(sc.dev_account(anvil_a, Account.RECIPIENT))
    tx = ec.zero_transfer_from(
        anvil_a,
        tokens.official,
        victim=tokens.owner,
        to=lookalike,
        caller=sc.dev_account(anvil_a, STRANGER),
    )
    code, out = diagnose_json(chains, tx)
    assert code == 1 and out["verdict"] == "ADDRESS_POISONING_SUSPECT"
    found = params(out, "ADDRESS_POISONING_SUSPECT")
    assert found["poisoning"] == "zero_transfer"
    assert found["sender"] == tokens.owner.lower() and found["recipient"] == lookalike.lower()


@pytest.fixture
def blockscout(anvil_a: AnvilNode, anvil_b: AnvilNode) -> Iterator[http_mock.HttpMock]:
    """A Blockscout instance mocked with ``http_mock``; the anvil nodes stay real."""
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru(anvil_a.url)
        mock.add_passthru(anvil_b.url)
        yield mock


def blockscout_rows(
    mock: http_mock.HttpMock,
    address: str,
    rows: list[dict[str, Any]],
    token_rows: list[dict[str, Any]] | None = None,
) -> None:
    """Serve ``rows`` as the address's transactions (shape: tests/fixtures/explorer)."""
    base = f"{BLOCKSCOUT}/api/v2/addresses/{address.lower()}"
    mock.add(http_mock.GET, f"{base}/transactions", json={"items": rows, "next_page_params": None})
    mock.add(
        http_mock.GET,
        f"{base}/token-transfers",
        json={"items": token_rows or [], "next_page_params": None},
    )


def blockscout_tx(
    tx_hash: str, sender: str, to: str, value: int, when: str = "2026-11-01T10:00:00.000000Z"
) -> dict[str, Any]:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "explorer"
    row: dict[str, Any] = json.loads(
        (fixture / "blockscout_address_transactions.json").read_text()
    )["items"][0]
    return row | {
        "hash": tx_hash,
        "from": row["from"] | {"hash": sender},
        "to": row["to"] | {"hash": to},
        "value": str(value),
        "timestamp": when,
        "status": "ok",
        "result": "success",
    }


def test_payment_to_a_lookalike_of_an_earlier_recipient(
    anvil_a: AnvilNode, tokens: Tokens, chains_file: Any, blockscout: http_mock.HttpMock
) -> None:
    chains = chains_file({"ethereum": listed(anvil_a, tokens, explorer_api=BLOCKSCOUT)})
    payer = sc.dev_account(anvil_a, PAYER)
    genuine = ec.fresh_address()
    lookalike = ec.lookalike_of(genuine)
    tx = ec.pay(anvil_a, sender=payer, to=lookalike)
    blockscout_rows(
        blockscout,
        payer,
        [
            blockscout_tx(tx, payer, lookalike, 10**16, "2026-11-02T10:00:00.000000Z"),
            blockscout_tx(sc.random_hash(), lookalike, payer, 0, "2026-11-01T12:00:00.000000Z"),
            blockscout_tx(sc.random_hash(), payer, genuine, 10**18, "2026-11-01T10:00:00.000000Z"),
        ],
    )
    code, out = diagnose_json(chains, tx)
    assert code == 1 and out["verdict"] == "ADDRESS_POISONING_SUSPECT"
    found = params(out, "ADDRESS_POISONING_SUSPECT")
    assert found["lookalike"] == genuine.lower() and found["recipient"] == lookalike.lower()
    assert found["poisoning"] == "sent_to_lookalike" and found["poisoning_planted"] == "yes"
    assert "HISTORY_UNCHECKED" not in codes(out)


def test_payment_to_a_known_recipient_is_not_suspect(
    anvil_a: AnvilNode, tokens: Tokens, chains_file: Any, blockscout: http_mock.HttpMock
) -> None:
    chains = chains_file({"ethereum": listed(anvil_a, tokens, explorer_api=BLOCKSCOUT)})
    payer = sc.dev_account(anvil_a, STRANGER)
    friend = ec.fresh_address()
    tx = ec.pay(anvil_a, sender=payer, to=friend)
    blockscout_rows(blockscout, payer, [blockscout_tx(sc.random_hash(), payer, friend, 1)])
    code, out = diagnose_json(chains, tx)
    assert code == 0 and out["verdict"] == "CONFIRMED"
    assert codes(out) == ["CONFIRMED"]


def test_without_an_explorer_the_check_is_said_to_be_skipped(
    anvil_a: AnvilNode, chains: Path
) -> None:
    tx = ec.pay(anvil_a, sender=sc.dev_account(anvil_a, PAYER), to=ec.fresh_address())
    code, out = diagnose_json(chains, tx)
    assert code == 0 and codes(out) == ["CONFIRMED", "HISTORY_UNCHECKED"]
    unchecked = out["findings"][1]
    assert unchecked["params"]["history_problem"] == "none_configured"
    assert "address poisoning" in unchecked["summary"]


def test_found_on_bsc_recipient_in_use_on_ethereum(
    anvil_a: AnvilNode, anvil_b: AnvilNode, chains: Path
) -> None:
    used_on_ethereum = sc.dev_account(anvil_a, Account.RECIPIENT)  # funded on both nodes
    tx = ec.pay(anvil_b, sender=sc.dev_account(anvil_b, PAYER), to=used_on_ethereum)
    code, out = diagnose_json(chains, tx, "--expect-chain", "ethereum")
    assert code == 1 and out["verdict"] == "WRONG_NETWORK" and out["chain"] == "bsc"
    wrong = params(out, "WRONG_NETWORK")
    assert wrong["evm_recipient_elsewhere"] == "used"
    assert wrong["recipient"] == used_on_ethereum.lower()
    assert "also in use on ethereum" in out["summary"]
    assert any(
        "official support" in step and "Never contact a third party" in step
        for step in out["steps"]
    )


def test_found_on_bsc_recipient_unknown_on_ethereum(anvil_b: AnvilNode, chains: Path) -> None:
    tx = ec.pay(anvil_b, sender=sc.dev_account(anvil_b, PAYER), to=ec.fresh_address())
    code, out = diagnose_json(chains, tx, "--expect-chain", "ethereum")
    assert code == 1 and out["verdict"] == "WRONG_NETWORK"
    assert params(out, "WRONG_NETWORK")["evm_recipient_elsewhere"] == "unused"
    assert "no activity at all on ethereum" in out["summary"]
