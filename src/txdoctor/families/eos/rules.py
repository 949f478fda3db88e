"""Rules for one EOS transaction and the EOS details of an account: no I/O.

EOS refuses a failing transaction when it is sent: it never enters a block and costs
nothing, so a transaction found in history succeeded (Spring 1.0 removed the deferred
transactions whose ``soft_fail`` receipts were the exception). It is final once its block
is at or below the last irreversible block (LIB): CONFIRMED; above it, CONFIRMING (since
the Savanna upgrade of September 2024 the LIB trails the head by about a second).
"""

from __future__ import annotations

from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, TxFacts
from txdoctor.families.eos.rules_exchanges import exchange_needing_memo
from txdoctor.families.eos.rules_push import push_error_finding, push_error_params

CORE_TOKEN_CONTRACT = "eosio.token"  # the contract of the real EOS (and of system tokens)


def diagnose_transaction(facts: TxFacts) -> Finding:
    """The verdict for an EOS transaction found in history."""
    details = facts.eos
    params: dict[str, Param] = {
        "chain": facts.chain,
        "block": facts.block_number,
        "lib": details.lib if details else None,
    }
    if details is not None and details.quantity is not None and facts.recipient:
        params |= _transfer_params(facts, details.memo)
    elif details is not None and details.contract and details.action:
        params |= {"eos_action": "yes", "contract": details.contract, "action": details.action}
    if details is not None and not details.irreversible:
        return Finding(Verdict.CONFIRMING, params, family=facts.family)
    return Finding(Verdict.CONFIRMED, params, family=facts.family)


def _transfer_params(facts: TxFacts, memo: str | None) -> dict[str, Param]:
    contract = facts.eos.contract if facts.eos else None
    params: dict[str, Param] = {
        "eos_transfer": _transfer_kind(contract, facts.value.symbol),
        "amount": facts.value.value,
        "symbol": facts.value.symbol,
        "recipient": facts.recipient,
        "contract": contract,
    }
    exchange = exchange_needing_memo(facts.recipient)
    if memo:
        params |= {"eos_memo": "given", "memo": memo}
    elif exchange is not None:
        params |= {"eos_memo": "missing_exchange", "exchange": exchange}
    return params


def _transfer_kind(contract: str | None, symbol: str) -> str:
    """ "yes" for EOS itself or a token named by its contract; "imitation" for a token that
    calls itself EOS but comes from another contract than eosio.token (worth nothing as EOS)."""
    if contract == CORE_TOKEN_CONTRACT:
        return "yes"
    return "imitation" if symbol == "EOS" else "token"


def address_details(facts: AddressFacts) -> dict[str, Param]:
    """Whether the account exists, as the chain API says."""
    return {"chain": facts.chain, "eos_account": "exists" if facts.activated else "missing"}


def is_settled(facts: TxFacts) -> bool:
    """Final once its block is irreversible (at or below the LIB); never counted in blocks."""
    return facts.eos is not None and facts.eos.irreversible


__all__ = [
    "address_details",
    "diagnose_transaction",
    "is_settled",
    "push_error_finding",  # a pasted push error (rules_push.py)
    "push_error_params",
]
