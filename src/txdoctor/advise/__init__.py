"""Finding → explanation and steps, per language, from message catalogs."""

from txdoctor.advise.compose import Advice, advise, safety_note
from txdoctor.advise.i18n import LANGUAGES, resolve_language

__all__ = ["LANGUAGES", "Advice", "advise", "resolve_language", "safety_note"]
