"""Numbers for the reader's locale: exact decimals, grouped digits, never through float."""

from __future__ import annotations

from decimal import Decimal, localcontext
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

BABEL_LOCALES = {"en": "en", "zh-CN": "zh_Hans_CN", "zh-TW": "zh_Hant_TW"}


def format_decimal(value: Decimal, lang: str = "en") -> str:
    """``value`` with every significant digit kept and the locale's grouping (1,234.000441).

    Babel rounds to the pattern's precision unless told not to, and quantizes in the current
    decimal context, so the value is given without exponent in a context wide enough for
    every digit of a huge raw amount.
    """
    from babel.numbers import format_decimal as babel_format

    plain = Decimal(f"{value:f}")  # 1E+30 -> 1000…0, exponent 0
    with localcontext() as context:
        context.prec = len(plain.as_tuple().digits) + 10
        return babel_format(plain.normalize() if plain % 1 else plain, locale=_locale(lang),
                            decimal_quantization=False)


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(BABEL_LOCALES.get(lang, "en"))
