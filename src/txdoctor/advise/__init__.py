"""Finding → explanation and steps, per language, from message catalogs.

The names below load on first use (PEP 562): ``txdoctor.advise.i18n``, which every command
needs for its messages, then comes without the catalogs, which a lookup loads while the
network answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from txdoctor.core.lazy_names import lazy_names

if TYPE_CHECKING:
    from txdoctor.advise.compose import Advice, advise, safety_note
    from txdoctor.advise.i18n import LANGUAGES, resolve_language

__all__ = ["LANGUAGES", "Advice", "advise", "resolve_language", "safety_note"]
__getattr__ = lazy_names(
    __name__,
    {
        "Advice": "txdoctor.advise.compose",
        "advise": "txdoctor.advise.compose",
        "safety_note": "txdoctor.advise.compose",
        "LANGUAGES": "txdoctor.advise.i18n",
        "resolve_language": "txdoctor.advise.i18n",
    },
)
