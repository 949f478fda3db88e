"""What Solana failure codes mean: well-known programs, their ``Custom(n)`` codes, and the
runtime's error variants, each mapped to a plain cause the advice layer explains.

Sources (names exactly as the programs define them):
- System program: solana-system-interface ``SystemError`` (0–8).
- SPL Token and Token-2022 (shared codes 0–19): solana-program/token ``interface/src/error.rs``.
- Associated Token Account: solana-program/associated-token-account ``error.rs`` (0).
- Jupiter v6: dev.jup.ag/docs/swap/common-errors and the program IDL (6000–6025).
- Raydium AMM v4: code 30 logs "exceeds desired slippage limit" (a mainnet failure of
  2024-11-25, slot 303573396, recorded in sava-software/sava's tests).
- Runtime variants: anza-xyz/solana-sdk ``transaction-error`` and ``instruction-error``.
"""

from __future__ import annotations

from collections.abc import Mapping

SYSTEM = "11111111111111111111111111111111"
TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
TOKEN_2022 = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
ASSOCIATED_TOKEN = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"
JUPITER_V6 = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4"
RAYDIUM_AMM_V4 = "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8"

# Proper names: shown as they are in every language.
PROGRAM_NAMES: Mapping[str, str] = {
    SYSTEM: "System Program",
    TOKEN: "SPL Token",
    TOKEN_2022: "SPL Token-2022",
    ASSOCIATED_TOKEN: "Associated Token Account",
    "ComputeBudget111111111111111111111111111111": "Compute Budget",
    "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr": "Memo",
    "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s": "Metaplex Token Metadata",
    JUPITER_V6: "Jupiter v6",
    RAYDIUM_AMM_V4: "Raydium AMM v4",
}

_TOKEN_ERRORS: Mapping[int, tuple[str, str | None]] = {
    0: ("NotRentExempt", "rent"),
    1: ("InsufficientFunds", "token_balance"),
    2: ("InvalidMint", "wrong_mint"),
    3: ("MintMismatch", "wrong_mint"),
    4: ("OwnerMismatch", "owner_mismatch"),
    5: ("FixedSupply", None),
    6: ("AlreadyInUse", None),
    7: ("InvalidNumberOfProvidedSigners", None),
    8: ("InvalidNumberOfRequiredSigners", None),
    9: ("UninitializedState", "token_account"),
    10: ("NativeNotSupported", None),
    11: ("NonNativeHasBalance", None),
    12: ("InvalidInstruction", None),
    13: ("InvalidState", None),
    14: ("Overflow", None),
    15: ("AuthorityTypeNotSupported", None),
    16: ("MintCannotFreeze", None),
    17: ("AccountFrozen", "frozen"),
    18: ("MintDecimalsMismatch", "decimals"),
    19: ("NonNativeNotSupported", None),
}

# (program, code) → (error name, cause); cause None: named, but no plain advice.
CUSTOM_ERRORS: Mapping[str, Mapping[int, tuple[str, str | None]]] = {
    SYSTEM: {
        0: ("AccountAlreadyInUse", "account_exists"),
        1: ("ResultWithNegativeLamports", "sol_balance"),
        2: ("InvalidProgramId", None),
        3: ("InvalidAccountDataLength", None),
        4: ("MaxSeedLengthExceeded", None),
        5: ("AddressWithSeedMismatch", None),
        6: ("NonceNoRecentBlockhashes", None),
        7: ("NonceBlockhashNotExpired", None),
        8: ("NonceUnexpectedBlockhashValue", None),
    },
    TOKEN: _TOKEN_ERRORS,
    TOKEN_2022: _TOKEN_ERRORS,
    ASSOCIATED_TOKEN: {0: ("InvalidOwner", "token_account")},
    JUPITER_V6: {
        6000: ("EmptyRoute", None),
        6001: ("SlippageToleranceExceeded", "slippage"),
        6008: ("NotEnoughAccountKeys", None),
        6014: ("IncorrectTokenProgramID", "token_program"),
        6017: ("ExactOutAmountNotMatched", "slippage"),
        6024: ("InsufficientFunds", "swap_funds"),
        6025: ("InvalidTokenAccount", "token_account"),
    },
    RAYDIUM_AMM_V4: {30: ("ExceededSlippage", "slippage")},
}

# InstructionError variants (not Custom) → cause.
INSTRUCTION_CAUSES: Mapping[str, str] = {
    "InsufficientFunds": "sol_balance",
    "ComputationalBudgetExceeded": "compute",
    "ProgramFailedToComplete": "compute",
    "IncorrectProgramId": "token_program",
    "InvalidAccountData": "token_account",
    "UninitializedAccount": "token_account",
    "IllegalOwner": "token_account",
    "InvalidAccountOwner": "token_account",
    "AccountNotRentExempt": "rent",
    "MissingRequiredSignature": "signature",
}

# TransactionError variants (other than InstructionError) → cause.
TRANSACTION_CAUSES: Mapping[str, str] = {
    "InsufficientFundsForFee": "fee",
    "AccountNotFound": "fee",
    "InsufficientFundsForRent": "rent",
    "AlreadyProcessed": "already_processed",
    "BlockhashNotFound": "blockhash",
    "ProgramAccountNotFound": "no_program",
    "InvalidProgramForExecution": "no_program",
    "MaxLoadedAccountsDataSizeExceeded": "compute",
    "WouldExceedMaxBlockCostLimit": "busy",
    "WouldExceedMaxAccountCostLimit": "busy",
    "WouldExceedAccountDataBlockLimit": "busy",
}


def custom_error(program: str | None, code: int) -> tuple[str | None, str | None]:
    """The name and cause of ``Custom(code)`` raised by ``program``, where known."""
    known = CUSTOM_ERRORS.get(program or "", {}).get(code)
    return known if known is not None else (None, None)


def program_name(program: str | None) -> str | None:
    """The name people know a program by, where txdoctor knows it."""
    return PROGRAM_NAMES.get(program or "")
