"""Pure rules from facts to findings with stable verdict codes. No I/O here."""

from txdoctor.diagnose.search import diagnose_search, primary_lookup
from txdoctor.diagnose.transaction import diagnose_transaction
from txdoctor.diagnose.verdicts import SEVERITY, Finding, Param, Severity, Verdict

__all__ = [
    "SEVERITY",
    "Finding",
    "Param",
    "Severity",
    "Verdict",
    "diagnose_search",
    "diagnose_transaction",
    "primary_lookup",
]
