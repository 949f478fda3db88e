"""Which field of which facts type goes into the JSON output, spelled out.

The JSON is a promise to scripts (docs/json-schema.md); the facts dataclasses are internal and
change. Listing the JSON fields here, instead of reflecting over the dataclasses, means that
renaming or adding a facts field cannot change the JSON by accident: a renamed field fails
the tests (``tests/unit/render/test_json_schema.py``), a new one is left out until it is listed
here (or in ``INTERNAL``) and the schema version says so.

A family's own facts types are listed in its ``render_json`` module
(``txdoctor/families/<family>/render_json.py``), added by ``add_family`` when an answer of that
family is written: writing an EVM transaction loads no other family.
"""

from __future__ import annotations

from txdoctor.core import registry
from txdoctor.core.family import Family
from txdoctor.facts import AddressFacts, Amount, TokenInfo, TokenTransfer, TxFacts
from txdoctor.facts.common import Failure, RecentTransfer
from txdoctor.facts.tracking import Replacement

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
        "eos",
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
        "eos",
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
    Replacement: ("hash", "recipient", "value", "block"),
}

_ADDED: set[Family] = set()


def add_family(family: Family) -> None:
    """Add ``family``'s own facts types to ``JSON_FIELDS`` (once; a family may have none)."""
    if family not in _ADDED:
        JSON_FIELDS.update(registry.part(family, "render_json", "JSON_FIELDS") or {})
        _ADDED.add(family)


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
