"""Rules for one EVM transaction: facts in, a finding out, no I/O."""

from __future__ import annotations

from txdoctor.core.units import coins, gwei
from txdoctor.diagnose.causes import revert_cause
from txdoctor.diagnose.confirmations import base_params, in_block
from txdoctor.diagnose.vanished import replacement_params
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import FailureKind, TxFacts, TxState
from txdoctor.families.evm import rules_address
from txdoctor.families.evm.rules_fee_advice import advice_params
from txdoctor.families.evm.rules_fees import replacement_fees

# A tip below this share of what the cheapest recent blocks paid is "far below".
LOW_TIP_SHARE = 0.5
# What a new gas limit adds to the gas the call needed: state can change before it is mined.
GAS_MARGIN_PERCENT = 20


def diagnose_evm_transaction(facts: TxFacts) -> Finding:
    """The verdict for an EVM transaction found on a chain."""
    if facts.state is TxState.PENDING:
        return _pending(facts)
    if facts.success is False:
        return _failed(facts)
    return in_block(facts)


def _failed(facts: TxFacts) -> Finding:
    failure = facts.failure
    params = base_params(facts)
    if facts.evm_fees is not None:
        params |= {"gas_limit": facts.evm_fees.gas_limit, "gas_used": facts.evm_fees.gas_used}
    if failure is not None and failure.kind is FailureKind.OUT_OF_GAS:
        return Finding(Verdict.FAILED_OUT_OF_GAS, params | _gas_advice(facts))
    if failure is not None:
        params |= {
            "reason": failure.reason,
            "error_name": failure.error_name,
            "selector": failure.selector,
            "panic_code": failure.panic_code,
            "cause": revert_cause(failure),
        }
    return Finding(Verdict.FAILED_REVERTED, params)


def _gas_advice(facts: TxFacts) -> dict[str, Param]:
    """A gas limit to send the call again with: what it needs plus ``GAS_MARGIN_PERCENT``,
    rounded up to a thousand, and above the limit that failed."""
    needed = facts.failure.gas_needed if facts.failure is not None else None
    limit = facts.evm_fees.gas_limit if facts.evm_fees is not None else 0
    if needed is None:
        return {}
    advised = -(-needed * (100 + GAS_MARGIN_PERCENT) // 100 // 1000) * 1000
    return {"gas_needed": needed, "new_gas_limit": max(advised, limit + 1000)}


def _pending(facts: TxFacts) -> Finding:
    params = base_params(facts) | {"nonce": facts.nonce}
    nonces = facts.nonces
    if nonces is not None and facts.nonce is not None:
        if facts.nonce < nonces.latest:
            if facts.replacement is not None and facts.sender is not None:
                params |= {"replacement_state": "mined"} | replacement_params(
                    facts.replacement, facts.sender, facts.recipient, facts.value.raw
                )
            return Finding(Verdict.REPLACED, params)
        if facts.nonce > nonces.latest:
            params |= {
                "blocking_nonce": nonces.latest,
                "blocking_in_pool": "yes" if nonces.pending > nonces.latest else "no",
            }
            gas = facts.evm_fees.gas_limit if facts.evm_fees else None
            params |= advice_params(nonces.latest, None, facts.market, facts.value.decimals, gas)
            return Finding(Verdict.PENDING_NONCE_GAP, params)
    fees, market = facts.evm_fees, facts.market
    if fees is None or market is None:
        return Finding(Verdict.PENDING, params)
    params |= _fee_params(facts)
    if fees.fee_cap < market.next_base_fee:
        return Finding(Verdict.PENDING_LOW_FEE, params | {"problem": "below_base_fee"})
    tip = min(fees.tip_cap, fees.fee_cap - market.next_base_fee)
    if market.tip_low > 0 and tip < market.tip_low * LOW_TIP_SHARE:
        return Finding(Verdict.PENDING_LOW_FEE, params | {"problem": "tip_too_low"})
    return Finding(
        Verdict.PENDING, params | advice_params(facts.nonce, fees, market, facts.value.decimals)
    )


def _fee_params(facts: TxFacts) -> dict[str, Param]:
    fees, market = facts.evm_fees, facts.market
    assert fees is not None and market is not None
    new = replacement_fees(fees, market)
    return {
        "fee_cap_gwei": gwei(fees.fee_cap),
        "tip_gwei": gwei(fees.tip_cap),
        "base_fee_gwei": gwei(market.next_base_fee),
        "market_tip_gwei": gwei(market.tip_median),
        "new_max_fee_gwei": gwei(new.max_fee),
        "new_tip_gwei": None if new.max_priority_fee is None else gwei(new.max_priority_fee),
        "new_max_cost": coins(new.max_cost, facts.value.decimals),
        "gas_limit": fees.gas_limit,
    }


# The names the shared rules look up (txdoctor.core.registry).
diagnose_transaction = diagnose_evm_transaction
stuck_finding = rules_address.stuck_finding
contract_params = rules_address.contract_params
with_history = rules_address.with_history
