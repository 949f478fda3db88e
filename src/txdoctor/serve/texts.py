"""Every sentence of the page and of the API's errors, marked for the message catalogs."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from txdoctor.advise.i18n import N_, translator

LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh-CN": "简体中文", "zh-TW": "繁體中文"}
"""Each language in its own script (never translated)."""

# The page
PAGE = {
    "title": N_("txdoctor helpdesk"),
    "paste_label": N_("Hashes, addresses, explorer links or the ticket text, one per line"),
    "expect_label": N_("Expected network"),
    "expect_any": N_("any"),
    "lang_label": N_("Customer's language"),
    "agent_lang_label": N_("My language"),
    "submit": N_("Check"),
    "save": N_("Save"),
    "copy_reply": N_("Copy reply"),
    "copy_all": N_("Copy all replies"),
    "copied": N_("Copied"),
    "reply_heading": N_("Reply for the customer"),
    "agent_notes": N_("For the agent"),
    "checked": N_("Checked"),
    "steps": N_("What to do"),
    "explorer": N_("Open in the explorer"),
    "recent": N_("Recent lookups of the team"),
    "recent_empty": N_("No lookups yet."),
    "knowledge": N_("Knowledge base"),
    "working": N_("Checking…"),
    "done": N_("Done"),
    "failed": N_("The check could not finish; try again."),
    "token_label": N_("Access token"),
    "sign_in": N_("Sign in"),
    "code": N_("Code"),
    "severity": N_("Severity"),
    "meaning": N_("Meaning"),
    "results": N_("Results"),
    "reply_in": N_("Reply in"),
}

# Request errors (4xx), shown to API clients and on the page
NO_INPUT = N_("Paste at least one hash, address or explorer link.")
TOO_MANY = N_("Too many inputs at once: {count} (at most {limit}). Split them into several checks.")
UNKNOWN_LANG = N_("Unknown language '{lang}': choose one of {choices}.")
UNKNOWN_FORMAT = N_("Unknown format '{format}': choose one of {choices}.")
UNKNOWN_CHAIN = N_("Unknown network '{name}': choose one of {names}.")
UNKNOWN_CODE = N_("Unknown verdict code '{code}'; /api/codes lists them all.")
BAD_BODY = N_(
    'The request body must be a JSON object with "inputs" (a list of strings) or "text" (a string).'
)
SECRET = N_(
    "This looks like a recovery phrase or a private key. Nothing was checked, stored "
    "or logged. Never share it with anyone, support included; if it was shared, "
    "move the funds to a new wallet."
)
TOO_LARGE = N_("The request is too large (at most {limit} bytes).")
RATE_LIMITED = N_("Too many requests; try again in {seconds} s.")
BAD_HOST = N_("This address is not one this service answers to.")
UNAUTHORIZED = N_("Sign in first: send the access token (Authorization: Bearer …).")
CROSS_SITE = N_("Refused: the request came from another site.")


def page_texts(lang: str) -> dict[str, str]:
    """The page's sentences in ``lang``."""
    _ = translator(lang).gettext
    return {key: _(text) for key, text in PAGE.items()}


def say(lang: str) -> Callable[..., str]:
    """``say(lang)(MESSAGE, **fields)``: ``MESSAGE`` translated and filled."""
    _ = translator(lang).gettext

    def fill(message: str, **fields: object) -> str:
        return _(message).format(**fields) if fields else _(message)

    return fill
