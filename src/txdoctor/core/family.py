"""Chain families: the one list of them, used by every layer."""

from __future__ import annotations

from enum import StrEnum


class Family(StrEnum):
    """A family of chains that share identifiers, APIs and rules."""

    EVM = "evm"
    BITCOIN = "bitcoin"
    TRON = "tron"
    SOLANA = "solana"
    APTOS = "aptos"
    EOS = "eos"
    POLKADOT = "polkadot"
