"""Hide credentials in endpoint URLs and in any text shown to a human.

Endpoint URLs often carry API keys: ``https://user:pass@host``, ``?apikey=…``,
Infura ``/v3/<key>``, Alchemy ``/v2/<key>``, QuickNode ``/<token>/``. Everything the
transport puts into an ``Attempt``, an error string or an exception message goes
through this module first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit, urlunsplit

MASK = "***"
MIN_SECRET_LENGTH = 4
"""Shorter values are never treated as secrets: replacing them would mangle unrelated text."""

_SECRET_PARAM = re.compile(r"key|token|auth|secret|pass|sig|credential", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")
_HEX_VALUE = re.compile(r"0x[0-9a-fA-F]*")
_VERSION = re.compile(r"v\d+", re.IGNORECASE)
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
# Ends on a character that cannot be trailing punctuation of the surrounding sentence.
_URL_IN_TEXT = re.compile(r"\b(?:https?|wss?)://[^\s'\"<>]*[^\s'\"<>.,;:!?)\]]")

_registry: set[str] = set()
_registry_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Redact ``value`` (e.g. an API key read from the environment) from all later output.

    Values shorter than ``MIN_SECRET_LENGTH`` after stripping whitespace are ignored.
    """
    value = value.strip()
    if len(value) >= MIN_SECRET_LENGTH:
        with _registry_lock:
            _registry.add(value)


def redact_url(url: str) -> str:
    """Return ``url`` with userinfo, key-like query values and key-like path segments masked."""
    return _redact(url)[0]


def secrets_in_url(url: str) -> list[str]:
    """Return the raw pieces of ``url`` that ``redact_url`` masks.

    Useful to scrub messages that quote the URL in another shape, e.g. urllib3's
    ``Max retries exceeded with url: /v3/<key>``.
    """
    return _redact(url)[1]


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask ``secrets``, every registered secret and credentials inside any URL in ``text``."""
    text = _mask_values(text, [*secrets, *_registered()])
    return _URL_IN_TEXT.sub(lambda match: redact_url(match.group(0)), text)


def _registered() -> list[str]:
    with _registry_lock:
        return list(_registry)


def _mask_values(text: str, secrets: Iterable[str]) -> str:
    variants = {
        variant
        for secret in secrets
        for variant in (secret, quote(secret, safe=""), quote_plus(secret))
        if len(variant) >= MIN_SECRET_LENGTH
    }
    # Longest first, so a secret that contains another one is masked as a whole.
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, MASK)
    return text


def _redact(url: str) -> tuple[str, list[str]]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>", [url]
    found: list[str] = []
    netloc = _redact_userinfo(parts.netloc, found)
    path = "/".join(_redact_segments(parts.path.split("/"), found))
    query = "&".join(_redact_param(param, found) for param in parts.query.split("&"))
    shown = urlunsplit((parts.scheme, netloc, path, query, parts.fragment))
    return _mask_values(shown, _registered()), found


def _redact_userinfo(netloc: str, found: list[str]) -> str:
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return netloc
    found.extend([userinfo, userinfo.partition(":")[2]])
    return f"{MASK}@{host}"


def _redact_segments(segments: list[str], found: list[str]) -> list[str]:
    shown: list[str] = []
    previous = ""
    for segment in segments:
        if _looks_like_key(segment, after_version=bool(_VERSION.fullmatch(previous))):
            found.append(segment)
            shown.append(MASK)
        else:
            shown.append(segment)
        previous = segment
    return shown


def _looks_like_key(segment: str, *, after_version: bool) -> bool:
    if not _TOKEN.fullmatch(segment) or _HEX_VALUE.fullmatch(segment):
        return False  # 0x-prefixed values are hashes and addresses: public, and useful to see
    if after_version and len(segment) >= 16:
        return True  # Alchemy-style /v2/<key>, which may lack digits
    if _HEX.fullmatch(segment):
        return True
    return len(segment) >= 20 and bool(_LETTER.search(segment)) and bool(_DIGIT.search(segment))


def _redact_param(param: str, found: list[str]) -> str:
    name, eq, value = param.partition("=")
    if not eq or not value or not _SECRET_PARAM.search(unquote_plus(name)):
        return param
    found.extend([value, unquote_plus(value)])
    return f"{name}={MASK}"
