"""Numbers for the locale (exact) and the sentence that says what is wrong with an input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from txdoctor.advise import advise
from txdoctor.advise.numbers import format_decimal
from txdoctor.diagnose.inputs import diagnose_input
from txdoctor.input import classify


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.000441", "0.000441"),
        ("1234567.000000000000000001", "1,234,567.000000000000000001"),
        ("1E+30", "1,000,000,000,000,000,000,000,000,000,000"),
        (
            "115792089237316195423570985008687907853269984665640564039457.584007913129639935",
            "115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457."
            "584007913129639935",
        ),
        ("1.50", "1.5"),
        ("0", "0"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh-CN", "zh-TW"])
def test_amounts_keep_every_digit_and_group_thousands(value: str, expected: str, lang: str) -> None:
    assert format_decimal(Decimal(value), lang) == expected


def summary(raw: str, lang: str = "en") -> str:
    finding = diagnose_input(classify(raw))
    assert finding is not None
    return advise(finding, lang).summary


@pytest.mark.parametrize(
    ("raw", "lang", "sentence"),
    [
        (
            "0x" + "a" * 63,
            "en",
            "It has 63 hex characters (not counting 0x); a transaction hash has 64.",
        ),
        ("0x" + "a" * 63, "zh-CN", "它有 63 个十六进制字符（不含 0x）；交易哈希应为 64 个。"),
        ("0x" + "a" * 63, "zh-TW", "它有 63 個十六進位字元（不含 0x）；交易雜湊應為 64 個。"),
        ("0x" + "a" * 39, "en", "It has 39 hex characters (not counting 0x); an address has 40."),
        (
            "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "en",
            "Mixed-case address with a wrong checksum: probably a typo.",
        ),
        (
            "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "zh-CN",
            "大小写混合的地址校验码不符：很可能有输入错误。",
        ),
        ("0xg" + "a" * 63, "en", "Character 3, “g” (U+0067), is not a hex digit"),
        ("0xg" + "a" * 63, "zh-TW", "第 3 個字元 「g」（U+0067） 不是十六進位字元"),
        (
            "0x\u0430" + "a" * 39,
            "en",
            "Character 3, “а” (U+0430), only looks like the letter “a”. Look-alike letters are a "
            "trick of scam addresses",
        ),
        ("0xab\u200b" + "a" * 62, "en", "An invisible character (U+200B) is hidden at position 5."),
        ("0x5c50…2060", "en", "This is the shortened form wallets display"),
        ("toly.sol", "zh-CN", "这是一个域名（.sol），不是地址。"),
        (
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdQ",
            "en",
            "A bc1 address is all lower case or all upper case; this one mixes both.",
        ),
        (
            "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            "en",
            "It belongs to a test network (testnet).",
        ),
        ("abandon " * 11 + "about", "zh-TW", "它看起來是助記詞。"),
    ],
)
def test_an_invalid_input_says_exactly_what_is_wrong(raw: str, lang: str, sentence: str) -> None:
    assert sentence in summary(raw, lang)


def test_a_secret_is_never_echoed_in_its_explanation() -> None:
    phrase = "abandon " * 11 + "about"
    for lang in ("en", "zh-CN", "zh-TW"):
        assert "abandon" not in summary(phrase, lang)
