"""EVM hashes and addresses, bare 64-hex ids, EIP-55 checksums."""

from __future__ import annotations

import pytest

from txdoctor.input import Family, InputKind, Problem, classify

EVM, BTC, TRON, APTOS, EOS = Family.EVM, Family.BITCOIN, Family.TRON, Family.APTOS, Family.EOS
DOT = Family.POLKADOT
HASH = "0x" + "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"  # genesis coinbase

# EIP-55 specification examples (https://eips.ethereum.org/EIPS/eip-55).
EIP55_MIXED = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]
EIP55_SINGLE_CASE = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
]


def _swap_case_of_one_letter(address: str) -> str:
    body = address[2:]
    index = next(i for i, ch in enumerate(body) if ch.isalpha())
    return "0x" + body[:index] + body[index].swapcase() + body[index + 1 :]


@pytest.mark.parametrize(
    ("text", "value", "families"),
    [
        (HASH, HASH, (EVM, APTOS, DOT)),  # Aptos and Polkadot hashes have the same shape
        (HASH.upper().replace("0X", "0x"), HASH, (EVM, APTOS, DOT)),
        ("0X" + HASH[2:], HASH, (EVM, APTOS, DOT)),
        (HASH[2:], HASH[2:], (EVM, BTC, TRON, EOS)),
        (TXID, TXID, (EVM, BTC, TRON, EOS)),
        (TXID.upper(), TXID, (EVM, BTC, TRON, EOS)),
    ],
)
def test_transaction_hashes(text: str, value: str, families: tuple[Family, ...]) -> None:
    result = classify(text)
    assert result.kind is InputKind.TRANSACTION
    assert result.value == value
    assert result.families == families
    assert result.problem is None
    assert result.raw == text


@pytest.mark.parametrize("address", EIP55_MIXED + EIP55_SINGLE_CASE)
def test_eip55_examples_are_addresses_in_checksum_form(address: str) -> None:
    result = classify(address)
    assert result.kind is InputKind.ADDRESS
    assert result.families == (EVM,)
    assert result.value is not None and result.value.lower() == address.lower()


@pytest.mark.parametrize("address", EIP55_MIXED)
def test_lower_and_upper_case_are_normalised_to_checksum(address: str) -> None:
    assert classify(address.lower()).value == address
    assert classify("0x" + address[2:].upper()).value == address
    assert classify(address[2:].lower()).value == address  # 0x forgotten


@pytest.mark.parametrize("address", EIP55_MIXED)
def test_a_broken_checksum_is_a_typo(address: str) -> None:
    result = classify(_swap_case_of_one_letter(address))
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.BAD_CHECKSUM
    assert result.detail == {"family": "evm", "encoding": "eip55"}


def test_a_mixed_case_typo_is_caught_by_the_checksum() -> None:
    typo = EIP55_MIXED[0][:-1] + "e"  # last character d -> e
    assert classify(typo).problem is Problem.BAD_CHECKSUM


@pytest.mark.parametrize(
    ("text", "length", "expected", "kind"),
    [
        ("0x" + "a" * 63, 63, 64, "transaction"),
        ("0x" + "a" * 65, 65, 64, "transaction"),
        ("0x" + "a" * 41, 41, 40, "address"),
        ("0x" + "a" * 39, 39, 40, "address"),
        ("0x" + "a" * 128, 128, 64, "transaction"),
        ("0x", 0, 40, "address"),
        ("a" * 63, 63, 64, "transaction"),
        ("a" * 39, 39, 40, "address"),
    ],
)
def test_wrong_lengths(text: str, length: int, expected: int, kind: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.BAD_LENGTH
    assert result.detail["length"] == length
    assert result.detail["expected"] == expected
    assert result.detail["kind"] == kind


@pytest.mark.parametrize(
    ("text", "position", "char"),
    [
        ("0x" + "g" + "a" * 63, 3, "U+0067"),
        ("0x" + "a" * 10 + "z" + "a" * 53, 13, "U+007A"),
        ("0x" + "a" * 20 + "\x07" + "a" * 43, 23, "U+0007"),
        ("0x" + "a" * 20 + "-" + "a" * 19, 23, "U+002D"),
    ],
)
def test_non_hex_characters_are_named_by_position_and_codepoint(
    text: str, position: int, char: str
) -> None:
    result = classify(text)
    assert result.problem is Problem.BAD_CHARACTERS
    assert result.detail["position"] == position
    assert result.detail["char"] == char


def test_control_characters_are_never_echoed() -> None:
    result = classify("0x" + "a" * 20 + "\x1b[31m" + "a" * 40)
    assert result.problem is Problem.BAD_CHARACTERS
    assert "glyph" not in result.detail
    assert all("\x1b" not in str(v) for v in result.detail.values())


def test_printable_bad_character_is_given_as_glyph_too() -> None:
    result = classify("0x" + "g" + "a" * 63)
    assert result.detail["glyph"] == "g"


def test_short_bare_hex_and_numbers_are_unrecognized() -> None:
    assert classify("deadbeef").problem is Problem.UNRECOGNIZED
    assert classify("12345").problem is Problem.UNRECOGNIZED
