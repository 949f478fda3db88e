"""Numbers for the reader's locale: exact decimals, grouped digits, never through float.

The three languages txdoctor speaks (en, zh-CN, zh-TW) all write numbers the same way in
CLDR: groups of three digits separated by ``,`` and ``.`` before the fraction. That is a few
lines of code, so no locale library is loaded for it; a language that groups differently
adds its separators to ``SEPARATORS``.
"""

from __future__ import annotations

from decimal import Decimal

# language -> (group separator, decimal separator), from CLDR's "latn" number symbols.
SEPARATORS: dict[str, tuple[str, str]] = {"en": (",", "."), "zh-CN": (",", "."),
                                          "zh-TW": (",", ".")}


def format_decimal(value: Decimal, lang: str = "en") -> str:
    """``value`` with every significant digit kept and the locale's grouping (1,234.000441)."""
    group, point = SEPARATORS.get(lang, SEPARATORS["en"])
    plain = f"{value:f}"  # 1E+30 -> 1000…0, no exponent, every digit
    sign = "-" if plain.startswith("-") else ""
    whole, _, fraction = plain.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", group)
    if sign and grouped == "0" and not fraction:
        sign = ""
    return sign + grouped + (point + fraction if fraction else "")
