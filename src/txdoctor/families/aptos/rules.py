"""Rules for one Aptos transaction and the Aptos details of an address: no I/O.

Finality: an Aptos transaction is final as soon as it commits, with no confirmation depth
and no reorg window, and a failed one is final too (aptos.dev, "Payments"). So a committed
``user_transaction`` is CONFIRMED or FAILED_REVERTED, a ``pending_transaction`` PENDING.
A failure still charges its gas; its ``vm_status`` names a Move abort (module, error name,
code, description) or a VM status such as ``OUT_OF_GAS``.
"""

from __future__ import annotations

from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, TxFacts, TxState
from txdoctor.families.aptos.rules_aborts import VM_CAUSES, abort_cause, move_abort, vm_error


def diagnose_transaction(facts: TxFacts) -> Finding:
    """The verdict for an Aptos transaction found on a network."""
    params: dict[str, Param] = {
        "chain": facts.chain,
        "symbol": facts.value.symbol,
        "version": facts.block_number,
        "sequence": facts.nonce,
    }
    if facts.fee_paid is not None:
        params["fee"] = facts.fee_paid.value
    if facts.value.raw > 0 and facts.recipient:
        params |= {"apt_transfer": "yes", "amount": facts.value.value, "recipient": facts.recipient}
    if facts.success is None:
        return Finding(Verdict.PENDING, params, family=facts.family)
    if facts.success is False:
        params.pop("apt_transfer", None)
        return Finding(
            Verdict.FAILED_REVERTED, params | _failure_params(facts), family=facts.family
        )
    return Finding(Verdict.CONFIRMED, params, family=facts.family)


def _failure_params(facts: TxFacts) -> dict[str, Param]:
    vm_status = facts.failure.reason if facts.failure else None
    params: dict[str, Param] = {"vm_status": vm_status}
    abort = move_abort(vm_status)
    if abort is not None:
        params |= {
            "apt_detail": "abort_named" if abort.name else "abort_code",
            "module": abort.module,
            "abort_name": abort.name,
            "code_hex": hex(abort.code),
            "apt_cause": abort_cause(abort),
        }
        if abort.description:
            params |= {"description": abort.description, "apt_described": "yes"}
        return params
    status = vm_error(vm_status)
    if status is not None:
        return params | {"apt_detail": "vm", "vm_error": status, "apt_cause": VM_CAUSES.get(status)}
    return params | {"apt_detail": "unknown"}


def address_details(facts: AddressFacts) -> dict[str, Param]:
    """Whether the account exists, as far as the fullnode says."""
    state = {True: "sent", False: "missing", None: "unknown"}[facts.activated]
    return {"chain": facts.chain, "apt_account": state}


def is_settled(facts: TxFacts) -> bool:
    """Final at commit: no confirmation depth, no reorg window, a failure as final as a
    success (aptos.dev, "payments" guide)."""
    return facts.state is TxState.INCLUDED
