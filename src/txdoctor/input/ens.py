"""ENS names (``vitalik.eth``): recognised here, resolved on Ethereum by
``families/evm/fetch_ens.py``.

Only plain ASCII names are accepted: letters, digits and hyphens in dot-separated labels,
ending in ``.eth``. For those, ENSIP-15 normalisation is lower-casing; a label with ``--``
in its third and fourth place (punycode, ``xn--``) is not a normalised name. Names with
other characters (emoji, non-Latin scripts) need the full ENSIP-15 tables and are refused
as ``name_service`` input, as before.
"""

from __future__ import annotations

import re

ENS_DETAIL = "ens"  # Classified.detail["name_service"] of an ENS name
MAX_NAME = 255
_LABEL = re.compile(r"[a-z0-9-]{1,63}")


def ens_name(token: str) -> str | None:
    """The normalised ENS name ``token`` is, or None when it is not one txdoctor resolves."""
    name = token.lower()
    if len(name) > MAX_NAME or not name.isascii() or not name.endswith(".eth"):
        return None
    labels = name.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if any(label[2:4] == "--" for label in labels):
        return None
    return name
