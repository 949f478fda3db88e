"""The optional Aptos API key (Geomi, formerly Aptos Build): read from the environment, sent
only to Aptos Labs' own API.

Anonymous access to ``api.mainnet.aptoslabs.com`` is limited per IP, and over the limit it
answers 429 (aptos.dev, "APIs"); a key from Geomi raises the limit. With ``APTOS_API_KEY``
set, every https request to a ``*.aptoslabs.com`` endpoint carries ``Authorization: Bearer
<key>``. The key is registered as a secret, so no message, log or output ever shows it, and
it is never sent to any other host (a self-hosted fullnode or another provider would learn it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from txdoctor.core.redact import register_secret
from txdoctor.core.urls import gets_api_key

KEY_ENV = "APTOS_API_KEY"
APTOS_LABS_DOMAIN = "aptoslabs.com"


def api_key(environ: Mapping[str, str] = os.environ) -> str | None:
    """The configured key, registered as a secret; None when unset or blank."""
    key = environ.get(KEY_ENV, "").strip()
    if not key:
        return None
    register_secret(key)
    return key


def key_headers(environ: Mapping[str, str] = os.environ) -> Callable[[str], Mapping[str, str]]:
    """A ``Transport(headers_for=…)`` function adding the key to Aptos Labs requests only."""
    key = api_key(environ)

    def headers_for(url: str) -> Mapping[str, str]:
        # Decided on the host the client connects to, over https only (txdoctor/core/urls.py).
        if key and gets_api_key(url, APTOS_LABS_DOMAIN):
            return {"Authorization": f"Bearer {key}"}
        return {}

    return headers_for
