"""Rules over every chain's answer: where the transaction is, and what could not be checked."""

from __future__ import annotations

from collections.abc import Sequence

from txdoctor.diagnose.freshness import lagging_findings
from txdoctor.diagnose.transaction import diagnose_transaction
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import ChainLookup, LookupStatus


def primary_lookup(lookups: Sequence[ChainLookup], expect_chain: str | None) -> ChainLookup | None:
    """The chain the answer is about: the expected one if found there, else the first found."""
    found = [lk for lk in lookups if lk.status is LookupStatus.FOUND]
    for lookup in found:
        if lookup.chain == expect_chain:
            return lookup
    return found[0] if found else None


def diagnose_search(lookups: Sequence[ChainLookup], expect_chain: str | None) -> list[Finding]:
    """Findings for a transaction looked up on several chains, the main one first."""
    primary = primary_lookup(lookups, expect_chain)
    if primary is None:
        findings = [not_found_or_unreachable(lookups)]
    else:
        assert primary.facts is not None
        findings = [diagnose_transaction(primary.facts)]
        if expect_chain and primary.chain != expect_chain:
            findings.insert(
                0,
                Finding(
                    Verdict.WRONG_NETWORK,
                    {"found_chain": primary.chain, "expected_chain": expect_chain},
                ),
            )
        findings += [
            Finding(Verdict.ALSO_FOUND_ON, {"chain": lk.chain})
            for lk in lookups
            if lk.status is LookupStatus.FOUND and lk is not primary
        ]
    findings += unchecked_findings(lookups, primary is None, expect_chain)
    return findings + wrong_chain_findings(lookups) + lagging_findings(lookups)


def wrong_chain_findings(lookups: Sequence[ChainLookup]) -> list[Finding]:
    """One finding per endpoint that answered for another chain than configured."""
    return [
        Finding(Verdict.ENDPOINT_WRONG_CHAIN, {"chain": lk.chain, "detail": note})
        for lk in lookups
        for note in lk.notes
    ]


def not_found_or_unreachable(lookups: Sequence[ChainLookup]) -> Finding:
    """NOT_FOUND when some chain answered (EXPIRED when one knows it expired), UNREACHABLE
    when none could."""
    checked = [lk.chain for lk in lookups if lk.status is LookupStatus.NOT_FOUND]
    if not checked:
        failed = [lk for lk in lookups if lk.status is LookupStatus.UNREACHABLE]
        failed_families = {lk.family for lk in failed}
        wrong_chain = bool(failed) and all(lk.notes for lk in failed)
        offline = bool(failed) and all(lk.network_down for lk in failed)
        return Finding(
            Verdict.UNREACHABLE,
            {
                "chains": tuple(lk.chain for lk in failed),
                "reasons": "; ".join(f"{lk.chain}: {lk.reason}" for lk in failed),
                "unreachable_cause": "wrong_chain"
                if wrong_chain
                else "network_down"
                if offline
                else None,
            },
            family=failed_families.pop() if len(failed_families) == 1 else None,
        )
    expired = [lk for lk in lookups if lk.status is LookupStatus.NOT_FOUND and lk.expired]
    if expired:  # nothing can include it any more: say so rather than "wait and check again"
        return Finding(Verdict.EXPIRED, {"chain": expired[0].chain}, family=expired[0].family)
    families = {lk.family for lk in lookups if lk.status is LookupStatus.NOT_FOUND}
    family = families.pop() if len(families) == 1 else None  # one family: its own wording
    return Finding(
        Verdict.NOT_FOUND, {"chains": tuple(checked), "count": len(checked)}, family=family
    )


def unchecked_findings(
    lookups: Sequence[ChainLookup], nothing_found: bool, expect_chain: str | None
) -> list[Finding]:
    """Chains that could not answer matter when nothing was found, or when one was expected."""
    failed = [lk for lk in lookups if lk.status is LookupStatus.UNREACHABLE]
    relevant = [lk for lk in failed if nothing_found or lk.chain == expect_chain]
    if not relevant or all(lk.status is LookupStatus.UNREACHABLE for lk in lookups):
        return []
    return [
        Finding(
            Verdict.CHAINS_UNCHECKED,
            {
                "chains": tuple(lk.chain for lk in relevant),
                "reasons": "; ".join(f"{lk.chain}: {lk.reason}" for lk in relevant),
            },
        )
    ]
