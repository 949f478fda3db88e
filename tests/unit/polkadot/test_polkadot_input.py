"""Polkadot identifiers: SS58 addresses (checksum, other networks' prefixes), extrinsic
hashes shared with EVM and Aptos, Subscan extrinsic indexes and Subscan links.

The addresses are real: ``16hp43…`` and ``1NUFG…`` are the sender and recipient of the
extrinsic in Subscan's API docs (whose Transfer event gives the sender's account id
``fc4d60…``), ``CaXP13…`` is a Kusama account from subscan-essentials issue #103 and
``5GNqxG…`` a generic-prefix address from Subscan's docs (tests/fixtures/polkadot/README.md).
"""

from __future__ import annotations

import pytest

from txdoctor.core import ss58
from txdoctor.input import Family, InputKind, Problem, classify

SENDER = "16hp43x8DUZtU8L3cJy9Z8JMwTzuu8ZZRWqDZnpMhp464oEd"
SENDER_ID = "fc4d6069cb980fcde6ef73a46f1894d66c152e9ddfac3a499cf6a1654ff5f55b"
RECIPIENT = "1NUFGnNcUpGh2biqtQ1yND7NCDY3q2Eoh7PbsurheeSNmAH"
KUSAMA = "CaXP13BzBvUmSSPQWbGPzTYHCAXBzhhPkh8NeNsQwFMdZb3"
GENERIC = "5GNqxG7ULwJfyXuRhb6xjbfpNXffbENdva9cp9wcTVRyw28E"
HASH = "0x3d944ee0f1aead94a50730eec73aba16c930ca9f468a63d11415c73c80e325ba"


def test_the_codec_reads_a_recorded_address_to_the_account_id_its_event_names() -> None:
    decoded = ss58.decode(SENDER)
    assert decoded is not None and decoded.checksum_ok
    assert (decoded.prefix, decoded.account_id.hex()) == (0, SENDER_ID)
    assert ss58.encode(bytes.fromhex(SENDER_ID), 0) == SENDER


@pytest.mark.parametrize(("address", "prefix"), [(KUSAMA, 2), (GENERIC, 42)])
def test_other_networks_recorded_addresses_keep_their_checksum_and_prefix(
    address: str, prefix: int
) -> None:
    decoded = ss58.decode(address)
    assert decoded is not None and decoded.checksum_ok and decoded.prefix == prefix
    assert ss58.encode(decoded.account_id, prefix) == address
    polkadot = ss58.polkadot_form(address)
    assert polkadot is not None and polkadot.startswith("1") and polkadot != address


@pytest.mark.parametrize("prefix", [64, 255, 1284, 16383])
def test_two_byte_prefixes_round_trip(prefix: int) -> None:
    encoded = ss58.encode(bytes.fromhex(SENDER_ID), prefix)
    decoded = ss58.decode(encoded)
    assert decoded is not None and (decoded.prefix, decoded.checksum_ok) == (prefix, True)


@pytest.mark.parametrize("address", [SENDER, RECIPIENT])
def test_a_polkadot_address_is_a_polkadot_address(address: str) -> None:
    result = classify(address)
    assert (result.kind, result.value, result.families) == (
        InputKind.ADDRESS,
        address,
        (Family.POLKADOT,),
    )
    assert "ss58_prefix" not in result.detail


@pytest.mark.parametrize(("address", "prefix"), [(KUSAMA, 2), (GENERIC, 42)])
def test_another_networks_spelling_is_looked_up_on_polkadot_marked_with_its_prefix(
    address: str, prefix: int
) -> None:
    result = classify(address)
    assert (result.kind, result.families) == (InputKind.ADDRESS, (Family.POLKADOT,))
    assert result.value == address and result.detail["ss58_prefix"] == prefix


def _changed(address: str, at: int) -> str:
    at %= len(address)
    swap = "2" if address[at] != "2" else "3"
    return address[:at] + swap + address[at + 1 :]


@pytest.mark.parametrize("at", [5, 20, -1])
def test_one_changed_character_is_a_checksum_error(at: int) -> None:
    result = classify(_changed(SENDER, at))
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.BAD_CHECKSUM
    assert dict(result.detail) == {"family": "polkadot", "encoding": "ss58"}


def test_a_0x_hash_is_asked_of_every_family_with_that_shape() -> None:
    assert classify(HASH).families == (Family.EVM, Family.APTOS, Family.POLKADOT)


@pytest.mark.parametrize("text", ["2028659-2", " 2028659-2 "])
def test_a_subscan_index_alone_is_a_polkadot_extrinsic(text: str) -> None:
    result = classify(text)
    assert (result.kind, result.value, result.families) == (
        InputKind.TRANSACTION,
        "2028659-2",
        (Family.POLKADOT,),
    )


@pytest.mark.parametrize("text", ["order 2028659-2 please", "2024-05", "12-3-4"])
def test_a_dash_number_inside_a_text_is_not_an_extrinsic(text: str) -> None:
    assert classify(text).kind is not InputKind.TRANSACTION


@pytest.mark.parametrize(
    ("url", "kind", "value", "hint"),
    [
        (
            "https://polkadot.subscan.io/extrinsic/2028659-2",
            InputKind.TRANSACTION,
            "2028659-2",
            "polkadot",
        ),
        (
            f"https://assethub-polkadot.subscan.io/extrinsic/{HASH.upper().replace('0X', '0x')}",
            InputKind.TRANSACTION,
            HASH,
            "polkadot_asset_hub",
        ),
        # An account is the same on Asset Hub and the relay chain: no chain is implied.
        (f"https://polkadot.subscan.io/account/{SENDER}", InputKind.ADDRESS, SENDER, None),
        (f"assethub-polkadot.subscan.io/account/{KUSAMA}", InputKind.ADDRESS, KUSAMA, None),
    ],
)
def test_subscan_links(url: str, kind: InputKind, value: str, hint: str | None) -> None:
    result = classify(url)
    assert (result.kind, result.value, result.families, result.chain_hint) == (
        kind,
        value,
        (Family.POLKADOT,),
        hint,
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (f"https://kusama.subscan.io/extrinsic/{HASH}", Problem.UNSUPPORTED_CHAIN),
        (f"https://westend.subscan.io/extrinsic/{HASH}", Problem.TESTNET),
        (f"https://moonbeam.subscan.io/tx/{HASH}", Problem.UNSUPPORTED_CHAIN),
        (f"https://polkadot.subscan.io/account/{_changed(SENDER, 9)}", Problem.BAD_CHECKSUM),
        ("https://polkadot.subscan.io/extrinsic/0x12", Problem.UNRECOGNIZED),
    ],
)
def test_subscan_links_that_cannot_be_looked_up(url: str, problem: Problem) -> None:
    result = classify(url)
    assert (result.kind, result.problem) == (InputKind.INVALID, problem)
