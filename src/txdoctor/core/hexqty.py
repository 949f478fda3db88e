"""The one parser of JSON-RPC hex quantities ("0x1a"), strict about what an endpoint sends.

Python's ``int(text, 16)`` also takes ``"0x1_0"``, ``" 0x10"``, ``"-0x1"`` and ``"+10"``; none
of them is a quantity, and an endpoint that sends one is not answering the protocol. At most
64 hex digits: every EVM quantity fits in 256 bits.
"""

from __future__ import annotations

import re

_QUANTITY = re.compile(r"0x[0-9a-fA-F]{1,64}")


def parse_quantity(value: object) -> int | None:
    """The number a hex quantity stands for, or None when ``value`` is not one."""
    if not isinstance(value, str) or not _QUANTITY.fullmatch(value):
        return None
    return int(value[2:], 16)
