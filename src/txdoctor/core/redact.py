"""Hide credentials in endpoint URLs and in any text shown to a human.

Endpoint URLs often carry API keys, in shapes no rule can list: ``https://user:pass@host``,
``?apikey=…``, ``?k=…``, Infura ``/v3/<key>``, ``/rpc/MyShortKey99``, ``;jsessionid=…``,
``#frag=…``. So an endpoint is shown as ``scheme://host:port/…``, its path only when every
segment is a word known from public endpoints (``/ext/bc/C/rpc``), and never its query or
fragment. Everything the transport puts into an ``Attempt``, an error string or an
exception message goes through this module first; a server message that quotes any piece
of the URL is dropped (``echoes_url``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit

MASK = "***"
MIN_SECRET_LENGTH = 4
"""Shorter values are never treated as secrets: replacing them would mangle unrelated text."""

KEYLESS_SEGMENTS = frozenset(
    {
        "",
        "api",
        "rpc",
        "jsonrpc",
        "ext",
        "bc",
        "c",
        "http",
        "mainnet",
        "testnet",
        "signet",
        "testnet4",
        "wallet",
        "walletsolidity",
        "eth",
        "bsc",
        "bnb",
        "polygon",
        "matic",
        "arb",
        "arbitrum",
        "optimism",
        "op",
        "base",
        "avax",
        "avalanche",
        "solana",
        "tron",
        "btc",
        "bitcoin",
        "tx",
        "address",
        "v1",
        "v2",
        "v3",
    }
)
"""Path segments shown as they are: words of public endpoints' paths, never a key."""
_HEX_VALUE = re.compile(r"0x[0-9a-fA-F]*")
_ECHO_WINDOW = 8
# Ends on a character that cannot be trailing punctuation of the surrounding sentence.
_URL_IN_TEXT = re.compile(r"\b(?:https?|wss?)://[^\s'\"<>]*[^\s'\"<>.,;:!?)\]]")

_registry: set[str] = set()
_registry_lock = threading.Lock()
_generation = 0
"""Bumped whenever a new secret is registered: what was redacted before may show it."""
_redacted: dict[str, tuple[int, str, tuple[str, ...]]] = {}
"""URL → (generation, shown, pieces): a batch redacts its endpoints once per answer."""
MAX_REMEMBERED_URLS = 256


def register_secret(value: str) -> None:
    """Redact ``value`` (e.g. an API key read from the environment) from all later output.

    Values shorter than ``MIN_SECRET_LENGTH`` after stripping whitespace are ignored.
    """
    global _generation
    value = value.strip()
    if len(value) >= MIN_SECRET_LENGTH:
        with _registry_lock:
            if value not in _registry:
                _registry.add(value)
                _generation += 1


def redact_url(url: str) -> str:
    """``url`` as it may be shown: ``scheme://host:port`` and its path if keyless, else
    ``scheme://host:port/…``."""
    return _redact(url)[0]


def secrets_in_url(url: str) -> list[str]:
    """Return the raw pieces of ``url`` that ``redact_url`` hides (longest first).

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
    """``scheme://host:port`` plus the path when it is known to be keyless, else ``/…``;
    and every piece of the URL that may be (part of) a key. Remembered until a secret is
    registered (read before redacting: one registered meanwhile makes it stale at once)."""
    generation = _generation
    known = _redacted.get(url)
    if known is not None and known[0] == generation:
        return known[1], list(known[2])
    shown, found = _redact_now(url)
    if len(_redacted) >= MAX_REMEMBERED_URLS:  # URLs quoted in error texts: keep it bounded
        _redacted.clear()
    _redacted[url] = (generation, shown, tuple(found))
    return shown, found


def _redact_now(url: str) -> tuple[str, list[str]]:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "<unparseable URL>", [url]
    userinfo, _at, host_port = parts.netloc.rpartition("@")
    found = _pieces(userinfo, parts.path, parts.query, parts.fragment)
    origin = f"{parts.scheme}://{host_port}"
    keyless = not parts.query and not parts.fragment and _keyless_path(parts.path)
    shown = origin + (parts.path if keyless else "/…")
    return _mask_values(shown, _registered()), found


def _keyless_path(path: str) -> bool:
    """True for a path made only of words public endpoints use (``/ext/bc/C/rpc``) and of
    0x values (hashes and addresses are public, and useful to see)."""
    if ";" in path or "%" in path:
        return False
    return all(
        segment.lower() in KEYLESS_SEGMENTS or _HEX_VALUE.fullmatch(segment)
        for segment in path.split("/")
    )


def _pieces(userinfo: str, path: str, query: str, fragment: str) -> list[str]:
    """Every part of a URL but its scheme and host that could hold a key: user info, path
    segments that are not keyless words, query names and values, the fragment."""
    raw = [userinfo, *userinfo.split(":"), fragment, *re.split(r"[;=&,]", fragment)]
    raw += [
        segment for segment in re.split(r"[/;=,]", path) if segment.lower() not in KEYLESS_SEGMENTS
    ]
    for param in query.split("&"):
        name, _eq, value = param.partition("=")
        raw += [param, name, value, unquote_plus(value)]
    return sorted(
        {piece for piece in raw if len(piece) >= MIN_SECRET_LENGTH}, key=len, reverse=True
    )


def echoes_url(message: str, url: str) -> bool:
    """True when ``message`` (a server's error text) quotes any piece of ``url`` that may be
    a key, whole or in part (8 characters in a row), in any letter case."""
    lowered = message.lower()
    for piece in secrets_in_url(url):
        piece = piece.lower()
        if piece in lowered or unquote_plus(piece) in lowered:
            return True
        window = min(len(piece), _ECHO_WINDOW)
        if any(piece[i : i + window] in lowered for i in range(len(piece) - window + 1)):
            return True
    return False
