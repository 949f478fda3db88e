"""The JSON fields of Solana's own facts types (see ``txdoctor/render/json_fields.py``).

Read by ``render/json_fields.py`` only when a Solana answer is written as JSON.
"""

from __future__ import annotations

from txdoctor.families.solana.facts import SolanaAddressFacts, SolanaError, SolanaTxFacts

JSON_FIELDS: dict[type, tuple[str, ...]] = {
    SolanaTxFacts: (
        "commitment",
        "slot",
        "confirmations",
        "version",
        "compute_units",
        "error",
        "block_height",
        "rent_exempt_minimum",
    ),
    SolanaAddressFacts: (
        "rent_exempt_minimum",
        "owner_program",
        "token_account_owner",
        "token_account_mint",
        "token_accounts",
        "signatures",
    ),
    SolanaError: (
        "kind",
        "instruction",
        "instruction_error",
        "custom_code",
        "program",
        "top_program",
        "log_message",
        "program_log",
        "account_index",
        "account",
        "raw",
    ),
}
