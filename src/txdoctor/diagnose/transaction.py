"""The verdict for one transaction found on one chain, by the chain's family."""

from __future__ import annotations

from txdoctor.core import registry
from txdoctor.core.frozen import replaced
from txdoctor.diagnose.verdicts import Finding
from txdoctor.facts import TxFacts


def diagnose_transaction(facts: TxFacts) -> Finding:
    """The main verdict for a transaction found on a chain (its family's ``rules.py``)."""
    rules = registry.part(facts.family, "rules", "diagnose_transaction")
    if rules is None:
        raise LookupError(f"no transaction rules for the {facts.family!r} family")
    finding: Finding = rules(facts)
    return replaced(finding, family=facts.family)
