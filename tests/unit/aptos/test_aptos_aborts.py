"""Reading an Aptos ``vm_status``: Move aborts (named and bare codes) and VM statuses, on the
strings the fullnode writes (aptos-core goldens, aptos.dev "Error codes", SDK issues)."""

from __future__ import annotations

from support.aptos_node import fixture
from txdoctor.families.aptos.rules_aborts import abort_cause, move_abort, vm_error


def test_a_named_abort_gives_module_name_code_and_description() -> None:
    abort = move_abort(fixture("tx_abort_balance_assembled.json")["vm_status"])
    assert abort is not None
    assert (abort.module, abort.name, abort.code) == ("0x1::coin", "EINSUFFICIENT_BALANCE", 0x10006)
    assert (abort.category, abort.reason) == (1, 6)  # invalid argument, reason 6
    assert abort.description == "Not enough coins to complete transaction"
    assert abort_cause(abort) == "balance"


def test_the_fungible_asset_era_abort_means_the_same() -> None:
    abort = move_abort("Move abort in 0x1::fungible_asset: EINSUFFICIENT_BALANCE(0x10004)")
    assert abort is not None and abort.description is None
    assert abort_cause(abort) == "balance"


def test_a_bare_prologue_code_is_read_as_unable_to_pay_gas() -> None:
    # aptos-core issue 11975: 0x203ed = category 2, reason 1005 (PROLOGUE_ECANT_PAY_GAS_DEPOSIT)
    abort = move_abort("Move abort in 0x1::transaction_validation: 0x203ed")
    assert abort is not None and abort.name is None
    assert abort.reason == 1005
    assert abort_cause(abort) == "gas_fee"


def test_an_unknown_module_error_has_no_cause() -> None:
    abort = move_abort("Move abort in 0xcafe::dex: ESLIPPAGE(0x1): price moved")
    assert abort is not None and abort_cause(abort) is None


def test_a_vm_status_is_not_an_abort() -> None:
    status = fixture("tx_failed_golden.json")["vm_status"]
    assert move_abort(status) is None
    assert vm_error(status) == "MODULE_ADDRESS_DOES_NOT_MATCH_SENDER"
    assert vm_error("Executed successfully") is None
