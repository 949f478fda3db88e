"""Pure Tron decoding: addresses, TRC-20 calls and logs, hex texts, ABI strings, parameters."""

from __future__ import annotations

import pytest

from support.trongrid import fixture
from txdoctor.config import TokenConfig
from txdoctor.diagnose.tokens import claim_key, judge_token
from txdoctor.facts import TokenInfo, TokenMeta, TokenStatus
from txdoctor.families.tron import fetch_decode as dec

USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
USDT_HEX = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"
TABLE = [TokenConfig("USDT", USDT, 6, "Tether USD")]


def judged(contract: str, symbol: str | None, name: str | None, decimals: int | None) -> TokenInfo:
    return judge_token(TABLE, contract, TokenMeta(symbol, name, decimals), case_sensitive=True)


@pytest.mark.parametrize("value", [USDT_HEX, USDT_HEX[2:], "0x" + USDT_HEX[2:], USDT])
def test_every_address_form_the_api_uses_becomes_base58(value: str) -> None:
    assert dec.base58_address(value) == USDT


@pytest.mark.parametrize("value", [None, 41, "", "41zz", "42" + USDT_HEX[2:], "T" * 34])
def test_malformed_addresses_are_none(value: object) -> None:
    assert dec.base58_address(value) is None


def test_hex_address_round_trips() -> None:
    assert dec.hex_address(USDT) == USDT_HEX
    with pytest.raises(ValueError):
        dec.hex_address("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")


def test_transfer_call_data_of_a_real_mainnet_transaction() -> None:
    body = fixture("gettransactionbyid_trc20_hodl_71c897f3.json")
    value = body["raw_data"]["contract"][0]["parameter"]["value"]
    contract = dec.base58_address(value["contract_address"])
    sender = dec.base58_address(value["owner_address"])
    assert contract is not None and sender is not None
    transfer = dec.call_transfer(contract, sender, value["data"])
    assert transfer == dec.RawTransfer(
        "TW8epJzhhPZkCjadUQWWvHFfNi344EkNef",
        "TJ7ozAvfPwxpNANWfMnAhVwGBYkwTjuscJ",
        "TLkjSwb7Bb5XSPaJ8DPSf3Qak6qq5Kkd91",
        100 * 10**18,
    )


def test_transfer_from_call_takes_the_source_from_the_data() -> None:
    word = "0" * 24 + USDT_HEX[2:]
    data = "23b872dd" + word + word + format(7, "064x")
    transfer = dec.call_transfer("Tcontract", "Tcaller", data)
    assert transfer is not None and transfer.sender == USDT and transfer.amount == 7


@pytest.mark.parametrize(
    "data", [None, "", "a9059cbb", "a9059cbb" + "zz" * 64, "095ea7b3" + "0" * 128]
)
def test_other_calls_and_garbage_are_not_transfers(data: object) -> None:
    assert dec.call_transfer(USDT, USDT, data) is None


def test_transfer_log_of_a_real_usdt_receipt() -> None:
    info = fixture("gettransactioninfobyid_usdt_transfer_d94fad38.json")
    (transfer,) = dec.log_transfers(info["log"])
    assert transfer.contract == USDT
    assert transfer.sender == "TX3QoJvDqrmiMkibdyqdhGMhopGMSpVxJE"
    assert transfer.recipient == "TFAmKoo4LkQq8NfVEB8otCrQExgt6cqnDb"
    assert transfer.amount == 9_351_280_000


def test_logs_that_are_not_fungible_transfers_are_skipped() -> None:
    info = fixture("gettransactioninfobyid_usdt_transfer_d94fad38.json")
    log = info["log"][0]
    nft = {**log, "topics": [*log["topics"], "0" * 64]}  # TRC-721: the id is a 4th topic
    other_event = {**log, "topics": ["ab" * 32, *log["topics"][1:]]}
    assert list(dec.log_transfers([nft, other_event, "junk", {"topics": None}])) == []
    assert list(dec.log_transfers(None)) == []


def test_res_message_of_a_real_out_of_energy_receipt_is_decoded() -> None:
    info = fixture("gettransactioninfobyid_out_of_energy_aebfcad7.json")
    assert dec.hex_text(info["resMessage"]) == (
        "Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[95790], "
        "curOpEnergy[20000], penaltyEnergy[68000], usedEnergy[33567]"
    )


def test_hex_text_drops_control_characters_and_bounds_the_length() -> None:
    hostile = ("\x1b]8;;http://evil\x07click\x1b[0m" + "x" * 1000).encode().hex()
    text = dec.hex_text(hostile)
    assert text is not None and "\x1b" not in text and "\x07" not in text
    assert len(text) <= dec.MAX_MESSAGE_CHARS
    assert dec.hex_text("") is None and dec.hex_text("abc") is None and dec.hex_text(5) is None


def test_abi_strings_as_real_tokens_return_them() -> None:
    real = fixture("triggerconstantcontract_symbol_usdt_real.json")["constant_result"][0]
    assert dec.abi_string(real) == "USDT"
    assert dec.abi_string(b"MKR".ljust(32, b"\0").hex()) == "MKR"  # bytes32, as old tokens do
    assert dec.abi_string("00" * 31) is None
    liar = format(10**6, "064x") + format(3, "064x")  # offset beyond the data
    assert dec.abi_string(liar) is None


def test_decimals_are_read_and_absurd_ones_refused() -> None:
    real = fixture("triggerconstantcontract_decimals_usdt_real.json")["constant_result"][0]
    assert dec.abi_uint(real, 78) == 6
    assert dec.abi_uint("f" * 64, 78) is None


def test_chain_parameters_fill_in_zero_values_left_out() -> None:
    params = dec.chain_parameters(fixture("getchainparameters.json"))
    assert params["getEnergyFee"] == 100
    assert params["getAllowUpdateAccountName"] == 0  # protobuf JSON omits zero
    prices = dec.prices(params)
    assert prices is not None and prices.activation == 1_100_000
    assert dec.prices({}) is None and dec.chain_parameters({"Error": "x"}) == {}


@pytest.mark.parametrize(
    "claim", ["USDT", "usdt", "ＵＳＤＴ", "USDТ", "U.S.D.T", "Tether USD", "TETHER  usd"]
)
def test_lookalike_claims_of_an_official_token(claim: str) -> None:
    assert claim_key(claim) in (claim_key("USDT"), claim_key("Tether USD"))
    assert (
        judged("TB7wbYPkiqs17GfEZnW8D8bE3yDkooTx78", claim, None, 6).status is TokenStatus.IMPOSTOR
    )


def test_official_contract_and_ordinary_tokens() -> None:
    official = judged(USDT, "anything", None, None)
    assert official.status is TokenStatus.OFFICIAL and official.symbol == "USDT"
    assert official.decimals == 6 and official.official_name == "Tether USD"
    ordinary = judged("TW8epJzhhPZkCjadUQWWvHFfNi344EkNef", "HODL", "HODL", 18)
    assert ordinary.status is TokenStatus.UNLISTED and ordinary.official_name is None
    assert (
        judged("TW8epJzhhPZkCjadUQWWvHFfNi344EkNef", None, None, None).status
        is TokenStatus.UNLISTED
    )
