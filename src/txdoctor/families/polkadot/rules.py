"""Rules for one Polkadot extrinsic and the Polkadot details of an account: no I/O.

Finality: a block is final once GRANDPA finalizes it (usually within seconds; an Asset
Hub block once the relay block that includes it is final). So an included extrinsic is
CONFIRMING until its block is finalized, then CONFIRMED or, when its dispatch failed,
FAILED_REVERTED with the decoded DispatchError: the fee is charged either way. An
extrinsic still in the pool is PENDING. An address pasted in another network's SS58
format is WRONG_NETWORK, with its Polkadot spelling; an account that has sent but holds
nothing was removed when it fell below the existential deposit ("reaped").
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from txdoctor.core import ss58
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, TxFacts
from txdoctor.families.polkadot.rules_errors import cause, described

EXISTENTIAL_DEPOSIT = Decimal("0.01")  # DOT on Asset Hub since the November 2025 migration
NETWORK_NAMES = {ss58.KUSAMA: "Kusama", ss58.GENERIC: "generic"}


def diagnose_transaction(facts: TxFacts) -> Finding:
    """The verdict for a Polkadot extrinsic found on a chain."""
    params: dict[str, Param] = {
        "chain": facts.chain,
        "symbol": facts.value.symbol,
        "block": facts.block_number,
    }
    if facts.fee_paid is not None:
        params["fee"] = facts.fee_paid.value
    if facts.success is None:
        return Finding(Verdict.PENDING, params, family=facts.family)
    if facts.success is False:
        return Finding(
            Verdict.FAILED_REVERTED, params | _failure_params(facts), family=facts.family
        )
    if facts.value.raw > 0 and facts.recipient:
        params |= {"dot_transfer": "yes", "amount": facts.value.value, "recipient": facts.recipient}
    final = facts.confirmations is not None and facts.confirmations >= facts.required_confirmations
    return Finding(Verdict.CONFIRMED if final else Verdict.CONFIRMING, params, family=facts.family)


def _failure_params(facts: TxFacts) -> dict[str, Param]:
    failure = facts.failure
    name = failure.error_name if failure else None
    if name is None:
        return {"dot_detail": "unknown"}
    params: dict[str, Param] = {"dot_detail": "named", "dispatch_error": name}
    description = described(failure.reason if failure else None)
    if description:
        params |= {"description": description, "dot_described": "yes"}
    meaning = cause(name)
    if meaning:
        params |= {"dot_cause": meaning, "existential_deposit": EXISTENTIAL_DEPOSIT}
    return params


def address_details(facts: AddressFacts) -> dict[str, Param]:
    """What the account holds, and whether it was removed below the existential deposit."""
    balance = facts.balance.value if facts.balance else Decimal(0)
    state = "holds" if facts.activated else ("reaped" if facts.has_activity else "new")
    return {
        "chain": facts.chain,
        "balance": balance,
        "symbol": facts.balance.symbol if facts.balance else "DOT",
        "dot_account": state,
        "existential_deposit": EXISTENTIAL_DEPOSIT,
    }


def with_history(findings: list[Finding], facts: Sequence[AddressFacts]) -> list[Finding]:
    """WRONG_NETWORK first when the address was pasted in another network's SS58 format."""
    pasted = next((f for f in facts if f.family == "polkadot"), None)
    decoded = ss58.decode(pasted.address) if pasted else None
    if pasted is None or decoded is None or decoded.prefix == ss58.POLKADOT:
        return findings
    network = NETWORK_NAMES.get(decoded.prefix)
    wrong = Finding(
        Verdict.WRONG_NETWORK,
        {
            "ss58_prefix": decoded.prefix,
            "dot_network": "kusama"
            if decoded.prefix == ss58.KUSAMA
            else ("generic" if decoded.prefix == ss58.GENERIC else "other"),
            "network": network or str(decoded.prefix),
            "polkadot_address": ss58.encode(decoded.account_id, ss58.POLKADOT),
        },
        family="polkadot",
    )
    return [wrong, *findings]
