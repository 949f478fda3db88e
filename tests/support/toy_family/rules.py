"""The toy family's verdict: confirmed, with a toy detail."""

from __future__ import annotations

from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import TxFacts


def diagnose_transaction(facts: TxFacts) -> Finding:
    """Every toy transaction is confirmed; the toy says how deep."""
    return Finding(Verdict.CONFIRMED, {"chain": facts.chain, "depth": facts.confirmations or 0})
