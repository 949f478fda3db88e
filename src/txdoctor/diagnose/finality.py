"""Whether anything more can happen to a transaction, read from its facts. No I/O.

Final means settled on its chain, whatever the verdict says about it (a fake token or a
transfer to the wrong network is final once its block is). By default: a failure once it is
in a block (the fee is spent and nothing else will run), a success once its block has the
chain's confirmations, and a transaction another one replaced, for good. A family whose
chain says more (Tron's solidified block, Solana's finalized commitment, Aptos final at
commit) gives its own ``is_settled`` in its ``rules`` module.
"""

from __future__ import annotations

from txdoctor.core import registry
from txdoctor.facts import TxFacts, TxState


def is_settled(facts: TxFacts) -> bool:
    """Whether ``facts`` describe a transaction in a final state on its chain."""
    if facts.replacement is not None:  # EVM: another transaction took its nonce
        return True
    own = registry.part(facts.family, "rules", "is_settled")
    return bool(own(facts)) if own is not None else settled_by_confirmations(facts)


def settled_by_confirmations(facts: TxFacts) -> bool:
    """Final once failed in a block, or once the block has the chain's confirmations."""
    if facts.state is not TxState.INCLUDED:
        return False
    if facts.success is False:
        return True
    confirmations = facts.confirmations
    return confirmations is not None and confirmations >= facts.required_confirmations
