"""Rules for an address looked up on every candidate chain: pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from txdoctor.core import registry
from txdoctor.diagnose.search import (
    not_found_or_unreachable,
    unchecked_findings,
    wrong_chain_findings,
)
from txdoctor.diagnose.verdicts import ADDRESS_WORDING, Finding, Param, Verdict
from txdoctor.facts import AccountKind, AddressFacts, ChainLookup, LookupStatus

# What a family may add to an address diagnosis, by name in its rules module (all optional):
#   stuck_finding(facts) -> Finding                 ADDRESS_STUCK_PENDING with its own details
#   pending_address(all facts) -> Finding | None    unconfirmed funds (Bitcoin)
#   contract_params(facts) -> params                what the contract at the address is
#   address_details(facts) -> params                the family's details of the main finding
#   with_history(findings, all facts) -> findings   findings from the address's recent history
_DETAILED = (Verdict.ADDRESS_OK, Verdict.ADDRESS_UNUSED, Verdict.ADDRESS_IS_CONTRACT)


def answered(lookups: Sequence[ChainLookup]) -> list[AddressFacts]:
    """The address facts of every chain that answered."""
    return [
        lk.address for lk in lookups if lk.status is LookupStatus.FOUND and lk.address is not None
    ]


def primary_address(
    lookups: Sequence[ChainLookup], expect_chain: str | None
) -> AddressFacts | None:
    """The chain the answer is about: the expected one, else the first with activity."""
    facts = answered(lookups)
    for f in facts:
        if f.chain == expect_chain:
            return f
    active = [f for f in facts if f.has_activity]
    candidates = active or facts
    return candidates[0] if candidates else None


def diagnose_address_search(
    lookups: Sequence[ChainLookup], expect_chain: str | None
) -> list[Finding]:
    """Findings for an address, the main one first."""
    facts = answered(lookups)
    if not facts:
        return [not_found_or_unreachable(lookups), *wrong_chain_findings(lookups)]
    findings = _with_family_details(_main(facts, expect_chain), lookups, expect_chain)
    for family in dict.fromkeys(f.family for f in facts):
        add_history = registry.part(family, "rules", "with_history")
        if add_history is not None:
            findings = add_history(findings, facts)
    findings += unchecked_findings(lookups, nothing_found=False, expect_chain=expect_chain)
    return findings + wrong_chain_findings(lookups)


def _has_waiting(facts: AddressFacts) -> bool:
    """Transactions wait: counted by the node, or seen in its pool behind a missing nonce."""
    if facts.nonces is None:
        return False
    queued = any(t.nonce is not None and t.nonce > facts.nonces.latest for t in facts.pool)
    return facts.nonces.pending > facts.nonces.latest or queued


def _main(facts: list[AddressFacts], expect_chain: str | None) -> list[Finding]:
    active = [f for f in facts if f.has_activity]
    stuck = [f for f in facts if _has_waiting(f)]
    contracts = [f for f in facts if f.kind in (AccountKind.CONTRACT, AccountKind.TOKEN_CONTRACT)]
    pending = _pending(facts)  # Bitcoin: unconfirmed money in or out
    findings: list[Finding] = []
    expected = next((f for f in facts if f.chain == expect_chain), None)
    if expected is not None and not expected.has_activity and active:
        findings.append(
            Finding(
                Verdict.WRONG_NETWORK,
                {
                    "found_chain": active[0].chain,
                    "expected_chain": expect_chain,
                    "chains": tuple(f.chain for f in active),
                },
                family=ADDRESS_WORDING,
            )
        )
    stuck_finding = registry.part(stuck[0].family, "rules", "stuck_finding") if stuck else None
    if stuck_finding is not None:
        findings.append(stuck_finding(stuck[0]))
    elif stuck:
        s = stuck[0]
        assert s.nonces is not None
        findings.append(
            Finding(
                Verdict.ADDRESS_STUCK_PENDING,
                {
                    "chain": s.chain,
                    "blocking_nonce": s.nonces.latest,
                    "waiting": s.nonces.pending - s.nonces.latest,
                },
                family=s.family,
            )
        )
    elif pending is not None:
        findings.append(pending)
    elif contracts:
        findings.append(
            Finding(
                Verdict.ADDRESS_IS_CONTRACT,
                {
                    "chains": tuple(f.chain for f in contracts),
                    "chain": contracts[0].chain,
                    "token": "yes" if contracts[0].kind is AccountKind.TOKEN_CONTRACT else "no",
                    **_contract_params(contracts[0]),
                },
            )
        )
    elif not active:
        findings.append(
            Finding(
                Verdict.ADDRESS_UNUSED,
                {"chains": tuple(f.chain for f in facts), "count": len(facts)},
            )
        )
    else:
        findings.append(
            Finding(
                Verdict.ADDRESS_OK,
                {"chain": active[0].chain, "chains": tuple(f.chain for f in active)},
            )
        )
    return findings


def _pending(facts: list[AddressFacts]) -> Finding | None:
    for family in dict.fromkeys(f.family for f in facts):
        pending_address = registry.part(family, "rules", "pending_address")
        found: Finding | None = pending_address(facts) if pending_address else None
        if found is not None:
            return found
    return None


def _contract_params(facts: AddressFacts) -> dict[str, Param]:
    contract_params = registry.part(facts.family, "rules", "contract_params")
    return dict(contract_params(facts)) if contract_params is not None else {}


def _with_family_details(
    findings: list[Finding], lookups: Sequence[ChainLookup], expect_chain: str | None
) -> list[Finding]:
    """The main finding with its family's details, when every answer is of one family."""
    main = primary_address(lookups, expect_chain)
    families = {f.family for f in answered(lookups)}
    details = registry.part(main.family, "rules", "address_details") if main else None
    if main is None or details is None or len(families) != 1 or findings[-1].code not in _DETAILED:
        return findings
    last = findings[-1]
    return [
        *findings[:-1],
        replace(last, params={**details(main), **last.params}, family=main.family),
    ]
