"""Reading an Aptos ``vm_status``: a Move abort, or a VM status code, and what it means.

Formats (aptos.dev, "Error codes"; aptos-core ``api/goldens``):
``Move abort in 0x1::coin: EINSUFFICIENT_BALANCE(0x10006): Not enough coins …``,
``Move abort in 0x1::transaction_validation: 0x203ed`` (a bare code) and
``Transaction Executed and Committed with Error OUT_OF_GAS`` (a VM status, no abort).
The causes below are keyed by the error's name, which the framework keeps stable across
modules (``coin``, ``fungible_asset``, ``primary_fungible_store``…).
"""

from __future__ import annotations

import re

from txdoctor.families.aptos.facts import MoveAbort

_ABORT = re.compile(
    r"^Move abort in (?P<module>0x[0-9a-fA-F]{1,64}::[A-Za-z_][A-Za-z0-9_]*): "
    r"(?:(?P<name>[A-Z][A-Z0-9_]*)\((?P<named>0x[0-9a-fA-F]+)\)(?:: (?P<doc>.*))?"
    r"|(?P<bare>0x[0-9a-fA-F]+))\s*$",
    re.DOTALL,
)
_VM_ERROR = re.compile(r"with Error (?P<status>[A-Z][A-Z0-9_]*)\s*$")
MAX_DESCRIPTION = 200

# The error's name → what it means for the payment (a catalog variant key).
ABORT_CAUSES: dict[str, str] = {
    "EINSUFFICIENT_BALANCE": "balance",
    "ECOIN_STORE_NOT_PUBLISHED": "not_registered",
    "EACCOUNT_NOT_FOUND": "no_account",
    "ECANNOT_CREATE_AT_VM_RESERVED": "reserved",
    "EFROZEN": "frozen",
    "ESTORE_IS_FROZEN": "frozen",
}
# Prologue codes of 0x1::transaction_validation (aptos-framework transaction_validation.move):
# a transaction that could not start.
PROLOGUE_CAUSES: dict[int, str] = {
    1002: "sequence",  # PROLOGUE_ESEQUENCE_NUMBER_TOO_OLD
    1005: "gas_fee",  # PROLOGUE_ECANT_PAY_GAS_DEPOSIT
    1006: "expired",  # PROLOGUE_ETRANSACTION_EXPIRED
}
VM_CAUSES: dict[str, str] = {
    "OUT_OF_GAS": "out_of_gas",
    "INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE": "gas_fee",
    "TRANSACTION_EXPIRED": "expired",
    "SEQUENCE_NUMBER_TOO_OLD": "sequence",
}


def move_abort(vm_status: str | None) -> MoveAbort | None:
    """The Move abort ``vm_status`` reports, or None when it is not one."""
    match = _ABORT.match((vm_status or "").strip())
    if match is None:
        return None
    code = match.group("named") or match.group("bare")
    doc = match.group("doc")
    return MoveAbort(
        module=match.group("module"),
        name=match.group("name"),
        code=int(code, 16),
        description=doc.strip()[:MAX_DESCRIPTION] if doc else None,
    )


def vm_error(vm_status: str | None) -> str | None:
    """The VM status code of a failure that is not a Move abort (e.g. ``OUT_OF_GAS``)."""
    match = _VM_ERROR.search(vm_status or "")
    return match.group("status") if match else None


def abort_cause(abort: MoveAbort) -> str | None:
    """What the abort means, as a catalog variant key; None when txdoctor does not know."""
    if abort.name is not None:
        return ABORT_CAUSES.get(abort.name)
    if abort.module == "0x1::transaction_validation":
        return PROLOGUE_CAUSES.get(abort.reason)
    return None
