"""Solana-only facts: commitment, the decoded failure, the address's own details."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Commitment(StrEnum):
    """How far the cluster has agreed on a transaction's block (``confirmationStatus``)."""

    PROCESSED = "processed"  # in a block one node has seen; can still be dropped
    CONFIRMED = "confirmed"  # voted on by a supermajority; final in practice, not in law
    FINALIZED = "finalized"  # rooted: can no longer be rolled back


@dataclass(frozen=True)
class SolanaError:
    """Why a landed transaction failed, decoded from ``meta.err`` and the program logs.

    ``log_message`` and ``program_log`` come from the chain: untrusted text.
    """

    kind: str  # TransactionError variant, e.g. "InstructionError", "InsufficientFundsForRent"
    instruction: int | None = None  # 0-based index of the top-level instruction that failed
    instruction_error: str | None = None  # InstructionError variant, e.g. "Custom"
    custom_code: int | None = None  # the n of Custom(n)
    program: str | None = None  # the program that failed (innermost, maybe a CPI)
    top_program: str | None = None  # the program of the top-level instruction
    log_message: str | None = None  # e.g. "custom program error: 0x1771"
    program_log: str | None = None  # the program's own error line, e.g. "Error: insufficient funds"
    account_index: int | None = None  # InsufficientFundsForRent's account_index
    account: str | None = None  # the address at account_index
    raw: str = ""  # meta.err as compact JSON


@dataclass(frozen=True)
class SolanaTxFacts:
    """What Solana says beyond the shared transaction facts."""

    commitment: Commitment | None
    slot: int | None = None
    confirmations: int | None = None  # blocks voted on top; None once finalized
    version: str | None = None  # "legacy", "0" or "1"
    compute_units: int | None = None
    error: SolanaError | None = None
    block_height: int | None = None  # the chain's block height when asked
    rent_exempt_minimum: int | None = None  # lamports for a 0-byte account, when asked


@dataclass(frozen=True)
class SolanaAddressFacts:
    """What Solana says of an address beyond the shared address facts."""

    rent_exempt_minimum: int | None = None  # lamports a new (0-byte) account must receive
    owner_program: str | None = None  # the program that owns the account, if it exists
    token_account_owner: str | None = None  # when the address is a token account: its wallet
    token_account_mint: str | None = None  # … and the mint it holds
    token_accounts: int = 0  # token accounts the address owns (any balance)
    signatures: int = 0  # recent signatures returned (capped by the query's limit)
