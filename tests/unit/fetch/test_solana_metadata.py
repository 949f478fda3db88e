"""Program-derived addresses, Metaplex and Token-2022 token labels, and impostor claims."""

from __future__ import annotations

import pytest

from support.solana_mock import result
from txdoctor.config import TokenConfig
from txdoctor.core import base58 as b58
from txdoctor.diagnose.tokens import claim_key, judge_token, official_entry
from txdoctor.facts import TokenInfo, TokenMeta, TokenStatus
from txdoctor.families.solana.fetch_metadata import (
    METADATA_PROGRAM,
    TokenLabel,
    create_program_address,
    find_program_address,
    is_on_curve,
    label_from_metadata_account,
    label_from_parsed_mint,
    metadata_address,
)
from txdoctor.families.solana.fetch_tokens import mint_info

FAKE_MINT = "48xDdGnciLBQh7vpxFJ3TdWDgBZ7ELwT5ne6HZbPFGgu"
USDT = TokenConfig("USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", 6, "Tether USD")


# Vectors of kevinheavey/solders tests/test_pubkey.py (the agave implementation's results).
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            b"\xc1M\xce\x1e\xa4\x86<\xf1\xbc\xfc\x12\xf4\xf2\xe2Y\xf4\x8d\xe4V\xb7\xf9\xd4\\!{\x04\x89j"
            b"\x1f\xfeA\xdc",
            True,
        ),
        (
            b"6\x8d-\x96\xcf\xe7\x93G~\xe0\x17r\\\x9c%\x9a\xab\xa6\xa9\xede\x02\xbf\x83=\x10,P\xfbh\x8ev",
            True,
        ),
        (
            b"\x00y\xf0\x82\xa6\x1c\xc7N\xa5\xe2\xab\xedd\xbb\xf7_2\xfb\xddSz\xff\xf7RW\xedg\x16\xc9\xe3r"
            b"\x99",
            False,
        ),
    ],
)
def test_curve_membership(key: bytes, expected: bool) -> None:
    assert is_on_curve(key) is expected


@pytest.mark.parametrize(
    ("seeds", "expected"),
    [
        ([b"", b"\x01"], "3gF2KMe9KiC6FNVBmfg9i267aMPvK37FewCip4eGBFcT"),
        (["☉".encode()], "7ytmC1nT1xY4RfxCV2ZgyA7UakC93do5ZdyhdF3EtPj7"),
        ([b"Talking", b"Squirrels"], "HwRVBufQ4haG5XSgpspwKtNd3PC9GM9m1196uJW36vds"),
    ],
)
def test_create_program_address(seeds: list[bytes], expected: str) -> None:
    program = b58.decode("BPFLoader1111111111111111111111111111111111")
    address = create_program_address(seeds, program)
    assert address is not None and b58.encode(address) == expected


@pytest.mark.parametrize(
    ("mint", "account", "bump"),
    [
        (
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            "Hk4JYgZiuPLFc9EqqywZbtBUZyUZ8AkrSig5Nnsvvf9s",
            251,
        ),
        (
            "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
            "JAzZ9e3rtXWqHfRfGuHCLQ4zQ1HgTpXpavWTkh3YJeQ2",
            255,
        ),
    ],
)
def test_find_program_address_reproduces_mainnet_token_accounts(
    mint: str, account: str, bump: int
) -> None:
    """Associated token accounts of Brave's recorded wallet (getTokenAccountsByOwner fixture);
    the bump of 251 means four hashes fell on the curve and were skipped."""
    owner = b58.decode("5wytVPbjLb2VCXbynhUQabEZZD2B6Wxrkvwm6v6Cuy5X")
    token = b58.decode("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
    program = b58.decode("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL")
    address, found_bump = find_program_address([owner, token, b58.decode(mint)], program)
    assert (b58.encode(address), found_bump) == (account, bump)


def test_usdc_metadata_address() -> None:
    # The account Metaplex holds USDC's metadata in (several independent implementations).
    assert (
        metadata_address("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")
        == "5x38Kp4hvdomTCnCrAny4UtMUt5rQBdB6px2K1Ui45Wq"
    )


def metadata_account() -> dict[str, object]:
    account: dict[str, object] = result("getMultipleAccounts_fake_mint_metadata_base64.json")[
        "value"
    ][0]
    return account


def test_metaplex_label_read_and_padding_stripped() -> None:
    assert label_from_metadata_account(metadata_account(), FAKE_MINT) == TokenLabel(
        "Tether USD", "USDT"
    )


def test_metaplex_label_refused_for_another_mint_or_owner() -> None:
    assert label_from_metadata_account(metadata_account(), USDT.contract) is None
    account = metadata_account() | {"owner": "11111111111111111111111111111111"}
    assert label_from_metadata_account(account, FAKE_MINT) is None
    assert (
        label_from_metadata_account(metadata_account() | {"data": ["!!", "base64"]}, FAKE_MINT)
        is None
    )
    assert label_from_metadata_account(None, FAKE_MINT) is None
    assert metadata_account()["owner"] == METADATA_PROGRAM


def test_token_2022_metadata_extension_read() -> None:
    """agave account-decoder's shape of a Token-2022 mint with its metadata extension."""
    mint = result("getMultipleAccounts_fake_mint_jsonParsed.json")["value"][0]
    mint["owner"] = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
    mint["data"]["program"] = "spl-token-2022"
    mint["data"]["parsed"]["info"]["extensions"] = [
        {
            "extension": "metadataPointer",
            "state": {"authority": None, "metadataAddress": FAKE_MINT},
        },
        {
            "extension": "tokenMetadata",
            "state": {
                "additionalMetadata": [],
                "mint": FAKE_MINT,
                "name": "USD Coin ",
                "symbol": "USDC",
                "updateAuthority": None,
                "uri": "",
            },
        },
    ]
    assert label_from_parsed_mint(mint) == (TokenLabel("USD Coin", "USDC"), 6)


def test_classic_mint_has_decimals_but_no_label() -> None:
    mint = result("getMultipleAccounts_fake_mint_jsonParsed.json")["value"][0]
    assert label_from_parsed_mint(mint) == (None, 6)
    assert label_from_parsed_mint({"data": ["", "base64"]}) == (None, None)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("USDT", "usdt"),
        ("ＵＳＤＴ", "usdt"),
        ("USD₮", "usdt"),
        ("UЅDТ", "usdt"),
        ("U.S.D.T", "usdt"),
        ("Tether USD", "tetherusd"),
        (None, ""),
    ],
)
def test_claim_key(text: str | None, key: str) -> None:
    assert claim_key(text) == key


def judged(info: TokenInfo) -> TokenInfo:
    meta = TokenMeta(info.symbol, info.name, info.decimals)
    return judge_token([USDT], info.contract, meta, case_sensitive=True)


def test_mint_statuses() -> None:
    assert judged(mint_info(USDT.contract, None, None)).status is TokenStatus.OFFICIAL
    fake = judged(mint_info(FAKE_MINT, TokenLabel("Tether USD", "USDT"), 6))
    assert (fake.status, fake.official_name) == (TokenStatus.IMPOSTOR, "Tether USD")
    assert (
        judged(mint_info(FAKE_MINT, TokenLabel("Cat Coin", "MEOW"), 6)).status
        is TokenStatus.UNLISTED
    )
    assert judged(mint_info(FAKE_MINT, None, 6)).status is TokenStatus.UNLISTED


def test_official_mints_come_from_the_chains_file() -> None:
    token = TokenConfig("USDT", USDT.contract, 6, "Tether USD")
    assert official_entry([token], USDT.contract, case_sensitive=True) is not None
