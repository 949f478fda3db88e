"""Aptos identifiers: the 0x+64 hash shared with EVM, the AIP-40 short special addresses,
and Aptos Explorer links with their ``network`` parameter."""

from __future__ import annotations

import pytest

from txdoctor.input import Family, InputKind, Problem, classify

HASH = "0x15940935f6317d7a42085855aa8167106aff03aeff5528bed51da015940d3222"
ACCOUNT = "0x2a5ddd8e5ac5e30f61e42e4dc54a2d6a904412810767fa2e1674b08ca3b04365"
EXPLORER = "https://explorer.aptoslabs.com"


def test_a_0x_hash_is_asked_of_evm_and_aptos() -> None:
    result = classify(HASH)
    assert result.kind is InputKind.TRANSACTION
    # Polkadot extrinsic hashes have the same shape too: every candidate family is asked.
    assert result.families == (Family.EVM, Family.APTOS, Family.POLKADOT)


@pytest.mark.parametrize(
    ("text", "long"),
    [
        ("0x1", "0x" + "0" * 63 + "1"),
        ("0xA", "0x" + "0" * 63 + "a"),
        ("0x0", "0x" + "0" * 64),
    ],
)
def test_the_short_special_addresses_are_aptos_accounts_in_long_form(text: str, long: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.ADDRESS
    assert result.value == long
    assert result.families == (Family.APTOS,)


def test_a_short_hex_that_is_not_special_is_still_refused() -> None:
    assert classify("0x12").kind is InputKind.INVALID


@pytest.mark.parametrize(
    "link",
    [
        f"{EXPLORER}/txn/{HASH}",
        f"{EXPLORER}/txn/{HASH}?network=mainnet",
        f"https://explorer.aptoslabs.com/txn/{HASH}/userTxnOverview?network=mainnet",
    ],
)
def test_an_explorer_transaction_link_asks_aptos_only(link: str) -> None:
    result = classify(link)
    assert (result.kind, result.value, result.families) == (
        InputKind.TRANSACTION,
        HASH,
        (Family.APTOS,),
    )
    assert result.chain_hint == "aptos"


def test_an_explorer_link_by_version_keeps_the_version() -> None:
    result = classify(f"{EXPLORER}/txn/3509309?network=mainnet")
    assert (result.kind, result.value, result.families) == (
        InputKind.TRANSACTION,
        "3509309",
        (Family.APTOS,),
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (f"/account/{ACCOUNT}", ACCOUNT),
        ("/account/0x1", "0x" + "0" * 63 + "1"),
        (f"/account/{ACCOUNT.upper().replace('0X', '0x')}?network=mainnet", ACCOUNT),
    ],
)
def test_an_explorer_account_link_is_an_aptos_address(path: str, value: str) -> None:
    result = classify(EXPLORER + path)
    assert (result.kind, result.value, result.families) == (
        InputKind.ADDRESS,
        value,
        (Family.APTOS,),
    )


@pytest.mark.parametrize("network", ["testnet", "devnet"])
def test_a_testnet_explorer_link_is_refused_with_its_network(network: str) -> None:
    result = classify(f"{EXPLORER}/txn/{HASH}?network={network}")
    assert result.problem is Problem.TESTNET
    assert result.detail["network"] == network


@pytest.mark.parametrize("path", ["/account/0x12345", "/account/0xzz", "/txn/abc"])
def test_a_broken_explorer_link_is_refused(path: str) -> None:
    assert classify(EXPLORER + path).kind is InputKind.INVALID


@pytest.mark.parametrize(
    "text", ["0x5 aAeb6053F3E94C9 b9A09f33669435E7Ef1BeAed", "send to 0x1 please"]
)
def test_a_short_form_inside_a_text_is_not_an_aptos_address(text: str) -> None:
    assert Family.APTOS not in classify(text).families
