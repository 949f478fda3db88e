"""What was found on a chain, as plain typed dataclasses: the same shape for every family
where the idea is the same (``common``), family-only details beside it (``evm`` …).

Facts hold raw units (wei, satoshi, sun, lamports) as ``int``; turning them into words
and decimals is the job of the advise and render layers.
"""

import importlib
from typing import TYPE_CHECKING, Any

from txdoctor.facts.common import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    Failure,
    FailureKind,
    LookupStatus,
    RecentTransfer,
    TokenInfo,
    TokenMeta,
    TokenStatus,
    TokenTransfer,
    TxFacts,
    TxState,
)
from txdoctor.facts.endpoints import EndpointLag

if TYPE_CHECKING:
    from txdoctor.families.evm.facts import EvmFees, FeeMarket, SenderNonces
    from txdoctor.families.solana.facts import (
        Commitment,
        SolanaAddressFacts,
        SolanaError,
        SolanaTxFacts,
    )

# Family facts named here too, imported on first use: importing the shared facts loads no
# family (one answer needs the facts of one family only).
_FAMILY_NAMES = {
    "EvmFees": "evm",
    "FeeMarket": "evm",
    "SenderNonces": "evm",
    "Commitment": "solana",
    "SolanaAddressFacts": "solana",
    "SolanaError": "solana",
    "SolanaTxFacts": "solana",
}


def __getattr__(name: str) -> Any:
    family = _FAMILY_NAMES.get(name)
    if family is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"txdoctor.families.{family}.facts"), name)


__all__ = [
    "AccountKind",
    "AddressFacts",
    "Amount",
    "ChainLookup",
    "Commitment",
    "EndpointLag",
    "EvmFees",
    "Failure",
    "FailureKind",
    "FeeMarket",
    "LookupStatus",
    "RecentTransfer",
    "SenderNonces",
    "SolanaAddressFacts",
    "SolanaError",
    "SolanaTxFacts",
    "TokenInfo",
    "TokenMeta",
    "TokenStatus",
    "TokenTransfer",
    "TxFacts",
    "TxState",
]
