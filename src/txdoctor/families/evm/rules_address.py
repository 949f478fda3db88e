"""EVM details of an address diagnosis: the blocking transaction's replacement fees, what
token a contract is, look-alike addresses in its history, what could not be checked.
Pure rules; ``diagnose/address.py`` calls them.
"""

from __future__ import annotations

from collections.abc import Sequence

from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, TokenStatus
from txdoctor.families.evm.rules_fee_advice import advice_params
from txdoctor.families.evm.rules_lookalike import looks_alike
from txdoctor.families.evm.rules_transfers import FAMILY, NO_EXPLORER, shown_symbol


def stuck_finding(facts: AddressFacts) -> Finding:
    """ADDRESS_STUCK_PENDING: the blocking nonce, and fees that replace it where known."""
    assert facts.nonces is not None
    nonce = facts.nonces.latest
    blocking = next((t for t in facts.pool if t.nonce == nonce), None)
    decimals = facts.balance.decimals if facts.balance else 18
    params: dict[str, Param] = {
        "chain": facts.chain,
        "blocking_nonce": nonce,
        "waiting": max(facts.nonces.pending - nonce, len(facts.pool)),
        "symbol": facts.balance.symbol if facts.balance else None,
        "evm_pool": None if facts.pool_visible else "hidden",
        "blocking_hash": blocking.hash if blocking else None,
        # Seen the pool, and the blocking nonce is not in it: it was never sent (or dropped).
        "blocking_in_pool": "no" if facts.pool_visible and blocking is None else None,
        "blocking_known": "yes" if blocking else None,
    }
    params |= advice_params(nonce, blocking.evm_fees if blocking else None, facts.market, decimals)
    return Finding(Verdict.ADDRESS_STUCK_PENDING, params, family=facts.family)


def contract_params(facts: AddressFacts) -> dict[str, Param]:
    """What ADDRESS_IS_CONTRACT says about a token contract: which token, official or not."""
    token = facts.token
    if token is None:
        return {}
    return {
        "contract_token": token.status.value,
        "asset": shown_symbol(token),
        "official_name": token.official_name,
        "official_contract": token.official_contract
        if token.status is TokenStatus.IMPOSTOR
        else None,
    }


def history_findings(facts: Sequence[AddressFacts]) -> list[Finding]:
    """Look-alike addresses in the recent history of an EVM address, or why none was read."""
    evm = [f for f in facts if f.family == FAMILY and f.has_activity]
    found = [p for f in evm if (p := _poisoning(f)) is not None]
    if found:
        return found[:1]
    unread = [f for f in evm if not f.history_available]
    if not unread:
        return []
    note = unread[0].history_note
    return [
        Finding(
            Verdict.HISTORY_UNCHECKED,
            {
                "chain": unread[0].chain,
                "chains": tuple(f.chain for f in unread),
                "history_subject": "address",
                "history_problem": "none_configured" if note in (None, NO_EXPLORER) else "failed",
                "reason": None if note in (None, NO_EXPLORER) else note,
            },
            family=FAMILY,
        )
    ]


def with_history(findings: list[Finding], facts: Sequence[AddressFacts]) -> list[Finding]:
    """``findings`` with the history findings: a payment to a look-alike leads (money may be
    gone), an attempt (a look-alike sending to this address) or a skipped check follows."""
    extra = history_findings(facts)
    leading = [f for f in extra if f.params.get("poisoning") == "sent_to_lookalike"]
    return [*leading, *findings, *(f for f in extra if f not in leading)]


def _poisoning(facts: AddressFacts) -> Finding | None:
    """The address paid, or was sent something by, a look-alike of another counterparty."""
    me = facts.address.lower()
    rows = [r for r in facts.recent if r.sender and r.recipient]
    paid = [(r.recipient or "").lower() for r in rows if (r.sender or "").lower() == me]
    received = [(r.sender or "").lower() for r in rows if (r.recipient or "").lower() == me]
    # Counterparties in history order, newest first (explorers list the newest first).
    everyone = list(
        dict.fromkeys(
            ((r.recipient if (r.sender or "").lower() == me else r.sender) or "").lower()
            for r in rows
        )
    )
    for target in everyone:
        genuine = next((k for k in everyone if looks_alike(k, target)), None)
        if genuine is None:
            continue
        # The look-alike is the newer of the two: the history is newest first.
        newer = target if everyone.index(target) < everyone.index(genuine) else genuine
        older = genuine if newer == target else target
        pattern = "sent_to_lookalike" if newer in paid else "targeted"
        return Finding(
            Verdict.ADDRESS_POISONING_SUSPECT,
            {
                "chain": facts.chain,
                "recipient": newer,
                "lookalike": older,
                "sender": me,
                "poisoning": pattern,
                "poisoning_planted": "yes" if newer in received else None,
            },
            family=FAMILY,
        )
    return None
