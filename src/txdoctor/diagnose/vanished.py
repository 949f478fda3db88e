"""A transaction seen pending earlier and gone now: replaced or dropped. Pure rules.

The history says who sent it with which nonce; the chain says whether that nonce is used.
Used (or claimed by another transaction waiting in the pool) means REPLACED, naming the
replacing transaction when it was traced; unused means DROPPED: nothing happened, and the
payment can be sent again.
"""

from __future__ import annotations

from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts.tracking import NonceUse, Replacement, SeenTx


def diagnose_vanished(
    seen: SeenTx, use: NonceUse, recipient: str | None = None, value: int | None = None
) -> Finding:
    """REPLACED or DROPPED for ``seen``, whose hash no node knows any more.

    ``recipient`` and ``value`` (raw units) are those of the vanished transaction, when
    known: they tell a speed-up (same payment) from a cancel or another payment.
    """
    params: dict[str, Param] = {"chain": seen.chain, "nonce": seen.nonce, "sender": seen.sender}
    if use.used(seen.nonce) or use.waiting(seen.nonce):
        params["replacement_state"] = "mined" if use.used(seen.nonce) else "pending"
        if use.replacement is not None:
            params |= replacement_params(use.replacement, seen.sender, recipient, value)
        return Finding(Verdict.REPLACED, params, family=Family.EVM)
    return Finding(Verdict.DROPPED, params, family=Family.EVM)


def replacement_params(
    replacement: Replacement, sender: str, recipient: str | None, value: int | None
) -> dict[str, Param]:
    """What a REPLACED finding says of the transaction that took the nonce."""
    return {
        "replaced_by": replacement.hash,
        "replacement_block": replacement.block,
        "replacement_kind": replacement_kind(replacement, sender, recipient, value),
    }


def replacement_kind(
    replacement: Replacement, sender: str, recipient: str | None, value: int | None
) -> str:
    """``speed_up`` (the same payment), ``cancel`` (nothing to oneself) or ``other``."""
    to = (replacement.recipient or "").lower()
    if recipient is not None and to == recipient.lower() and replacement.value.raw == value:
        return "speed_up"
    if to == sender.lower() and replacement.value.raw == 0:
        return "cancel"
    return "other"
