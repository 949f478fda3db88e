"""Official, impostor or unlisted: judged against the tokens table (pure rules)."""

from __future__ import annotations

import pytest

from txdoctor.config import TokenConfig
from txdoctor.diagnose.tokens import claim_key, judge_token, official_entry
from txdoctor.facts import TokenMeta, TokenStatus

USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
TABLE = (
    TokenConfig("USDT", USDT, 6, "Tether USD"),
    TokenConfig("USDC.e", "0x" + "cd" * 20, 6, "Bridged USDC", variant="bridged"),
)
FAKE = "0x" + "99" * 20


def test_official_is_found_whatever_the_case_of_the_address() -> None:
    info = judge_token(TABLE, USDT.lower(), TokenMeta(symbol="anything"))
    assert info.status is TokenStatus.OFFICIAL
    assert (info.symbol, info.decimals, info.official_name) == ("USDT", 6, "Tether USD")
    bridged = judge_token(TABLE, ("0x" + "cd" * 20).upper().replace("0X", "0x"), None)
    assert bridged.status is TokenStatus.OFFICIAL and bridged.variant == "bridged"


@pytest.mark.parametrize("symbol", ["USDT", "usdt", "ＵＳＤＴ", "USDТ", "U.S.D.T", "USD₮", "U$DT"])
def test_lookalike_symbols_are_impostors(symbol: str) -> None:
    info = judge_token(TABLE, FAKE, TokenMeta(symbol=symbol, name="Free money", decimals=6))
    assert info.status is TokenStatus.IMPOSTOR
    assert (info.imitates, info.official_contract) == ("USDT", USDT.lower())
    assert info.symbol == symbol  # its own text is kept, raw


def test_a_copied_name_is_enough() -> None:
    info = judge_token(TABLE, FAKE, TokenMeta(symbol="TUSD1", name="Tether  USD"))
    assert info.status is TokenStatus.IMPOSTOR and info.official_name == "Tether USD"


def test_other_tokens_are_unlisted() -> None:
    for meta in (TokenMeta(symbol="DAI", name="Dai Stablecoin"), TokenMeta(), None):
        assert judge_token(TABLE, FAKE, meta).status is TokenStatus.UNLISTED
    assert judge_token((), FAKE, TokenMeta(symbol="USDT")).status is TokenStatus.UNLISTED


def test_claim_key_folds_what_a_reader_cannot_see() -> None:
    assert claim_key("Tether\u200bUSD") == claim_key("tether usd") == "tetherusd"
    assert claim_key(None) == claim_key("") == ""


def test_base58_contracts_compare_exactly_and_keep_their_case() -> None:
    tron_usdt = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    tron_fake = "TB7wbYPkiqs17GfEZnW8D8bE3yDkooTx78"
    table = [TokenConfig("USDT", tron_usdt, 6, "Tether USD")]
    assert official_entry(table, tron_usdt, case_sensitive=True) is not None
    assert official_entry(table, tron_usdt.lower(), case_sensitive=True) is None
    fake = judge_token(table, tron_fake, TokenMeta("USDТ", None, 6), case_sensitive=True)
    assert fake.status is TokenStatus.IMPOSTOR
    assert (fake.contract, fake.official_contract) == (tron_fake, tron_usdt)
