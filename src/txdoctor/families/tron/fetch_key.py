"""The optional TronGrid API key: read from the environment, sent only to TronGrid.

Without a key TronGrid limits requests hard: over its limit it answers 403 and refuses
the caller for 30 s (developers.tron.network, "Rate Limits"). With ``TRON_PRO_API_KEY`` set,
every request to a ``*.trongrid.io`` endpoint carries the ``TRON-PRO-API-KEY`` header.
The key is registered as a secret, so no message or output ever shows it, and it is never
sent to any other host (a self-hosted node or another provider would learn it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from txdoctor.core.redact import register_secret

KEY_ENV = "TRON_PRO_API_KEY"
KEY_HEADER = "TRON-PRO-API-KEY"
TRONGRID_DOMAIN = "trongrid.io"


def is_trongrid(url: str) -> bool:
    """True for an endpoint on TronGrid (``api.trongrid.io``, ``nile.trongrid.io`` …)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return host == TRONGRID_DOMAIN or host.endswith("." + TRONGRID_DOMAIN)


def api_key(environ: Mapping[str, str] = os.environ) -> str | None:
    """The configured key, registered as a secret; None when unset or blank."""
    key = environ.get(KEY_ENV, "").strip()
    if not key:
        return None
    register_secret(key)
    return key


def trongrid_headers(
    environ: Mapping[str, str] = os.environ,
) -> Callable[[str], Mapping[str, str]]:
    """A ``Transport(headers_for=…)`` function adding the key to TronGrid requests only."""
    key = api_key(environ)

    def headers_for(url: str) -> Mapping[str, str]:
        return {KEY_HEADER: key} if key and is_trongrid(url) else {}

    return headers_for
