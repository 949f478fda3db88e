"""What a lookup request asks for, checked: inputs, language, format, expected network.

The order matters: secrets are looked for first, before any other check can answer with
something that depends on the inputs, and a refusal names nothing of what was pasted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from txdoctor.advise.i18n import LANGUAGES
from txdoctor.config import ChainsConfig
from txdoctor.serve import texts
from txdoctor.serve.lookups import refused, split_paste, without_prose
from txdoctor.serve.security import CSRF_COOKIE, CSRF_HEADER, language_of
from txdoctor.serve.settings import ServeSettings

log = logging.getLogger("txdoctor.serve")
FORMATS = ("json", "reply", "markdown", "card")


class Refusal(Exception):
    """A request that cannot be served: an HTTP status and a message in the agent's
    language."""

    def __init__(self, status: int, message: str, lang: str, /, **fields: object) -> None:
        super().__init__(message)
        self.status = status
        self.lang = lang
        self.text = texts.say(lang)(message, **fields)


@dataclass(frozen=True)
class Ask:
    """A checked lookup request."""

    inputs: list[str]
    lang: str
    fmt: str
    expect: str | None


def agent_language(request: Request) -> str:
    """The agent's language: their saved choice, else their browser's, else English."""
    return language_of(request.headers)


def check_ask(
    fields: dict[str, Any], settings: ServeSettings, config: ChainsConfig, fallback_lang: str
) -> Ask:
    """``fields`` of a JSON body or a form as an ``Ask``, or a ``Refusal``."""
    lang = fields.get("lang")
    error_lang = lang if lang in LANGUAGES else fallback_lang
    inputs = _inputs(fields, error_lang)
    if refused(inputs):
        log.info("refused: a secret (nothing looked up, stored or logged)")
        raise Refusal(422, texts.SECRET, error_lang)
    inputs = without_prose(inputs)
    if lang is None:
        lang = fallback_lang
    if lang not in LANGUAGES:
        raise Refusal(
            400, texts.UNKNOWN_LANG, error_lang, lang=str(lang)[:20], choices=", ".join(LANGUAGES)
        )
    fmt = fields.get("format") or "json"
    if fmt not in FORMATS:
        raise Refusal(
            400, texts.UNKNOWN_FORMAT, lang, format=str(fmt)[:20], choices=", ".join(FORMATS)
        )
    expect = (fields.get("expect_chain") or "").strip().lower() or None
    if expect is not None and config.get(expect) is None:
        raise Refusal(
            400, texts.UNKNOWN_CHAIN, lang, name=expect[:40], names=", ".join(config.names())
        )
    if not inputs:
        raise Refusal(400, texts.NO_INPUT, lang)
    if len(inputs) > settings.max_inputs:
        raise Refusal(400, texts.TOO_MANY, lang, count=len(inputs), limit=settings.max_inputs)
    return Ask(inputs, lang, fmt, expect)


def _inputs(fields: dict[str, Any], lang: str) -> list[str]:
    listed, text = fields.get("inputs"), fields.get("text")
    if listed is not None:
        if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
            raise Refusal(400, texts.BAD_BODY, lang)
        return split_paste("\n".join(listed))
    if text is not None:
        if not isinstance(text, str):
            raise Refusal(400, texts.BAD_BODY, lang)
        return split_paste(text)
    raise Refusal(400, texts.BAD_BODY, lang)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    """The double-submit check, needed only when the browser sent neither Sec-Fetch-Site
    nor Origin (the guard decided which)."""
    if not getattr(request.state, "csrf_token_required", False):
        return True
    import hmac

    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = submitted or request.headers.get(CSRF_HEADER, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), given.encode())
