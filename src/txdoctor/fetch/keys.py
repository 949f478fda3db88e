"""API keys from the environment, each sent only to its own provider.

A family that accepts a key has a ``fetch_key`` module with ``key_headers(environ)``: a
function from a request URL to the headers to add (its key, only for its provider's hosts,
over https). ``key_headers`` here joins them into the one ``Transport(headers_for=…)``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from txdoctor.core import registry
from txdoctor.core.family import Family


def key_headers(environ: Mapping[str, str] = os.environ) -> Callable[[str], Mapping[str, str]]:
    """The headers every family's key adds to a request to ``url`` (none for most URLs)."""
    makers = [registry.part(family, "fetch_key", "key_headers") for family in Family]
    parts = [make(environ) for make in makers if make is not None]

    def headers_for(url: str) -> Mapping[str, str]:
        merged: dict[str, str] = {}
        for part in parts:
            merged.update(part(url))
        return merged

    return headers_for
