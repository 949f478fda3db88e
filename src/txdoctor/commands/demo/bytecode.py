"""Two tiny contracts for the demo, hand-assembled so no Solidity compiler is needed.

``REVERTER`` refuses every call with ``Error(string)``, like a ``require(false, "...")``;
``GAS_BURNER`` loops until its gas runs out. ``deploy_code`` wraps a runtime in init code.
"""

from __future__ import annotations

ERROR_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
REVERT_REASON = "Insufficient balance for withdrawal"

# init: PUSH1 len, DUP1, PUSH1 11, PUSH1 0, CODECOPY, PUSH1 0, RETURN  (11 bytes) + runtime
_INIT = "60{size:02x}80600b6000396000f3"
# runtime: PUSH1 len, DUP1, PUSH1 11, PUSH1 0, CODECOPY, PUSH1 0, REVERT (11 bytes) + data
_REVERT_WITH_DATA = "60{size:02x}80600b6000396000fd"
# runtime: JUMPDEST, PUSH1 0, JUMP: an endless loop
GAS_BURNER = bytes.fromhex("5b600056")


def error_data(reason: str) -> bytes:
    """ABI encoding of ``Error(reason)``: what ``revert(reason)`` returns."""
    text = reason.encode("utf-8")
    padded = text + b"\0" * (-len(text) % 32)
    return ERROR_SELECTOR + (32).to_bytes(32, "big") + len(text).to_bytes(32, "big") + padded


def reverter(reason: str = REVERT_REASON) -> bytes:
    """Runtime code that reverts every call with ``Error(reason)``."""
    data = error_data(reason)
    if len(data) > 255:
        raise ValueError("reason too long for a PUSH1 length")
    return bytes.fromhex(_REVERT_WITH_DATA.format(size=len(data))) + data


def deploy_code(runtime: bytes) -> str:
    """Init code (0x-hex) that deploys ``runtime``."""
    if len(runtime) > 255:
        raise ValueError("runtime too long for a PUSH1 length")
    return "0x" + _INIT.format(size=len(runtime)) + runtime.hex()


REVERTER = reverter()
