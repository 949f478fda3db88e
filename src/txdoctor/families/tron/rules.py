"""Rules for one Tron transaction and the Tron details of an address: facts in, findings out.

Finality: a Tron block is irreversible once "solidified" (confirmed by 70 % of the 27 super
representatives, about 19 blocks ≈ 57 s behind the head; java-tron ``ChainConstant``).
Failures: ``OUT_OF_ENERGY`` burns TRX and moves nothing (FAILED_OUT_OF_ENERGY); ``REVERT``
and the other virtual-machine codes (``OUT_OF_TIME``, ``TRANSFER_FAILED`` …) are the
contract refusing or faulting (FAILED_REVERTED, with the code named).
"""

from __future__ import annotations

import math
from decimal import Decimal

from txdoctor.core.units import coins
from txdoctor.diagnose.causes import revert_cause
from txdoctor.diagnose.finality import settled_by_confirmations
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, FailureKind, TokenStatus, TokenTransfer, TxFacts, TxState
from txdoctor.families.tron.facts import TronTxDetails
from txdoctor.families.tron.rules_costs import (
    TRX_DECIMALS,
    costs,
    prices_or_fallback,
    whole_trx_up,
)

TRANSFER_SELECTORS = ("a9059cbb", "23b872dd")  # transfer, transferFrom
FEE_LIMIT_HIT = Decimal("0.9")  # burned this share of fee_limit: the limit stopped it
RETRY_MARGIN = Decimal("1.1")


def diagnose_tron_transaction(facts: TxFacts) -> Finding:
    """The verdict for a Tron transaction found on a chain."""
    params = _base(facts) | _transfer_params(facts)
    if facts.success is False:
        return _failed(facts, params)
    transfer = _main_transfer(facts)
    if transfer is not None and transfer.token.status is TokenStatus.IMPOSTOR:
        return Finding(Verdict.FAKE_TOKEN, params)
    return _settled(facts, params)


def _base(facts: TxFacts) -> dict[str, Param]:
    params: dict[str, Param] = {
        "chain": facts.chain,
        "symbol": facts.value.symbol,
        "block": facts.block_number,
    }
    if facts.fee_paid is not None:
        params["fee"] = facts.fee_paid.value
    return params


def _settled(facts: TxFacts, params: dict[str, Param]) -> Finding:
    tron = facts.tron
    confirmations = facts.confirmations
    params |= {"confirmations": confirmations, "required": facts.required_confirmations}
    solid = tron.solidified_block if tron else None
    block = facts.block_number
    if block is None:  # on chain, receipt not yet served: final within about a minute
        required = facts.required_confirmations
        return Finding(
            Verdict.CONFIRMING,
            params | {"remaining": required, "seconds": _seconds(facts, required)},
        )
    if solid is not None:
        if block <= solid:
            return Finding(Verdict.CONFIRMED, params)
        return Finding(
            Verdict.CONFIRMING,
            params | {"remaining": block - solid, "seconds": _seconds(facts, block - solid)},
        )
    if confirmations is not None and confirmations >= facts.required_confirmations:
        return Finding(Verdict.CONFIRMED, params)
    remaining = facts.required_confirmations - (confirmations or 0)
    return Finding(
        Verdict.CONFIRMING, params | {"remaining": remaining, "seconds": _seconds(facts, remaining)}
    )


def _seconds(facts: TxFacts, blocks: int) -> int:
    return max(1, math.ceil(blocks * facts.block_time))


def _failed(facts: TxFacts, params: dict[str, Param]) -> Finding:
    tron = facts.tron
    assert tron is not None
    res = tron.resources
    if "tron_transfer" in params:  # nothing moved: say what it tried to send
        params["tron_attempt"] = params.pop("tron_transfer")
    fee_limit = None if res.fee_limit is None else coins(res.fee_limit, TRX_DECIMALS)
    params |= {"result_code": tron.result, "fee_limit_trx": fee_limit}
    failure = facts.failure
    if failure is not None and failure.kind is FailureKind.OUT_OF_ENERGY:
        return Finding(Verdict.FAILED_OUT_OF_ENERGY, params | _energy_params(tron))
    if failure is not None and failure.kind is FailureKind.REVERTED:
        params |= {
            "reason": failure.reason,
            "cause": revert_cause(failure),
            "tron_revert": "token_transfer" if tron.attempted else None,
        }
        return Finding(Verdict.FAILED_REVERTED, params)
    fault = {"OUT_OF_TIME": "out_of_time", "TRANSFER_FAILED": "transfer_failed"}
    params |= {"error_name": tron.result, "tron_fault": fault.get(tron.result or "", "vm")}
    return Finding(Verdict.FAILED_REVERTED, params)


def _energy_params(tron: TronTxDetails) -> dict[str, Param]:
    """How much energy it used, what that costs today, and what to retry with."""
    res = tron.resources
    prices = prices_or_fallback(tron.prices)
    needed = _energy_to_retry(tron)
    limit = None
    if res.fee_limit:
        limit = "fee_limit" if res.energy_fee >= res.fee_limit * FEE_LIMIT_HIT else "account"
    # A fee limit is a cap, not a price: budget at the dearer of today's price and the one
    # the transaction paid, so the advice never suggests less than what just failed.
    burned = res.energy_total - res.energy_from_stake - res.energy_from_owner
    price_then = math.ceil(res.energy_fee / burned) if burned > 0 and res.energy_fee else 0
    return {
        "energy_used": res.energy_total,
        "energy_fee_trx": coins(res.energy_fee, TRX_DECIMALS),
        "energy_price": prices.energy,
        "cost_used_trx": coins(res.energy_total * prices.energy, TRX_DECIMALS),
        "suggested_energy": needed,
        "suggested_fee_trx": whole_trx_up(needed * max(prices.energy, price_then)),
        "tron_energy_limit": limit,
    }


def _energy_to_retry(tron: TronTxDetails) -> int:
    """Energy to budget for a retry: a token transfer's known cost (to a new holder, the
    dearer case), never less than what it already used plus a margin."""
    used = tron.resources.energy_total
    with_margin = math.ceil(used * RETRY_MARGIN)
    if tron.selector in TRANSFER_SELECTORS:
        return max(costs().transfer_energy_new_holder, with_margin)
    return max(2 * used, with_margin)


def _main_transfer(facts: TxFacts) -> TokenTransfer | None:
    """The token movement the transaction is about: the sender's own, else the first; for a
    failed call, the transfer it attempted."""
    if facts.tron is not None and facts.tron.attempted is not None and not facts.transfers:
        return facts.tron.attempted
    own = [t for t in facts.transfers if t.sender == facts.sender]
    candidates = own or list(facts.transfers)
    return candidates[0] if candidates else None


def _transfer_params(facts: TxFacts) -> dict[str, Param]:
    """What moved (or was meant to), to whom, and whether the token is the official one."""
    transfer = _main_transfer(facts)
    if transfer is None:
        if (
            facts.value.raw == 0
            or facts.tron is None
            or facts.tron.contract_type != "TransferContract"
        ):
            return {}
        return {
            "tron_transfer": "trx",
            "amount": facts.value.value,
            "asset": facts.value.symbol,
            "recipient": facts.recipient,
        }
    token = transfer.token
    params: dict[str, Param] = {
        "tron_transfer": token.status.value,
        "amount": transfer.amount,
        "raw_amount": str(transfer.raw_amount),
        "asset": token.symbol or "?",
        "recipient": transfer.recipient,
        "contract": token.contract,
        "token_name": token.name,
        "official_name": token.official_name,
        "imitates": token.imitates,
        "official_contract": token.official_contract,
    }
    return params


def tron_address_params(facts: AddressFacts) -> dict[str, Param]:
    """What a Tron address's explanation needs: balances, activation, fee budget, last
    transfer, and what sending to it costs."""
    tron = facts.tron
    prices = prices_or_fallback(tron.prices if tron else None)
    trx_sun = facts.balance.raw if facts.balance else 0
    held = [(token, raw) for token, raw in facts.token_balances if raw > 0]
    params: dict[str, Param] = {
        "chain": facts.chain,
        "trx": coins(trx_sun, TRX_DECIMALS),
        "tokens": ", ".join(f"{_plain(coins(raw, t.decimals or 0))} {t.symbol}" for t, raw in held)
        or None,
        "tron_tokens": "yes" if held else None,
        "activation_fee_trx": coins(prices.activation, TRX_DECIMALS),
        "new_holder_energy": costs().transfer_energy_new_holder,
        "new_holder_trx": coins(costs().transfer_energy_new_holder * prices.energy, TRX_DECIMALS),
    }
    if facts.activated is False:
        params["tron_account"] = "not_activated_holding" if held else "not_activated"
    fee = _transfer_fee(facts, prices.energy, prices.bandwidth)
    if held and fee > trx_sun:
        params |= {"tron_fee_budget": "low", "transfer_fee_trx": whole_trx_up(fee)}
    return params | _last_transfer(facts)


def _transfer_fee(facts: AddressFacts, energy_price: int, bandwidth_price: int) -> int:
    """Sun a TRC-20 transfer from this address burns, after its own energy and bandwidth."""
    tron = facts.tron
    energy_left = (tron.energy_left if tron else None) or 0
    bandwidth_left = (tron.bandwidth_left if tron else None) or 0
    energy = max(0, costs().transfer_energy - energy_left) * energy_price
    bandwidth = (
        0
        if bandwidth_left >= costs().transfer_bandwidth
        else costs().transfer_bandwidth * bandwidth_price
    )
    return energy + bandwidth


def _last_transfer(facts: AddressFacts) -> dict[str, Param]:
    if not facts.recent:
        return {}
    last = facts.recent[0]
    incoming = last.recipient == facts.address
    params: dict[str, Param] = {
        "tron_last": "in" if incoming else "out",
        "last_amount": last.amount.value if last.amount else None,
        "last_asset": last.amount.symbol if last.amount else None,
        "last_counterparty": last.sender if incoming else last.recipient,
    }
    if last.token is not None and last.token.status is TokenStatus.IMPOSTOR:
        params |= {"tron_last_fake": "yes", "official_name": last.token.official_name}
    return params


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


# The names the shared rules look up (txdoctor.core.registry).
diagnose_transaction = diagnose_tron_transaction
address_details = tron_address_params


def is_settled(facts: TxFacts) -> bool:
    """Final once its block is solidified (or, without that number, has the confirmations);
    a failure is final once in a block, as elsewhere."""
    solidified = facts.tron.solidified_block if facts.tron is not None else None
    if (
        facts.state is TxState.INCLUDED
        and facts.success is not False
        and solidified is not None
        and facts.block_number is not None
    ):
        return facts.block_number <= solidified
    return settled_by_confirmations(facts)
