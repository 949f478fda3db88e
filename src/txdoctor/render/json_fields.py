"""Which field of which facts type goes into the JSON output, spelled out.

The JSON is a promise to scripts (docs/json-schema.md); the facts dataclasses are internal and
change. Listing the JSON fields here, instead of reflecting over the dataclasses, means that
renaming or adding a facts field cannot change the JSON by accident: a renamed field fails
the tests (``tests/unit/render/test_json_schema.py``), a new one is left out until it is listed
here (or in ``INTERNAL``) and the schema version says so.
"""

from __future__ import annotations

from txdoctor.facts import AddressFacts, Amount, TokenInfo, TokenTransfer, TxFacts
from txdoctor.facts.common import Failure, RecentTransfer
from txdoctor.facts.tracking import Replacement
from txdoctor.families.bitcoin.facts import (
    BitcoinAddressDetails,
    BitcoinFeeMarket,
    BitcoinOutput,
    BitcoinPackage,
    BitcoinReplacement,
    BitcoinTxDetails,
)
from txdoctor.families.evm.facts import EvmFees, FeeMarket, SenderNonces
from txdoctor.families.solana.facts import SolanaAddressFacts, SolanaError, SolanaTxFacts
from txdoctor.families.tron.facts import (
    TronAccountDetails,
    TronPrices,
    TronResources,
    TronTxDetails,
)

JSON_FIELDS: dict[type, tuple[str, ...]] = {
    TxFacts: (
        "chain",
        "family",
        "hash",
        "state",
        "sender",
        "recipient",
        "value",
        "success",
        "nonce",
        "block_number",
        "latest_block",
        "required_confirmations",
        "block_time",
        "fee_paid",
        "failure",
        "evm_fees",
        "market",
        "nonces",
        "creates_contract",
        "transfers",
        "recipient_kind",
        "has_call_data",
        "solana",
        "tron",
        "bitcoin",
        "replacement",
    ),
    AddressFacts: (
        "chain",
        "family",
        "address",
        "balance",
        "token_balances",
        "kind",
        "has_activity",
        "nonces",
        "activated",
        "recent",
        "history_available",
        "history_note",
        "token",
        "pool",
        "pool_visible",
        "market",
        "solana",
        "tron",
        "bitcoin",
    ),
    Amount: ("raw", "decimals", "symbol"),
    TokenInfo: (
        "contract",
        "symbol",
        "name",
        "decimals",
        "status",
        "official_name",
        "variant",
        "imitates",
        "official_contract",
    ),
    TokenTransfer: (
        "token",
        "sender",
        "recipient",
        "raw_amount",
        "recipient_kind",
        "direct",
        "attempted",
    ),
    RecentTransfer: ("hash", "sender", "recipient", "amount", "token", "timestamp", "success"),
    Failure: (
        "kind",
        "reason",
        "error_name",
        "selector",
        "panic_code",
        "raw_data",
        "replayed",
        "gas_needed",
    ),
    EvmFees: (
        "gas_limit",
        "gas_used",
        "gas_price",
        "max_fee",
        "max_priority_fee",
        "effective_gas_price",
    ),
    FeeMarket: ("next_base_fee", "tip_low", "tip_median", "base_fee_history"),
    SenderNonces: ("latest", "pending"),
    Replacement: ("hash", "recipient", "value", "block"),
    BitcoinTxDetails: (
        "weight",
        "fee_sat",
        "version",
        "signals_rbf",
        "input_count",
        "outputs",
        "input_addresses",
        "coinbase",
        "market",
        "package",
        "replaced_by",
        "in_mempool",
        "vsize",
        "fee_rate",
    ),
    BitcoinAddressDetails: (
        "confirmed_sat",
        "unconfirmed_in_sat",
        "unconfirmed_out_sat",
        "tx_count",
        "unconfirmed_tx_count",
        "pending_txids",
    ),
    BitcoinFeeMarket: ("fastest", "half_hour", "hour", "economy", "minimum", "source"),
    BitcoinOutput: ("address", "value_sat", "script_type"),
    BitcoinPackage: (
        "ancestor_fee_sat",
        "ancestor_vsize",
        "descendant_fee_sat",
        "descendant_vsize",
        "effective_rate",
        "accelerated",
    ),
    BitcoinReplacement: ("txid", "confirmed", "source", "full_rbf"),
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
    TronTxDetails: (
        "contract_type",
        "result",
        "message",
        "resources",
        "expiration_ms",
        "timestamp_ms",
        "block_timestamp_ms",
        "solidified_block",
        "selector",
        "attempted",
        "prices",
    ),
    TronAccountDetails: ("energy_left", "bandwidth_left", "prices"),
    TronPrices: ("energy", "bandwidth", "create_account", "create_account_in_contract"),
    TronResources: (
        "fee_limit",
        "energy_total",
        "energy_from_stake",
        "energy_from_owner",
        "energy_fee",
        "bandwidth",
        "bandwidth_fee",
    ),
}

INTERNAL: dict[type, frozenset[str]] = {
    # Kept for the local history (an expired transaction); a script sees EXPIRED instead.
    TxFacts: frozenset({"expires_at"}),
}
"""Facts fields deliberately kept out of the JSON, per type."""

# Fields in wei (or another smallest unit) are strings: JavaScript numbers lose precision.
RAW_UNITS = frozenset(
    {
        "raw",
        "gas_price",
        "max_fee",
        "max_priority_fee",
        "effective_gas_price",
        "next_base_fee",
        "tip_low",
        "tip_median",
        "base_fee_history",
        # Bitcoin, in satoshi
        "fee_sat",
        "value_sat",
        "ancestor_fee_sat",
        "descendant_fee_sat",
        "confirmed_sat",
        "unconfirmed_in_sat",
        "unconfirmed_out_sat",
        # token transfers and balances, in the token's smallest unit
        "raw_amount",
        "token_balances",
    }
)
