"""What a DispatchError means for a payment, by the name Subscan decoded.

Module error indices change between runtime versions, so the name is taken from the
indexer that decoded it with the block's own metadata (Subscan's ``error.module`` and
``error.name``), never from a fixed index table. The names below are those of
``pallet_balances`` (``InsufficientBalance``, ``ExistentialDeposit``, ``KeepAlive``, renamed
``Expendability`` in newer runtimes, ``LiquidityRestrictions``) and of the runtime's
``TokenError`` (sp-runtime: ``FundsUnavailable``, ``BelowMinimum``, ``NotExpendable``,
``Frozen``, ``UnknownAsset``, ``CannotCreate``, ``Blocked``), which Asset Hub's fungible
transfers report.
"""

from __future__ import annotations

MAX_DOC = 200

# The error's name (either module) → what it means, as a catalog variant key.
CAUSES: dict[str, str] = {
    "InsufficientBalance": "balance",
    "FundsUnavailable": "balance",
    "ExistentialDeposit": "below_ed",
    "BelowMinimum": "below_ed",
    "KeepAlive": "keep_alive",
    "Expendability": "keep_alive",
    "NotExpendable": "keep_alive",
    "LiquidityRestrictions": "frozen",
    "Frozen": "frozen",
    "UnknownAsset": "asset",
    "CannotCreate": "asset",
    "Blocked": "blocked",
}


def cause(error_name: str | None) -> str | None:
    """The meaning of ``Module.Name`` (e.g. ``Balances.InsufficientBalance``), or None."""
    if not error_name:
        return None
    return CAUSES.get(error_name.rpartition(".")[2])


def described(doc: str | None) -> str | None:
    """The runtime's description of the error, trimmed (chain text: untrusted)."""
    text = " ".join((doc or "").split())
    return text[:MAX_DOC] or None
