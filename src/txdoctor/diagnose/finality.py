"""Whether anything more can happen to a transaction, read from its facts. No I/O.

Final means settled on its chain, whatever the verdict says about it (a fake token or a
transfer to the wrong network is final once its block is): EVM and Bitcoin once the block has
the chain's confirmations, Tron once its block is solidified (or has the confirmations),
Solana once finalized; a failure once it is in a block (EVM, Tron: the fee is spent and
nothing else will run); a transaction another one replaced, for good.
"""

from __future__ import annotations

from txdoctor.facts import TxFacts, TxState
from txdoctor.families.solana.facts import Commitment


def is_settled(facts: TxFacts) -> bool:
    """Whether ``facts`` describe a transaction in a final state on its chain."""
    if facts.replacement is not None:  # EVM: another transaction took its nonce
        return True
    if facts.bitcoin is not None and facts.bitcoin.replaced_by is not None:
        return True
    if facts.state is not TxState.INCLUDED:
        return False
    if facts.solana is not None:
        return facts.solana.commitment is Commitment.FINALIZED
    if facts.success is False:
        return True
    if (
        facts.tron is not None
        and facts.tron.solidified_block is not None
        and facts.block_number is not None
    ):
        return facts.block_number <= facts.tron.solidified_block
    confirmations = facts.confirmations
    return confirmations is not None and confirmations >= facts.required_confirmations
