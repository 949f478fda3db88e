"""The verdict for one transaction found on one chain, by the chain's family."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from txdoctor.diagnose.bitcoin import diagnose_bitcoin_transaction
from txdoctor.diagnose.evm import diagnose_evm_transaction
from txdoctor.diagnose.solana import diagnose_solana_transaction
from txdoctor.diagnose.tron import diagnose_tron_transaction
from txdoctor.diagnose.verdicts import Finding
from txdoctor.facts import TxFacts

# One entry per chain family: add a family's rules here.
RULES: Mapping[str, Callable[[TxFacts], Finding]] = {
    "evm": diagnose_evm_transaction,
    "tron": diagnose_tron_transaction,
    "solana": diagnose_solana_transaction,
    "bitcoin": diagnose_bitcoin_transaction,
}


def diagnose_transaction(facts: TxFacts) -> Finding:
    """The main verdict for a transaction found on a chain."""
    return replace(RULES[facts.family](facts), family=facts.family)
