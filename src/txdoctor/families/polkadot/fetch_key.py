"""The optional Subscan API key: read from the environment, sent only to Subscan.

Subscan answers without a key, with a lower quota meant for testing; over it, 429 with
``Retry-After`` (subscan-api-docs ``_conventions.md``; some of its pages say every request
needs a key and answer 401 without one). With ``SUBSCAN_API_KEY`` set, every https request
to a ``*.subscan.io`` endpoint carries it in the ``X-API-Key`` header. The key is registered
as a secret, so no message, log or output shows it, and no other host ever receives it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from txdoctor.core.redact import register_secret
from txdoctor.core.urls import gets_api_key

KEY_ENV = "SUBSCAN_API_KEY"
KEY_HEADER = "X-API-Key"
SUBSCAN_DOMAIN = "subscan.io"


def api_key(environ: Mapping[str, str] = os.environ) -> str | None:
    """The configured key, registered as a secret; None when unset or blank."""
    key = environ.get(KEY_ENV, "").strip()
    if not key:
        return None
    register_secret(key)
    return key


def key_headers(environ: Mapping[str, str] = os.environ) -> Callable[[str], Mapping[str, str]]:
    """A ``Transport(headers_for=…)`` function adding the key to Subscan requests only."""
    key = api_key(environ)

    def headers_for(url: str) -> Mapping[str, str]:
        # Decided on the host the client connects to, over https only (core/urls.py).
        return {KEY_HEADER: key} if key and gets_api_key(url, SUBSCAN_DOMAIN) else {}

    return headers_for
