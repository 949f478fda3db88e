"""The JSON fields of EOS's own facts types (see ``txdoctor/render/json_fields.py``).

Read by ``render/json_fields.py`` only when an EOS answer is written as JSON.
"""

from __future__ import annotations

from txdoctor.families.eos.facts import EosAccountFacts, EosTxFacts

JSON_FIELDS: dict[type, tuple[str, ...]] = {
    EosTxFacts: ("lib", "irreversible", "contract", "action", "memo", "quantity", "actions"),
    EosAccountFacts: ("created", "ram_quota", "ram_usage", "cpu_available", "net_available"),
}
