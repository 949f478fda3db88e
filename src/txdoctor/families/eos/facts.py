"""EOS-only facts: what Hyperion and the chain API say beyond the shared facts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EosTxFacts:
    """A transaction as Hyperion's history holds it.

    ``contract``, ``action``, ``memo`` and ``quantity`` come from the chain (the action's
    data): untrusted text, shown escaped and defanged.
    """

    lib: int  # the last irreversible block when asked
    irreversible: bool  # its block is at or below ``lib``: final
    contract: str | None  # the account whose action it is, e.g. "eosio.token"
    action: str | None  # e.g. "transfer"
    memo: str | None  # a transfer's memo ("" when empty); None when not a transfer
    quantity: str | None  # a transfer's quantity as written, e.g. "0.0100 EOS"
    actions: int  # how many actions Hyperion returned for it


@dataclass(frozen=True)
class EosAccountFacts:
    """An account as ``/v1/chain/get_account`` describes it (resources in bytes and µs)."""

    created: str | None  # ISO time, as the node writes it
    ram_quota: int | None
    ram_usage: int | None
    cpu_available: int | None  # microseconds
    net_available: int | None  # bytes
