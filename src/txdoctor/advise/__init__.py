"""Finding → explanation and steps, per language, from message catalogs.

The names below load on first use (PEP 562): ``txdoctor.advise.i18n``, which every command
needs for its messages, then comes without the catalogs, which a lookup loads while the
network answers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from txdoctor.advise.compose import Advice, advise, safety_note
    from txdoctor.advise.i18n import LANGUAGES, resolve_language

__all__ = ["LANGUAGES", "Advice", "advise", "resolve_language", "safety_note"]
_HOMES = {
    "Advice": "compose",
    "advise": "compose",
    "safety_note": "compose",
    "LANGUAGES": "i18n",
    "resolve_language": "i18n",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
