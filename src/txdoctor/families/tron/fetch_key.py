"""The optional TronGrid API key: read from the environment, sent only to TronGrid.

Without a key TronGrid limits requests hard: over its limit it answers 403 and refuses
the caller for 30 s (developers.tron.network, "Rate Limits"). With ``TRON_PRO_API_KEY`` set,
every https request to a ``*.trongrid.io`` endpoint carries the ``TRON-PRO-API-KEY`` header.
The key is registered as a secret, so no message or output ever shows it, and it is never
sent to any other host (a self-hosted node or another provider would learn it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from txdoctor.core.redact import register_secret
from txdoctor.core.urls import connected_origin, gets_api_key, is_on_domain

KEY_ENV = "TRON_PRO_API_KEY"
KEY_HEADER = "TRON-PRO-API-KEY"
TRONGRID_DOMAIN = "trongrid.io"


def is_trongrid(url: str) -> bool:
    """True for an endpoint on TronGrid (``api.trongrid.io``, ``nile.trongrid.io`` …), by the
    host the HTTP client connects to."""
    origin = connected_origin(url)
    return origin is not None and is_on_domain(origin[1], TRONGRID_DOMAIN)


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
        # Decided on the host the client connects to, over https only (txdoctor/core/urls.py).
        return {KEY_HEADER: key} if key and gets_api_key(url, TRONGRID_DOMAIN) else {}

    return headers_for


key_headers = trongrid_headers
"""The name every family's key module offers (``txdoctor.fetch.api_keys``)."""
