"""Revert data from an ``eth_call`` replay into a ``Failure``.

Receipts carry no revert reason; replaying the call gives the revert data:
``Error(string)`` (0x08c379a0), ``Panic(uint256)`` (0x4e487b71) or a custom error's
4-byte selector, named when it is a well-known one.
"""

from __future__ import annotations

import re
from functools import cache

from txdoctor.core.lazy_pattern import LazyPattern
from txdoctor.facts import Failure, FailureKind

ERROR_SELECTOR = "0x08c379a0"
PANIC_SELECTOR = "0x4e487b71"
MAX_REASON_CHARS = 300  # revert reasons are strangers' text: keep them bounded
MAX_RAW_BYTES = 1024  # and so is the revert data kept as evidence

# Custom errors people meet most (OpenZeppelin 5 tokens, Uniswap routers, Solidity docs).
KNOWN_ERRORS = (
    "ERC20InsufficientBalance(address,uint256,uint256)",
    "ERC20InsufficientAllowance(address,uint256,uint256)",
    "ERC20InvalidReceiver(address)",
    "ERC20InvalidSender(address)",
    "ERC20InvalidSpender(address)",
    "ERC20InvalidApprover(address)",
    "OwnableUnauthorizedAccount(address)",
    "EnforcedPause()",
    "SafeERC20FailedOperation(address)",
    "V2TooLittleReceived()",
    "V2TooMuchRequested()",
    "V3TooLittleReceived()",
    "V3TooMuchRequested()",
    "V4TooLittleReceived(uint256,uint256)",
    "V4TooMuchRequested(uint256,uint256)",
    "TransactionDeadlinePassed()",
    "InsufficientETH()",
    "InsufficientToken()",
    "InsufficientBalance(uint256,uint256)",
    "Unauthorized()",
)

_HEX = LazyPattern(r"^0x[0-9a-fA-F]*$")


@cache
def known_selectors() -> dict[str, str]:
    """Selector (0x + 8 hex) → error signature."""
    from eth_utils.crypto import keccak

    return {"0x" + keccak(text=sig)[:4].hex(): sig for sig in KNOWN_ERRORS}


def failure_from_revert_data(data: str | None, message: str | None = None) -> Failure:
    """Decode revert data (hex) from a replay; fall back to the node's message."""
    if not isinstance(data, str) or not _HEX.match(data) or len(data) < 10:
        return Failure(FailureKind.REVERTED, reason=_node_reason(message), replayed=True)
    selector = data[:10].lower()
    kept = data[: 2 + 2 * MAX_RAW_BYTES]
    body = bytes.fromhex(data[10:]) if len(data) % 2 == 0 else b""
    if selector == ERROR_SELECTOR:
        return Failure(
            FailureKind.REVERTED,
            reason=_decode_string(body),
            selector=selector,
            raw_data=kept,
            replayed=True,
        )
    if selector == PANIC_SELECTOR:
        code = int.from_bytes(body[:32], "big") if len(body) >= 32 else None
        return Failure(
            FailureKind.REVERTED, panic_code=code, selector=selector, raw_data=kept, replayed=True
        )
    return Failure(
        FailureKind.REVERTED,
        error_name=known_selectors().get(selector),
        selector=selector,
        raw_data=kept,
        replayed=True,
    )


def _decode_string(body: bytes) -> str | None:
    try:
        from eth_abi.abi import decode

        (text,) = decode(["string"], body)
    except Exception:  # malformed data from a stranger's contract: no reason, not a crash
        return None
    return str(text)[:MAX_REASON_CHARS] or None


def _node_reason(message: str | None) -> str | None:
    """The node's message minus its generic prefix ("execution reverted: …")."""
    if not message:
        return None
    reason = re.sub(r"^execution reverted:?\s*", "", message.strip(), flags=re.IGNORECASE)
    if reason.lower() in ("", "execution reverted", "revert"):
        return None
    return reason[:MAX_REASON_CHARS]


def is_out_of_gas(message: str | None) -> bool:
    """Whether a node's error message says the call ran out of gas."""
    squashed = "".join(c for c in str(message or "").lower() if c.isalpha())
    return "outofgas" in squashed  # geth: "out of gas"; anvil/revm: "EVM error OutOfGas"
