"""Shared rules for a transaction in a block: confirmed, or still gaining confirmations. No I/O.

EVM and Bitcoin count confirmations the same way (blocks on top of the transaction's block
against the chain's ``confirmations`` setting); Tron and Solana have their own notions of
finality and keep their own rules.
"""

from __future__ import annotations

import math

from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import TxFacts


def base_params(facts: TxFacts) -> dict[str, Param]:
    """The params every verdict of a transaction carries: chain, coin symbol, fee paid."""
    params: dict[str, Param] = {"chain": facts.chain, "symbol": facts.value.symbol}
    if facts.fee_paid is not None:
        params["fee"] = facts.fee_paid.value
    return params


def in_block(facts: TxFacts) -> Finding:
    """CONFIRMED once enough blocks are on top, else CONFIRMING with the blocks and minutes left."""
    confirmations = facts.confirmations or 0
    required = facts.required_confirmations
    params = base_params(facts) | {
        "confirmations": confirmations,
        "required": required,
        "block": facts.block_number,
    }
    if confirmations >= required:
        return Finding(Verdict.CONFIRMED, params)
    remaining = required - confirmations
    params |= {"remaining": remaining, "minutes": math.ceil(remaining * facts.block_time / 60)}
    return Finding(Verdict.CONFIRMING, params)
