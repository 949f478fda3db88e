"""The shape of the JSON-RPC objects the EVM fetcher reads, checked before any is used.

Checked inside the transport's answer check, so an endpoint that answers with the wrong
types or missing fields is passed over for the next one, like one that does not answer;
the facts are only ever built from answers of the promised shape (Ethereum execution
API: ``eth_getTransactionByHash`` / ``eth_getTransactionReceipt``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

QUANTITY = re.compile(r"0x[0-9a-fA-F]{1,64}")  # uint256, allowing zero padding
ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
DATA = re.compile(r"0x(?:[0-9a-fA-F]{2})*")
STATUS = re.compile(r"0x0*[01]")

# field -> (pattern, required). A field absent or null is fine unless required.
TRANSACTION: Mapping[str, tuple[re.Pattern[str], bool]] = {
    "from": (ADDRESS, True),
    "to": (ADDRESS, False),  # null when the transaction creates a contract
    "nonce": (QUANTITY, True),
    "gas": (QUANTITY, True),
    "value": (QUANTITY, False),
    "gasPrice": (QUANTITY, False),
    "maxFeePerGas": (QUANTITY, False),
    "maxPriorityFeePerGas": (QUANTITY, False),
    "blockNumber": (QUANTITY, False),  # null while pending
    "input": (DATA, False),
}
RECEIPT: Mapping[str, tuple[re.Pattern[str], bool]] = {
    "blockNumber": (QUANTITY, True),
    "gasUsed": (QUANTITY, True),
    "status": (STATUS, False),  # receipts from before Byzantium carry a state root instead
    "effectiveGasPrice": (QUANTITY, False),
    "l1Fee": (QUANTITY, False),  # OP-stack chains
}


def shape_problem(
    what: str,
    obj: Any,
    fields: Mapping[str, tuple[re.Pattern[str], bool]],
) -> str | None:
    """Why ``obj`` (a transaction or receipt, or null) is not of the promised shape."""
    if obj is None:
        return None
    if not isinstance(obj, dict):
        return f"the {what} is not an object"
    for name, (pattern, required) in fields.items():
        value = obj.get(name)
        if value is None:
            if required:
                return f"the {what} has no {name}"
            continue
        if not isinstance(value, str) or not pattern.fullmatch(value):
            return f"the {what}'s {name} is not valid"
    return None
