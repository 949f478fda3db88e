"""The JSON fields of Bitcoin's own facts types (see ``txdoctor/render/json_fields.py``).

Read by ``render/json_fields.py`` only when a Bitcoin answer is written as JSON.
"""

from __future__ import annotations

from txdoctor.families.bitcoin.facts import (
    BitcoinAddressDetails,
    BitcoinFeeMarket,
    BitcoinOutput,
    BitcoinPackage,
    BitcoinReplacement,
    BitcoinTxDetails,
)

JSON_FIELDS: dict[type, tuple[str, ...]] = {
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
}
