"""Who reads what: the customer's reply carries what the customer needs, the agent's view
everything else (codes, sources not checked, the status under a scam verdict, set-up steps).
"""

from __future__ import annotations

from txdoctor.diagnose.verdicts import Finding, Verdict

CUSTOMER_ALSO = frozenset(
    {
        Verdict.FAKE_TOKEN,
        Verdict.SENT_TO_TOKEN_CONTRACT,
        Verdict.SENT_TO_CONTRACT,
        Verdict.ADDRESS_POISONING_SUSPECT,
        Verdict.TOKEN_VARIANT,
        Verdict.WRONG_NETWORK,
        Verdict.ENS_RESOLVED,
        Verdict.ENS_NOT_RESOLVED,
    }
)
"""Secondary findings a customer needs to read (a risk to their money, or which address a
name points to). The rest (a status the reply's facts already state, checks that could not be
run, endpoints that disagreed, other networks) are notes for the agent."""


def for_customer(finding: Finding) -> bool:
    """Whether a secondary ``finding`` belongs in the customer's reply."""
    return finding.code in CUSTOMER_ALSO
