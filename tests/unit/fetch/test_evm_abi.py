"""Decoding token transfers and token metadata: strangers' bytes, never trusted."""

from __future__ import annotations

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from txdoctor.families.evm import fetch_abi as evm_abi
from txdoctor.families.evm.fetch_abi import RawTransfer

TOKEN = "0x" + "ab" * 20
ALICE = "0x" + "11" * 20
BOB = "0x" + "22" * 20


def word(address: str) -> str:
    return "0x" + "0" * 24 + address[2:]


def transfer_log(amount: int, topics: list[str] | None = None) -> dict[str, object]:
    return {
        "address": TOKEN,
        "data": "0x" + amount.to_bytes(32, "big").hex(),
        "topics": topics or [evm_abi.TRANSFER_TOPIC, word(ALICE), word(BOB)],
    }


def test_constants_are_the_keccak_of_their_signatures() -> None:
    assert "0x" + keccak(text="Transfer(address,address,uint256)").hex() == evm_abi.TRANSFER_TOPIC
    for call, signature in (
        (evm_abi.DECIMALS_CALL, "decimals()"),
        (evm_abi.SYMBOL_CALL, "symbol()"),
        (evm_abi.NAME_CALL, "name()"),
    ):
        assert call == "0x" + keccak(text=signature)[:4].hex()
    assert keccak(text="transfer(address,uint256)")[:4].hex() == evm_abi.TRANSFER_SELECTOR
    assert (
        keccak(text="transferFrom(address,address,uint256)")[:4].hex()
        == evm_abi.TRANSFER_FROM_SELECTOR
    )


def test_erc20_transfer_logs_are_read_and_others_skipped() -> None:
    nft = transfer_log(7, [evm_abi.TRANSFER_TOPIC, word(ALICE), word(BOB), "0x" + "0" * 63 + "7"])
    other_event = transfer_log(1, ["0x" + "ee" * 32, word(ALICE), word(BOB)])
    dirty_topic = transfer_log(1, [evm_abi.TRANSFER_TOPIC, "0x" + "ff" * 32, word(BOB)])
    logs = [transfer_log(250), nft, other_event, dirty_topic, "garbage", {"topics": None}]
    assert evm_abi.transfers_in_logs(logs, 10) == [RawTransfer(TOKEN, ALICE, BOB, 250)]
    assert (
        evm_abi.transfers_in_logs([transfer_log(1)] * 5, 3)
        == [RawTransfer(TOKEN, ALICE, BOB, 1)] * 3
    )
    assert evm_abi.transfers_in_logs(None, 3) == []


def test_transfer_and_transfer_from_calls() -> None:
    data = "0x" + evm_abi.TRANSFER_SELECTOR + encode(["address", "uint256"], [BOB, 5]).hex()
    assert evm_abi.transfer_call(data, ALICE.upper().replace("X", "x"), TOKEN) == RawTransfer(
        TOKEN, ALICE, BOB, 5, direct=True
    )
    data = (
        "0x"
        + evm_abi.TRANSFER_FROM_SELECTOR
        + encode(["address", "address", "uint256"], [ALICE, BOB, 0]).hex()
    )
    assert evm_abi.transfer_call(data, "0x" + "33" * 20, TOKEN) == RawTransfer(
        TOKEN, ALICE, BOB, 0, direct=True
    )
    assert evm_abi.transfer_call("0x", ALICE, TOKEN) is None
    assert evm_abi.transfer_call("0x" + evm_abi.TRANSFER_SELECTOR + "00", ALICE, TOKEN) is None
    assert evm_abi.transfer_call("0xzz", ALICE, TOKEN) is None


def test_symbol_as_string_bytes32_and_garbage() -> None:
    assert evm_abi.decode_text("0x" + encode(["string"], ["USDT"]).hex()) == "USDT"
    mkr = "0x" + b"MKR".ljust(32, b"\0").hex()  # Maker returns bytes32
    assert evm_abi.decode_text(mkr) == "MKR"
    assert evm_abi.decode_text("0x") is None  # no such function on an account
    assert evm_abi.decode_text(None) is None
    assert evm_abi.decode_text("0x1234") is None
    lying = "0x" + (32).to_bytes(32, "big").hex() + (10**6).to_bytes(32, "big").hex() + "41" * 8
    assert evm_abi.decode_text(lying) is None  # claims a megabyte, brings eight bytes
    long = "0x" + encode(["string"], ["X" * 5000]).hex()
    assert evm_abi.decode_text(long) == "X" * evm_abi.MAX_TEXT_CHARS
    bad_utf8 = "0x" + encode(["bytes"], [b"US\xffDT"]).hex()
    assert evm_abi.decode_text(bad_utf8) == "US\ufffdDT"


def test_decimals_are_bounded() -> None:
    assert evm_abi.decode_uint("0x" + (6).to_bytes(32, "big").hex(), 77) == 6
    assert evm_abi.decode_uint("0x" + (255).to_bytes(32, "big").hex(), 77) is None
    assert evm_abi.decode_uint("0x", 77) is None


def test_code_tells_a_contract_from_an_account() -> None:
    assert evm_abi.has_code("0x6080604052") is True
    assert evm_abi.has_code("0x") is False and evm_abi.has_code("0x0") is False
    delegated = "0xef0100" + "aa" * 20  # EIP-7702: still an account
    assert evm_abi.has_code(delegated) is False
    assert evm_abi.has_code(17) is None
