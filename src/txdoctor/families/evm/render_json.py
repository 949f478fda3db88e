"""The JSON fields of EVM's own facts types (see ``txdoctor/render/json_fields.py``).

Read by ``render/json_fields.py`` only when an EVM answer is written as JSON.
"""

from __future__ import annotations

from txdoctor.families.evm.facts import EvmFees, FeeMarket, SenderNonces

JSON_FIELDS: dict[type, tuple[str, ...]] = {
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
}
