"""Plain-language causes of well-known revert reasons (after Uniswap's error map)."""

from __future__ import annotations

from txdoctor.facts import Failure

# Substrings of reasons or error names, in order of precedence, and the cause they mean.
_CAUSES: tuple[tuple[str, str], ...] = (
    ("TooLittleReceived", "slippage"),
    ("INSUFFICIENT_OUTPUT_AMOUNT", "slippage"),
    ("Too little received", "slippage"),
    ("EXCESSIVE_INPUT_AMOUNT", "slippage"),
    ("Too much requested", "slippage"),
    ("TooMuchRequested", "slippage"),
    ("EXPIRED", "deadline"),
    ("TransactionDeadlinePassed", "deadline"),
    ("Transaction too old", "deadline"),
    ("TRANSFER_FROM_FAILED", "transfer_from_failed"),
    ("exceeds allowance", "allowance"),
    ("InsufficientAllowance", "allowance"),
    ("exceeds balance", "balance"),
    ("InsufficientBalance", "balance"),
    ("insufficient balance", "balance"),
)


def revert_cause(failure: Failure) -> str | None:
    """A cause code for a revert the explanation can speak about, if recognised."""
    text = " ".join(t for t in (failure.reason, failure.error_name) if t)
    if text in ("STF", "TF"):
        return "transfer_from_failed"
    lowered = text.lower()
    for needle, cause in _CAUSES:
        if needle.lower() in lowered:
            return cause
    if failure.panic_code is not None:
        return "panic"
    return None
