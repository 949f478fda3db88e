"""Rules for one Solana transaction and the Solana details of an address: no I/O.

Finality: ``confirmed`` means a supermajority voted for the block (it practically never
rolls back); ``finalized`` (rooted, about 32 slots ≈ 13 s later) means it cannot. Exchanges
credit at ``finalized``, so that is CONFIRMED and anything before it CONFIRMING.
A failure names the top-level instruction, the program that failed (maybe called from
inside another one), its error code in decimal and hex, and what the code means for the
programs txdoctor knows.
"""

from __future__ import annotations

import math
from decimal import Decimal

from txdoctor.core.units import coins
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AddressFacts, Commitment, SolanaError, TokenStatus, TxFacts, TxState
from txdoctor.families.solana.rules_programs import (
    INSTRUCTION_CAUSES,
    TRANSACTION_CAUSES,
    custom_error,
    program_name,
)

LAMPORTS_DECIMALS = 9


def diagnose_solana_transaction(facts: TxFacts) -> Finding:
    """The verdict for a Solana transaction found on a cluster."""
    params = _base(facts)
    if facts.success is False:
        return Finding(Verdict.FAILED_REVERTED, params | _failure_params(facts))
    transfer = _transfer_params(facts)
    if transfer.get("sol_transfer") == TokenStatus.IMPOSTOR.value:
        transfer.pop("sol_transfer")
        return Finding(Verdict.FAKE_TOKEN, params | transfer)
    solana = facts.solana
    commitment = solana.commitment if solana else None
    if commitment is Commitment.FINALIZED:
        return Finding(Verdict.CONFIRMED, params | transfer)
    voted = (solana.confirmations if solana else None) or 0
    remaining = max(1, facts.required_confirmations - voted)
    return Finding(
        Verdict.CONFIRMING,
        params
        | transfer
        | {
            "confirmations": voted,
            "required": facts.required_confirmations,
            "remaining": remaining,
            "seconds": max(1, math.ceil(remaining * facts.block_time)),
            "sol_commitment": commitment.value if commitment is Commitment.PROCESSED else None,
        },
    )


def _base(facts: TxFacts) -> dict[str, Param]:
    solana = facts.solana
    params: dict[str, Param] = {
        "chain": facts.chain,
        "symbol": facts.value.symbol,
        "slot": facts.block_number,
        "commitment": solana.commitment.value if solana and solana.commitment else None,
    }
    if facts.fee_paid is not None:
        params["fee"] = facts.fee_paid.value
    return params


def _transfer_params(facts: TxFacts) -> dict[str, Param]:
    """The movement the transaction is about: the first token transfer (a payment's SOL
    side is usually only the fee and rent), else the SOL sent."""
    if facts.transfers:
        transfer = facts.transfers[0]
        token = transfer.token
        return {
            "sol_transfer": token.status.value,
            "amount": transfer.amount,
            "raw_amount": str(transfer.raw_amount),
            "asset": token.symbol or "?",
            "mint": token.contract,
            "recipient": transfer.recipient,
            "token_name": token.name,
            "official_name": token.official_name,
        }
    if facts.value.raw > 0:
        return {
            "sol_transfer": "sol",
            "amount": facts.value.value,
            "asset": facts.value.symbol,
            "recipient": facts.recipient,
        }
    return {}


def _failure_params(facts: TxFacts) -> dict[str, Param]:
    error = facts.solana.error if facts.solana else None
    if error is None:
        return {"sol_detail": "unknown"}
    params: dict[str, Param] = {"sol_error": error.kind, "sol_raw_error": error.raw}
    if error.kind == "InstructionError":
        params |= _instruction_params(error)
    else:
        params |= {"sol_detail": "transaction", "sol_cause": TRANSACTION_CAUSES.get(error.kind)}
    if error.account is not None:
        params["account"] = error.account
    if params.get("sol_cause") == "rent":
        params |= _rent_params(facts, error)
    if error.program_log:
        params |= {"program_log": error.program_log, "sol_logged": "yes"}
    return params


def _instruction_params(error: SolanaError) -> dict[str, Param]:
    program_label = _label(error.program)
    params: dict[str, Param] = {
        "instruction": None if error.instruction is None else error.instruction + 1,
        "ix_error": error.instruction_error,
        "program": error.program,
        "program_label": program_label,
        "log_message": error.log_message,
    }
    if error.top_program and error.program and error.top_program != error.program:
        params |= {
            "top_program": error.top_program,
            "top_label": _label(error.top_program),
            "sol_cpi": "yes",
        }
    if error.instruction_error == "Custom" and error.custom_code is not None:
        name, cause = custom_error(error.program, error.custom_code)
        return params | {
            "code": error.custom_code,
            "code_hex": hex(error.custom_code),
            "error_name": name,
            "sol_cause": cause,
            "sol_detail": "custom_named" if name else "custom",
        }
    return params | {
        "sol_detail": "instruction",
        "sol_cause": INSTRUCTION_CAUSES.get(error.instruction_error or ""),
    }


def _rent_params(facts: TxFacts, error: SolanaError) -> dict[str, Param]:
    minimum = facts.solana.rent_exempt_minimum if facts.solana else None
    if minimum is None:
        return {"sol_cause": "rent_unknown"}
    return {
        "rent_min": coins(minimum, LAMPORTS_DECIMALS),
        "account": error.account or facts.recipient,
    }


def _label(program: str | None) -> str | None:
    """A program's name with its address, or the address alone."""
    name = program_name(program)
    return f"{name} ({program})" if name and program else program


def solana_address_params(facts: AddressFacts) -> dict[str, Param]:
    """What a Solana address's explanation adds: holdings, what the account is, the rent
    minimum a first transfer to a new address must meet, and fake tokens it holds."""
    solana = facts.solana
    held = [(token, raw) for token, raw in facts.token_balances if raw > 0]
    params: dict[str, Param] = {
        "chain": facts.chain,
        "sol": facts.balance.value if facts.balance else None,
        "tokens": ", ".join(
            _holding(token.symbol, token.contract, token.decimals, raw) for token, raw in held
        )
        or None,
        "sol_holds": "yes" if held else None,
    }
    if solana is not None and solana.rent_exempt_minimum is not None:
        params["rent_min"] = coins(solana.rent_exempt_minimum, LAMPORTS_DECIMALS)
        if not facts.has_activity:
            params["sol_new_account"] = "yes"
    if solana is not None and solana.token_account_owner is not None:
        params |= {
            "sol_token_account": "yes",
            "wallet": solana.token_account_owner,
            "mint": solana.token_account_mint,
        }
    if facts.recent:
        last = facts.recent[0]
        params |= {
            "last_signature": last.hash,
            "sol_last": "failed" if last.success is False else "ok",
        }
    fake = next((token for token, _ in held if token.status is TokenStatus.IMPOSTOR), None)
    if fake is not None:
        params |= {
            "sol_fake_held": "yes",
            "asset": fake.symbol or "?",
            "mint": fake.contract,
            "official_name": fake.official_name,
        }
    return params


def _holding(symbol: str | None, mint: str, decimals: int | None, raw: int) -> str:
    amount = f"{Decimal(raw).scaleb(-decimals).normalize():f}" if decimals is not None else str(raw)
    return f"{amount} {symbol or mint}"


# The names the shared rules look up (txdoctor.core.registry).
diagnose_transaction = diagnose_solana_transaction
address_details = solana_address_params


def is_settled(facts: TxFacts) -> bool:
    """Final once finalized: a confirmed slot can still be skipped."""
    return (
        facts.state is TxState.INCLUDED
        and facts.solana is not None
        and facts.solana.commitment is Commitment.FINALIZED
    )
