"""Bitcoin, Tron and Solana identifiers."""

from __future__ import annotations

import hashlib

import pytest

from txdoctor.core import base58 as b58
from txdoctor.input import Family, InputKind, Problem, classify

GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
P2WPKH = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
P2WSH = "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"
P2TR = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
USDT_TRON_HEX = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"
USDC_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
SIGNATURE = b58.encode(hashlib.sha512(b"txdoctor").digest())  # 64 bytes, 87 characters


def _flip(text: str, index: int) -> str:
    replacement = "2" if text[index] != "2" else "3"
    return text[:index] + replacement + text[index + 1 :]


@pytest.mark.parametrize(
    ("text", "value", "address_type"),
    [
        (GENESIS, GENESIS, "p2pkh"),
        (P2SH, P2SH, "p2sh"),
        (P2WPKH, P2WPKH, "p2wpkh"),
        (P2WPKH.upper(), P2WPKH, "p2wpkh"),
        (P2WSH, P2WSH, "p2wsh"),
        (P2TR, P2TR, "p2tr"),
    ],
)
def test_bitcoin_addresses(text: str, value: str, address_type: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.ADDRESS
    assert result.families == (Family.BITCOIN,)
    assert result.value == value
    assert result.detail["type"] == address_type


@pytest.mark.parametrize("text", [GENESIS, P2SH, USDT_TRON])
def test_base58check_typo_is_a_bad_checksum(text: str) -> None:
    result = classify(_flip(text, 10))
    assert result.problem is Problem.BAD_CHECKSUM
    assert result.detail["encoding"] == "base58check"


def test_bech32_typo_is_a_bad_checksum() -> None:
    result = classify(P2WPKH[:-1] + "5")
    assert result.problem is Problem.BAD_CHECKSUM
    assert result.detail == {"family": "bitcoin", "encoding": "bech32"}


def test_taproot_written_with_old_bech32_checksum_is_refused() -> None:
    old = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"  # BIP-350 vector
    assert classify(old).problem is Problem.BAD_CHECKSUM


def test_bech32_mixed_case_and_bad_characters() -> None:
    assert classify(P2WPKH[:10] + P2WPKH[10:].upper()).problem is Problem.MIXED_CASE
    result = classify(P2WPKH[:12] + "b" + P2WPKH[13:])  # "b" is not in the bech32 alphabet
    assert result.problem is Problem.BAD_CHARACTERS
    assert result.detail["position"] == 13
    assert result.detail["alphabet"] == "bech32"


def _base58check(version: int) -> str:
    return b58.encode_check(bytes([version]) + bytes(range(20)))


@pytest.mark.parametrize(
    ("text", "network"),
    [
        ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "testnet"),
        ("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "testnet"),
        (_base58check(0x6F), "testnet"),  # m… / n…
        (_base58check(0xC4), "testnet"),  # 2…
    ],
)
def test_bitcoin_testnet_is_refused(text: str, network: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.TESTNET
    assert result.detail["network"] == network


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        (_base58check(0x30), "litecoin"),  # L…
        (_base58check(0x1E), "dogecoin"),  # D…
        ("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9", "litecoin"),
    ],
)
def test_other_coins_are_named(text: str, chain: str) -> None:
    result = classify(text)
    assert result.problem is Problem.UNSUPPORTED_CHAIN
    assert result.detail["chain"] == chain


def test_bitcoin_legacy_length_out_of_range() -> None:
    result = classify(GENESIS + "abc")
    assert result.kind is InputKind.INVALID
    assert result.problem in (Problem.BAD_LENGTH, Problem.BAD_CHECKSUM)


def test_tron_address_and_hex_form() -> None:
    result = classify(USDT_TRON)
    assert (result.kind, result.value, result.families) == (
        InputKind.ADDRESS,
        USDT_TRON,
        (Family.TRON,),
    )
    for form in (USDT_TRON_HEX, USDT_TRON_HEX.upper(), "0x" + USDT_TRON_HEX):
        hex_result = classify(form)
        assert hex_result.kind is InputKind.ADDRESS
        assert hex_result.value == USDT_TRON
        assert hex_result.families == (Family.TRON,)


def test_tron_flipped_character_is_bad_checksum() -> None:
    flipped = USDT_TRON[:-1] + "T"
    result = classify(flipped)
    assert result.problem is Problem.BAD_CHECKSUM
    assert result.detail["family"] == "tron"


@pytest.mark.parametrize("text", [USDT_TRON[:-1], USDT_TRON + "x"])
def test_tron_wrong_length(text: str) -> None:
    result = classify(text)
    assert result.problem is Problem.BAD_LENGTH
    assert result.detail["expected"] == 34
    assert result.detail["family"] == "tron"


def test_solana_address_and_signature() -> None:
    address = classify(USDC_MINT)
    assert (address.kind, address.value, address.families) == (
        InputKind.ADDRESS,
        USDC_MINT,
        (Family.SOLANA,),
    )
    signature = classify(SIGNATURE)
    assert (signature.kind, signature.value, signature.families) == (
        InputKind.TRANSACTION,
        SIGNATURE,
        (Family.SOLANA,),
    )


@pytest.mark.parametrize(
    "text",
    [
        "11111111111111111111111111111111",  # system program: all digits, still base58
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        "So11111111111111111111111111111111111111112",
    ],
)
def test_well_known_solana_programs(text: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.ADDRESS
    assert result.families == (Family.SOLANA,)


@pytest.mark.parametrize(
    ("text", "char"),
    [
        (USDC_MINT[:5] + "0" + USDC_MINT[6:], "U+0030"),
        (USDC_MINT[:5] + "O" + USDC_MINT[6:], "U+004F"),
        (USDC_MINT[:5] + "I" + USDC_MINT[6:], "U+0049"),
        (USDC_MINT[:5] + "l" + USDC_MINT[6:], "U+006C"),
    ],
)
def test_characters_outside_base58_are_named(text: str, char: str) -> None:
    result = classify(text)
    assert result.problem is Problem.BAD_CHARACTERS
    assert result.detail["position"] == 6
    assert result.detail["char"] == char
    assert result.detail["alphabet"] == "base58"


def test_solana_address_with_characters_missing() -> None:
    result = classify(USDC_MINT[:-3])
    assert result.problem is Problem.BAD_LENGTH
    assert result.detail["family"] == "solana"


def test_solana_signature_with_a_character_missing() -> None:
    result = classify(SIGNATURE[:-2])
    assert result.problem is Problem.BAD_LENGTH
    assert result.detail["kind"] == "transaction"


def test_legacy_and_solana_are_told_apart_by_decoded_size() -> None:
    assert len(b58.decode(GENESIS)) == 25
    assert len(b58.decode(USDC_MINT)) == 32
    assert classify(GENESIS).families == (Family.BITCOIN,)
    assert classify(USDC_MINT).families == (Family.SOLANA,)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8Y"
            "tGqsefD265TMg7usUDFdp6W1EGMcet8",
            Problem.EXTENDED_PUBLIC_KEY,
        ),
        (
            "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypq",
            Problem.LIGHTNING_INVOICE,
        ),
        ("vitalik.bnb", Problem.NAME_SERVICE),  # .eth names are ENS addresses (test_input_ens)
        ("toly.sol", Problem.NAME_SERVICE),
    ],
)
def test_things_that_are_not_a_hash_or_address(text: str, problem: Problem) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is problem


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "bad_witness_version"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "bad_padding"),
    ],
)
def test_structurally_invalid_segwit_is_malformed(text: str, reason: str) -> None:
    result = classify(text)
    assert result.problem is Problem.MALFORMED
    assert result.detail["reason"] == reason


@pytest.mark.parametrize(
    "text",
    [
        "bc1pw5dgrnzv",
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
        "bc1gmk9yu",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
    ],
)
def test_bip_invalid_vectors_are_invalid_input(text: str) -> None:
    assert classify(text).kind is InputKind.INVALID


@pytest.mark.parametrize(
    "text",
    ["BC1SW50QGDZ25J", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"],  # BIP-350 future versions
)
def test_future_segwit_versions_are_valid_addresses(text: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.ADDRESS
    assert str(result.detail["type"]).startswith("segwit_v")
