"""The JSON fields of Tron's own facts types (see ``txdoctor/render/json_fields.py``).

Read by ``render/json_fields.py`` only when a Tron answer is written as JSON.
"""

from __future__ import annotations

from txdoctor.families.tron.facts import (
    TronAccountDetails,
    TronPrices,
    TronResources,
    TronTxDetails,
)

JSON_FIELDS: dict[type, tuple[str, ...]] = {
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
