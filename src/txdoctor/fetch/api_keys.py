"""Every family's optional API key, each sent only to its own provider.

A family that takes a key has a ``fetch_key.py`` with ``key_headers(environ)``: a
``Transport(headers_for=…)`` function giving the headers for one URL (empty for any host
but its provider's). ``key_headers`` here merges them, found through the registry, so the
commands build one transport for every family and a new family's key needs no edit here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from txdoctor.core import registry
from txdoctor.core.family import Family

HeadersFor = Callable[[str], Mapping[str, str]]


def key_headers(environ: Mapping[str, str] = os.environ) -> HeadersFor:
    """The headers every family's key adds to a request to ``url``."""
    makers = [registry.part(family, "fetch_key", "key_headers") for family in Family]
    parts: list[HeadersFor] = [make(environ) for make in makers if make is not None]

    def headers_for(url: str) -> Mapping[str, str]:
        merged: dict[str, str] = {}
        for part in parts:
            merged.update(part(url))
        return merged

    return headers_for
