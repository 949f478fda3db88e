"""Numbers for the reader's locale: exact decimals, grouped digits, never through float.

The three languages txdoctor speaks (en, zh-CN, zh-TW) all write numbers the same way in
CLDR: groups of three digits separated by ``,`` and ``.`` before the fraction. That is a few
lines of code, so no locale library is loaded for it; a language that groups differently
adds its separators to ``SEPARATORS``.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

# language -> (group separator, decimal separator), from CLDR's "latn" number symbols.
SEPARATORS: dict[str, tuple[str, str]] = {
    "en": (",", "."),
    "zh-CN": (",", "."),
    "zh-TW": (",", "."),
}


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


FEE_DIGITS = 4
"""Significant digits a fee keeps in text for people (0.000091615… ETH -> 0.00009162 ETH)."""
AMOUNT_DECIMALS = 8
"""Decimal places an amount keeps in text for people (a satoshi), unless it needs more to show
``FEE_DIGITS`` significant digits (a dust amount stays readable)."""


def round_fee(value: Decimal, lang: str = "en", *, up: bool = False) -> str:
    """A fee for people: ``FEE_DIGITS`` significant digits, whole units never cut.

    ``up`` rounds towards the larger number: a minimum the reader must offer ("at least") or
    a ceiling they may be charged ("at most") must not come out smaller than the exact one.
    """
    return format_decimal(_significant(value, FEE_DIGITS, up), lang)


def round_amount(value: Decimal, lang: str = "en") -> str:
    """An amount for people: at most ``AMOUNT_DECIMALS`` decimals (more only for dust)."""
    places = Decimal(1).scaleb(-AMOUNT_DECIMALS)
    rounded = (
        value.quantize(places, rounding=ROUND_HALF_UP)
        if _exponent(value) < -AMOUNT_DECIMALS
        else value
    )
    if rounded == 0 and value != 0:
        rounded = _significant(value, FEE_DIGITS, False)
    return format_decimal(rounded, lang)


def _significant(value: Decimal, digits: int, up: bool) -> Decimal:
    if value == 0 or not value.is_finite():
        return value
    exponent = value.adjusted() - digits + 1
    if exponent <= 0 and _exponent(value) >= exponent:
        return value
    quantum = Decimal(1).scaleb(min(exponent, 0))
    return value.quantize(quantum, rounding=ROUND_CEILING if up else ROUND_HALF_UP)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


_FEE_WORDS = ("fee", "cost", "gwei", "rate", "price", "_trx")
_UP_WORDS = (
    "new_",
    "suggested_",
    "rbf_",
    "cpfp_fee",
    "rent_min",
    "activation_",
    "transfer_fee",
    "minimum",
)


def for_people(key: str, value: Decimal, lang: str = "en") -> str:
    """A number param of a sentence, rounded by what it is: a fee (or a fee threshold, rounded
    up) to ``FEE_DIGITS`` significant digits, any other quantity as an amount."""
    if any(word in key for word in _FEE_WORDS) and key not in ("trx", "sol"):
        return round_fee(value, lang, up=any(word in key for word in _UP_WORDS))
    return round_amount(value, lang)
