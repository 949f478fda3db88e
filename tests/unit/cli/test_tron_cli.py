"""`txdoctor diagnose` on Tron, end to end through the real CLI, TronGrid mocked with
`http_mock` on bodies in the shape the real API returns (tests/fixtures/tron)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from support import http_mock
from support.rpc_mock import serve_rpc
from support.trongrid import TronGrid, fixture
from txdoctor.commands.cli import app

runner = CliRunner()
EVM_URL = "https://rpc.evm.test/"
FAKE_HEX = "410c9f027586a6ee016b7fdf0402160abcc4e1a115"
ADDRESS = "TWAFRfZFmhVQZjxM3De7Mp5UZ9sLqWqpHp"
ADDRESS_HEX = "41dd791d6b49e190062d650e6a23c575510d35f2f9"
USDT_TX = (
    "gettransactionbyid_usdt_transfer_d94fad38.json",
    "gettransactioninfobyid_usdt_transfer_d94fad38.json",
)
TRON_CHAIN = {
    "display_name": "Tron",
    "family": "tron",
    "rpc": ["https://api.trongrid.io"],
    "confirmations": 19,
    "block_time": 3,
    "native": "TRX",
    "native_decimals": 6,
    "explorer": "https://tronscan.org/#/transaction/{hash}",
    "tokens": {
        "USDT": {
            "contract": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "decimals": 6,
            "name": "Tether USD",
        }
    },
}


@pytest.fixture(autouse=True)
def no_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRON_PRO_API_KEY", raising=False)


@pytest.fixture
def chains(tmp_path: Path) -> Path:
    """Tron and one EVM chain, the way a user's chains file lists them."""
    body = {
        "chains": {
            "ethereum": {
                "family": "evm",
                "chain_id": 1,
                "rpc": [EVM_URL],
                "confirmations": 12,
                "block_time": 12,
                "native": "ETH",
                "explorer": "https://etherscan.io/tx/{hash}",
            },
            "tron": TRON_CHAIN,
        }
    }
    path = tmp_path / "chains.yaml"
    path.write_text(yaml.safe_dump(body, sort_keys=False))
    return path


def evm_knows_nothing(rsps: http_mock.HttpMock) -> None:
    def handler(method: str, params: list[Any]) -> Any:
        return {"eth_chainId": "0x1", "eth_blockNumber": hex(20_000_000)}.get(method)

    serve_rpc(rsps, EVM_URL, handler)


def diagnose(chains: Path, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(
        app,
        ["diagnose", value, "--json", "--chains-file", str(chains), *extra],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 1, (result.stdout, result.stderr)
    return result.exit_code, json.loads(lines[0])


def human(chains: Path, value: str, *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["diagnose", value, "--chains-file", str(chains), *extra],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en", "COLUMNS": "200"},
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout


@http_mock.activate
def test_hash_that_exists_only_on_tron(chains: Path) -> None:
    evm_knows_nothing(http_mock.mock)
    grid = TronGrid(head=86765990, solidified=86765971).serve(http_mock.mock)
    txid = grid.add_tx(*USDT_TX)
    code, out = diagnose(chains, txid)
    assert code == 0
    assert out["verdict"] == "CONFIRMED" and out["chain"] == "tron"
    assert out["checked"] == {"ethereum": "not_found", "tron": "found"}
    assert out["explorer_url"] == f"https://tronscan.org/#/transaction/{txid}"
    params = out["findings"][0]["params"]
    assert params["asset"] == "USDT" and params["tron_transfer"] == "official"
    assert params["amount"] == "9351.28" and params["raw_amount"] == "9351280000"
    assert "9,351.28 USDT (the official Tether USD contract)" in out["summary"]
    transfer = out["facts"]["transfers"][0]
    assert transfer["token"]["status"] == "official" and transfer["raw_amount"] == "9351280000"
    assert out["facts"]["tron"]["solidified_block"] == 86765971


@http_mock.activate
def test_human_view_of_a_confirmed_usdt_transfer(chains: Path) -> None:
    grid = TronGrid(head=86765990, solidified=86765971).serve(http_mock.mock)
    txid = grid.add_tx(*USDT_TX)
    code, text = human(chains, f"https://tronscan.org/#/transaction/{txid}")
    assert code == 0
    assert "Confirmed · Tron" in text and "irreversible" in text
    assert "9,351.28 USDT (the official Tether USD contract) to" in text
    assert "TFAmKoo4LkQq8NfVEB8otCrQExgt6cqnDb" in text


@http_mock.activate
def test_confirming_until_solidified(chains: Path) -> None:
    grid = TronGrid(head=86765945, solidified=86765926).serve(http_mock.mock)
    txid = grid.add_tx(*USDT_TX)
    code, out = diagnose(chains, txid, "--chain", "tron")
    assert code == 0 and out["verdict"] == "CONFIRMING" and out["severity"] == "info"
    assert out["findings"][0]["params"]["remaining"] == 11
    assert "about 33 s (11 more blocks)" in out["summary"]


@http_mock.activate
def test_trx_transfer(chains: Path) -> None:
    grid = TronGrid(head=22535300, solidified=22535280).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_trx_transfer_d7a08e7b.json",
        "gettransactioninfobyid_trx_transfer_d7a08e7b.json",
    )
    code, out = diagnose(chains, txid, "--chain", "tron")
    assert code == 0 and out["verdict"] == "CONFIRMED"
    assert "It sent 6.265363 TRX to TECeLR1PBmUiejBmq7fpR55tKKpJsc1pkF." in out["summary"]
    assert out["facts"]["value"] == {
        "raw": "6265363",
        "decimals": 6,
        "symbol": "TRX",
        "amount": "6.265363",
    }


@http_mock.activate
def test_fake_usdt(chains: Path) -> None:
    grid = TronGrid(head=86765990, solidified=86765971).serve(http_mock.mock)
    txid = grid.add_tx("gettransactionbyid_fake_usdt.json", "gettransactioninfobyid_fake_usdt.json")
    grid.add_token(FAKE_HEX, "fake_usdt")
    code, out = diagnose(chains, txid, "--chain", "tron")
    assert code == 1 and out["verdict"] == "FAKE_TOKEN" and out["severity"] == "error"
    assert "TB7wbYPkiqs17GfEZnW8D8bE3yDkooTx78" in out["summary"]
    assert out["findings"][0]["params"]["official_contract"] == "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    code, text = human(chains, txid, "--chain", "tron")
    assert "Fake token · Tron" in text and "no value" in text


@http_mock.activate
def test_out_of_energy(chains: Path) -> None:
    grid = TronGrid(head=66747600, solidified=66747590).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_out_of_energy_aebfcad7.json",
        "gettransactioninfobyid_out_of_energy_aebfcad7.json",
    )
    code, out = diagnose(chains, txid, "--chain", "tron")
    assert code == 1
    assert out["verdict"] == "FAILED_OUT_OF_ENERGY" and out["severity"] == "error"
    params = out["findings"][0]["params"]
    assert params["energy_used"] == 95790 and params["energy_price"] == 100
    assert params["fee_limit_trx"] == "13.5" and params["tron_energy_limit"] == "fee_limit"
    assert "The 13.74 TRX it burned is not refunded." in out["summary"]  # rounded for people
    assert any("fee limit of at least 28 TRX" in step for step in out["steps"])
    assert any("stake TRX for energy, or rent energy" in step for step in out["steps"])
    assert out["facts"]["failure"]["kind"] == "out_of_energy"
    assert out["facts"]["tron"]["message"].startswith("Not enough energy for 'SSTORE'")


@http_mock.activate
def test_revert_with_its_decoded_message(chains: Path) -> None:
    grid = TronGrid(head=42510900, solidified=42510880).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_revert_65055cac.json", "gettransactioninfobyid_revert_65055cac.json"
    )
    grid.add_token("4170082243784dcdf3042034e7b044d6d342a91360", "revert_token")
    code, out = diagnose(chains, txid, "--chain", "tron")
    assert code == 1 and out["verdict"] == "FAILED_REVERTED"
    assert "The contract's reason: ds-token-insufficient-balance" in out["summary"]
    assert "It tried to send 1,000 USDJ" in out["summary"]
    code, text = human(chains, txid, "--chain", "tron")
    assert "Failed · Tron" in text and "ds-token-insufficient-balance" in text


@http_mock.activate
def test_not_found_on_tron_explains_expiration(chains: Path) -> None:
    TronGrid().serve(http_mock.mock)
    code, out = diagnose(chains, "https://tronscan.org/#/transaction/" + "ab" * 32)
    assert code == 1 and out["verdict"] == "NOT_FOUND"
    assert out["checked"] == {"tron": "not_found"}
    assert any("60 seconds after it was signed" in step for step in out["steps"])


@http_mock.activate
def test_rate_limited_without_a_key_is_unreachable_with_the_remedy(chains: Path) -> None:
    TronGrid(refuse_with=403).serve(http_mock.mock)
    code, out = diagnose(chains, "ab" * 32, "--chain", "tron")
    assert code == 3 and out["verdict"] == "UNREACHABLE"
    reasons = out["findings"][0]["params"]["reasons"]  # the agent's notes, not the summary
    assert "TRON_PRO_API_KEY" in reasons and "30 s" in reasons
    assert "TRON_PRO_API_KEY" not in out["summary"]
    assert any("free TronGrid API key" in step for step in out["steps"])


@http_mock.activate
def test_the_api_key_is_sent_but_never_printed(
    chains: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "0f1e2d3c-4b5a-txdoctor-cli-key"
    monkeypatch.setenv("TRON_PRO_API_KEY", key)
    grid = TronGrid(refuse_with=403).serve(http_mock.mock)
    result = runner.invoke(
        app,
        ["diagnose", "ab" * 32, "--chain", "tron", "--json", "--chains-file", str(chains)],
        env={"TXDOCTOR_LANG": "en"},
    )
    assert grid.headers_seen and all(h["TRON-PRO-API-KEY"] == key for h in grid.headers_seen)
    assert key not in result.stdout + result.stderr
    assert json.loads(result.stdout)["verdict"] == "UNREACHABLE"


@http_mock.activate
def test_address_with_usdt(chains: Path) -> None:
    grid = TronGrid().serve(http_mock.mock)
    grid.accounts[ADDRESS_HEX] = fixture("getaccount_active_docs.json")
    grid.resources[ADDRESS_HEX] = fixture("getaccountresource_docs.json")
    grid.v1_accounts[ADDRESS] = fixture("v1_accounts_active.json")
    grid.v1_trc20[ADDRESS] = fixture("v1_trc20_transfers.json")
    code, out = diagnose(chains, ADDRESS)
    assert code == 0 and out["verdict"] == "ADDRESS_OK" and out["chain"] == "tron"
    assert "This Tron address holds 1,793.2272 TRX. It also holds 125 USDT." in out["summary"]
    assert "received 195.17 USDT from TNtbiqvanUnm4YHK9SYzRGR8ktiHRduDbM" in out["summary"]
    tron = out["facts"]["addresses"]["tron"]
    assert tron["activated"] is True and tron["token_balances"][0][1] == "125000000"


@http_mock.activate
def test_address_in_hex_form_is_the_same_address(chains: Path) -> None:
    grid = TronGrid().serve(http_mock.mock)
    grid.accounts[ADDRESS_HEX] = fixture("getaccount_active_docs.json")
    grid.v1_accounts[ADDRESS] = fixture("v1_accounts_active.json")
    code, out = diagnose(chains, ADDRESS_HEX)
    assert code == 0 and out["value"] == ADDRESS and out["verdict"] == "ADDRESS_OK"


@http_mock.activate
def test_unactivated_address_says_sending_to_it_costs_more(chains: Path) -> None:
    TronGrid().serve(http_mock.mock)
    code, out = diagnose(chains, ADDRESS)
    assert code == 1 and out["verdict"] == "ADDRESS_UNUSED"
    assert "not activated on Tron yet" in out["summary"]
    assert "1.1 TRX on top of the amount" in out["summary"]
    assert out["facts"]["addresses"]["tron"]["activated"] is False


def test_mistyped_tron_address_gets_a_checksum_message(chains: Path) -> None:
    with http_mock.HttpMock() as rsps:  # any request would fail the test
        code, out = diagnose(chains, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")
        assert len(rsps.calls) == 0
    assert code == 2 and out["verdict"] == "INVALID_INPUT"
    assert "checksum" in out["summary"]


@http_mock.activate
def test_chains_check_asks_tron_for_its_latest_block(chains: Path) -> None:
    TronGrid(head=86765990).serve(http_mock.mock)
    result = runner.invoke(
        app,
        ["chains", "--check", "--chain", "tron", "--json", "--chains-file", str(chains)],
        env={"TXDOCTOR_LANG": "en"},
    )
    row = json.loads(result.stdout)
    assert result.exit_code == 0
    assert row["chain"] == "tron" and row["reachable"] is True
    assert row["latest_block"] == 86765990 and row["chain_id_ok"] is True


@http_mock.activate
def test_chains_check_names_the_rate_limit(chains: Path) -> None:
    TronGrid(refuse_with=403).serve(http_mock.mock)
    result = runner.invoke(
        app,
        ["chains", "--check", "--chain", "tron", "--json", "--chains-file", str(chains)],
        env={"TXDOCTOR_LANG": "en"},
    )
    row = json.loads(result.stdout)
    assert result.exit_code == 3 and row["reachable"] is False
    assert "TRON_PRO_API_KEY" in row["error"]


@http_mock.activate
def test_tron_rate_limited_beside_other_chains_is_named_among_the_unchecked(chains: Path) -> None:
    evm_knows_nothing(http_mock.mock)
    TronGrid(refuse_with=403).serve(http_mock.mock)
    code, out = diagnose(chains, "ab" * 32)
    assert code == 1 and out["verdict"] == "NOT_FOUND"
    assert out["checked"] == {"ethereum": "not_found", "tron": "unreachable"}
    unchecked = [f for f in out["findings"] if f["code"] == "CHAINS_UNCHECKED"]
    assert len(unchecked) == 1 and "TRON_PRO_API_KEY" in unchecked[0]["summary"]
