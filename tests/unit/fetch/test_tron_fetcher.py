"""The Tron fetcher on TronGrid bodies in their real shape (tests/fixtures/tron)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from support import http_mock
from support.judged import Judged
from support.trongrid import USDT_HEX, TronGrid, fixture
from txdoctor.config import ChainConfig, TokenConfig
from txdoctor.core.redact import redact_text
from txdoctor.facts import FailureKind, LookupStatus, TokenStatus, TxState
from txdoctor.families.tron.fetch import TronFetcher
from txdoctor.families.tron.fetch_key import KEY_HEADER, trongrid_headers
from txdoctor.fetch import fetcher_for
from txdoctor.fetch.transport import Transport

TRON = ChainConfig(
    name="tron",
    family="tron",
    rpc=("https://api.trongrid.io",),
    confirmations=19,
    block_time=3,
    native="TRX",
    explorer="https://tronscan.org/#/transaction/{hash}",
    native_decimals=6,
    display_name="Tron",
    tokens=(TokenConfig("USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 6, "Tether USD"),),
)
NO_KEY: dict[str, str] = {}
USDT_TX = (
    "gettransactionbyid_usdt_transfer_d94fad38.json",
    "gettransactioninfobyid_usdt_transfer_d94fad38.json",
)
FAKE_HEX = "410c9f027586a6ee016b7fdf0402160abcc4e1a115"
HODL_HEX = "41dd2bcef00ddc0fb1cee5d9996c30200da54a2c43"
ADDRESS = "TWAFRfZFmhVQZjxM3De7Mp5UZ9sLqWqpHp"
ADDRESS_HEX = "41dd791d6b49e190062d650e6a23c575510d35f2f9"


def fetcher(environ: dict[str, str] = NO_KEY, transport: Transport | None = None) -> Judged:
    return Judged(TronFetcher(TRON, transport or Transport(retries=0), environ))


def test_the_pipeline_gets_the_tron_fetcher() -> None:
    assert isinstance(fetcher_for(TRON, Transport()), TronFetcher)


@http_mock.activate
def test_official_usdt_transfer_is_decoded_from_its_receipt() -> None:
    grid = TronGrid(head=86765990, solidified=86765971).serve(http_mock.mock)
    txid = grid.add_tx(*USDT_TX)
    lookup = fetcher().lookup_transaction(txid.upper())
    assert lookup.status is LookupStatus.FOUND and lookup.family == "tron"
    facts = lookup.facts
    assert facts is not None and facts.tron is not None
    assert facts.state is TxState.INCLUDED and facts.success is True
    assert facts.sender == "TX3QoJvDqrmiMkibdyqdhGMhopGMSpVxJE"
    assert facts.recipient == "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"  # the contract called
    assert facts.block_number == 86765937 and facts.latest_block == 86765990
    assert facts.tron.solidified_block == 86765971
    assert facts.fee_paid is not None and facts.fee_paid.value == Decimal("0.345")
    (transfer,) = facts.transfers
    assert transfer.token.status is TokenStatus.OFFICIAL and transfer.token.symbol == "USDT"
    assert transfer.recipient == "TFAmKoo4LkQq8NfVEB8otCrQExgt6cqnDb"
    assert transfer.amount == Decimal("9351.28")
    assert facts.tron.resources.energy_total == 64285
    assert "wallet/triggerconstantcontract" not in grid.calls  # official: from the table


@http_mock.activate
def test_a_token_calling_itself_usdt_elsewhere_is_an_impostor() -> None:
    grid = TronGrid(head=86765990, solidified=86765971).serve(http_mock.mock)
    txid = grid.add_tx("gettransactionbyid_fake_usdt.json", "gettransactioninfobyid_fake_usdt.json")
    grid.add_token(FAKE_HEX, "fake_usdt")
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None
    (transfer,) = facts.transfers
    token = transfer.token
    assert token.status is TokenStatus.IMPOSTOR
    assert (token.symbol, token.name, token.decimals) == ("USDT", "Tether USD", 6)
    assert token.official_name == "Tether USD" and token.imitates == "USDT"
    assert token.official_contract == "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    assert token.contract == "TB7wbYPkiqs17GfEZnW8D8bE3yDkooTx78"


@http_mock.activate
def test_an_ordinary_token_is_read_from_its_contract() -> None:
    grid = TronGrid(head=64_000_000, solidified=63_999_981).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_trc20_hodl_71c897f3.json",
        "gettransactioninfobyid_trc20_hodl_71c897f3.json",
    )
    grid.add_token(HODL_HEX, "hodl")
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None
    (transfer,) = facts.transfers
    assert transfer.token.status is TokenStatus.UNLISTED and transfer.token.symbol == "HODL"
    assert transfer.amount == Decimal(100)


@http_mock.activate
def test_a_token_that_does_not_answer_stays_unknown_but_counted() -> None:
    grid = TronGrid(head=64_000_000, solidified=63_999_981).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_trc20_hodl_71c897f3.json",
        "gettransactioninfobyid_trc20_hodl_71c897f3.json",
    )
    facts = fetcher().lookup_transaction(txid).facts  # no token answers served
    assert facts is not None
    (transfer,) = facts.transfers
    assert transfer.token.symbol is None and transfer.amount is None
    assert transfer.raw_amount == 100 * 10**18


@http_mock.activate
def test_trx_transfer() -> None:
    grid = TronGrid(head=22535300, solidified=22535280).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_trx_transfer_d7a08e7b.json",
        "gettransactioninfobyid_trx_transfer_d7a08e7b.json",
    )
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None and facts.tron is not None
    assert facts.value.value == Decimal("6.265363") and facts.value.symbol == "TRX"
    assert facts.recipient == "TECeLR1PBmUiejBmq7fpR55tKKpJsc1pkF"
    assert facts.tron.contract_type == "TransferContract" and facts.tron.result == "SUCCESS"
    assert facts.fee_paid is not None and facts.fee_paid.raw == 0  # free bandwidth
    assert facts.tron.expiration_ms == 1598789205000


@http_mock.activate
def test_out_of_energy_reads_the_prices_and_the_attempted_transfer() -> None:
    grid = TronGrid(head=66747600, solidified=66747590).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_out_of_energy_aebfcad7.json",
        "gettransactioninfobyid_out_of_energy_aebfcad7.json",
    )
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None and facts.tron is not None and facts.failure is not None
    assert facts.success is False and facts.failure.kind is FailureKind.OUT_OF_ENERGY
    tron = facts.tron
    assert tron.result == "OUT_OF_ENERGY" and tron.message is not None
    assert tron.message.startswith("Not enough energy for 'SSTORE'")
    assert tron.resources.fee_limit == 13_500_000 and tron.resources.energy_total == 95790
    assert tron.resources.energy_from_stake == 32007
    assert tron.prices is not None and tron.prices.energy == 100
    assert tron.attempted is not None and tron.attempted.amount == Decimal(50)
    assert tron.attempted.token.status is TokenStatus.OFFICIAL
    assert facts.transfers == ()  # nothing moved


@http_mock.activate
def test_revert_reason_is_decoded_from_the_contract_result() -> None:
    grid = TronGrid(head=42510900, solidified=42510880).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_revert_65055cac.json", "gettransactioninfobyid_revert_65055cac.json"
    )
    grid.add_token("4170082243784dcdf3042034e7b044d6d342a91360", "revert_token")
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None and facts.failure is not None and facts.tron is not None
    assert facts.failure.kind is FailureKind.REVERTED
    assert facts.failure.reason == "ds-token-insufficient-balance"
    assert facts.tron.message == "REVERT opcode executed"
    assert facts.tron.attempted is not None and facts.tron.attempted.token.symbol == "USDJ"


@http_mock.activate
def test_unknown_transaction_is_not_found_after_one_question() -> None:
    grid = TronGrid().serve(http_mock.mock)
    lookup = fetcher().lookup_transaction("ab" * 32)
    assert lookup.status is LookupStatus.NOT_FOUND and lookup.family == "tron"
    assert grid.calls == ["wallet/gettransactionbyid"]


@http_mock.activate
def test_answer_for_another_hash_is_not_trusted() -> None:
    grid = TronGrid().serve(http_mock.mock)
    txid = grid.add_tx(*USDT_TX)
    grid.txs["ab" * 32] = grid.txs.pop(txid)
    lookup = fetcher().lookup_transaction("ab" * 32)
    assert lookup.status is LookupStatus.UNREACHABLE
    assert lookup.reason is not None and "another hash" in lookup.reason


@http_mock.activate
def test_a_node_error_body_is_unreachable_with_its_message() -> None:
    http_mock.post(
        "https://api.trongrid.io/wallet/gettransactionbyid",
        json={"Error": "class java.lang.NullPointerException : null"},
    )
    lookup = fetcher().lookup_transaction("ab" * 32)
    assert lookup.status is LookupStatus.UNREACHABLE
    assert lookup.reason is not None and "node error" in lookup.reason


@http_mock.activate
def test_rate_limit_without_a_key_says_how_to_get_past_it() -> None:
    TronGrid(refuse_with=403).serve(http_mock.mock)
    lookup = fetcher().lookup_transaction("ab" * 32)
    assert lookup.status is LookupStatus.UNREACHABLE and lookup.reason is not None
    assert "TRON_PRO_API_KEY" in lookup.reason and "30 s" in lookup.reason


@http_mock.activate
def test_rate_limit_with_a_key_blames_the_quota_and_never_shows_the_key() -> None:
    key = "5c1b0d1e-txdoctor-test-key-9f8e"
    grid = TronGrid(refuse_with=403).serve(http_mock.mock)
    transport = Transport(retries=0, headers_for=trongrid_headers({"TRON_PRO_API_KEY": key}))
    lookup = fetcher({"TRON_PRO_API_KEY": key}, transport).lookup_transaction("ab" * 32)
    assert lookup.reason is not None and "quota" in lookup.reason
    assert grid.headers_seen[0][KEY_HEADER] == key
    assert key not in lookup.reason and redact_text(f"key {key}") == "key ***"


@http_mock.activate
def test_the_key_is_sent_to_trongrid_only() -> None:
    key = "5c1b0d1e-txdoctor-test-key-9f8e"
    headers = trongrid_headers({"TRON_PRO_API_KEY": key})
    assert headers("https://api.trongrid.io") == {KEY_HEADER: key}
    assert headers("https://nile.trongrid.io/wallet") == {KEY_HEADER: key}
    assert headers("https://trongrid.io.evil.example") == {}
    assert headers("http://127.0.0.1:8090") == {}
    assert trongrid_headers({})("https://api.trongrid.io") == {}


@http_mock.activate
def test_an_old_node_without_getblock_is_asked_for_getnowblock() -> None:
    grid = TronGrid(head=86765990, solidified=86765971)
    txid = grid.add_tx(*USDT_TX)
    http_mock.post("https://api.trongrid.io/wallet/getblock", status=404)  # 4.7.2+ only
    http_mock.post("https://api.trongrid.io/walletsolidity/getblock", json={})
    grid.serve(http_mock.mock)
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None and facts.tron is not None
    assert facts.latest_block == 86765990 and facts.tron.solidified_block == 86765971


# -- addresses ------------------------------------------------------------------------


@http_mock.activate
def test_active_address_with_usdt_and_recent_transfers() -> None:
    grid = TronGrid().serve(http_mock.mock)
    grid.accounts[ADDRESS_HEX] = fixture("getaccount_active_docs.json")
    grid.resources[ADDRESS_HEX] = fixture("getaccountresource_docs.json")
    grid.v1_accounts[ADDRESS] = fixture("v1_accounts_active.json")
    grid.v1_trc20[ADDRESS] = fixture("v1_trc20_transfers.json")
    lookup = fetcher().lookup_address(ADDRESS)
    facts = lookup.address
    assert lookup.status is LookupStatus.FOUND and facts is not None and facts.tron is not None
    assert facts.activated is True and facts.has_activity is True
    assert facts.balance is not None and facts.balance.value == Decimal("1793.2272")
    ((token, raw),) = facts.token_balances
    assert token.symbol == "USDT" and raw == 125_000_000
    (last,) = facts.recent
    assert last.amount is not None and last.amount.value == Decimal("195.17")
    assert last.recipient == ADDRESS and last.token is not None
    assert last.token.status is TokenStatus.OFFICIAL and facts.history_available
    assert facts.tron.bandwidth_left == 159 and facts.tron.energy_left == 0
    assert facts.tron.prices is not None and facts.tron.prices.energy == 100


@http_mock.activate
def test_unactivated_address_asks_the_token_contract_for_its_balance() -> None:
    grid = TronGrid().serve(http_mock.mock)
    lookup = fetcher().lookup_address(ADDRESS)
    facts = lookup.address
    assert facts is not None
    assert facts.activated is False and facts.has_activity is False
    assert facts.balance is not None and facts.balance.raw == 0
    ((token, raw),) = facts.token_balances
    assert token.symbol == "USDT" and raw == 0
    assert "wallet/triggerconstantcontract" in grid.calls  # balanceOf: /v1 had no account
    assert "wallet/getaccountresource" not in grid.calls


@http_mock.activate
def test_address_lookup_survives_a_node_without_v1() -> None:
    grid = TronGrid()
    grid.accounts[ADDRESS_HEX] = fixture("getaccount_active_docs.json")
    http_mock.get("https://api.trongrid.io/v1/accounts/" + ADDRESS, status=404)
    http_mock.get(
        "https://api.trongrid.io/v1/accounts/" + ADDRESS + "/transactions/trc20", status=404
    )
    grid.serve(http_mock.mock)
    facts = fetcher().lookup_address(ADDRESS).address
    assert facts is not None and facts.activated is True
    assert not facts.history_available and facts.recent == ()


@http_mock.activate
def test_address_rate_limited_is_unreachable_with_the_reason() -> None:
    TronGrid(refuse_with=403).serve(http_mock.mock)
    lookup = fetcher().lookup_address(ADDRESS)
    assert lookup.status is LookupStatus.UNREACHABLE
    assert lookup.reason is not None and "TRON_PRO_API_KEY" in lookup.reason


@pytest.mark.parametrize("name", ["v1_accounts_active.json", "v1_trc20_transfers.json"])
def test_v1_fixtures_have_the_documented_envelope(name: str) -> None:
    body = fixture(name)
    assert body["success"] is True and isinstance(body["data"], list) and "meta" in body


def test_usdt_hex_constant_is_the_official_contract() -> None:
    from txdoctor.families.tron.fetch_decode import base58_address

    assert base58_address(USDT_HEX) == TRON.tokens[0].contract


@http_mock.activate
def test_a_revert_without_a_reason_does_not_pass_the_generic_message_as_one() -> None:
    grid = TronGrid(head=42510900, solidified=42510880).serve(http_mock.mock)
    txid = grid.add_tx(
        "gettransactionbyid_revert_65055cac.json", "gettransactioninfobyid_revert_65055cac.json"
    )
    grid.infos[txid]["contractResult"] = [""]  # USDT reverts without Error(string)
    facts = fetcher().lookup_transaction(txid).facts
    assert facts is not None and facts.failure is not None
    assert facts.failure.kind is FailureKind.REVERTED and facts.failure.reason is None


@http_mock.activate
def test_rate_limit_said_in_a_200_error_body_is_recognised() -> None:
    http_mock.post(
        "https://api.trongrid.io/wallet/gettransactionbyid",
        json=fixture("rate_limited_403_fullnode.json"),
    )
    lookup = fetcher().lookup_transaction("ab" * 32)
    assert lookup.reason is not None and "TRON_PRO_API_KEY" in lookup.reason
