"""What was found on a chain, as plain typed dataclasses: the same shape for every family
where the idea is the same (``common``), family-only details beside it (``evm`` …).

Facts hold raw units (wei, satoshi, sun, lamports) as ``int``; turning them into words
and decimals is the job of the advise and render layers.
"""

from typing import TYPE_CHECKING

from txdoctor.core.lazy_names import lazy_names
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
__getattr__ = lazy_names(
    __name__,
    {
        "EvmFees": "txdoctor.families.evm.facts",
        "FeeMarket": "txdoctor.families.evm.facts",
        "SenderNonces": "txdoctor.families.evm.facts",
        "Commitment": "txdoctor.families.solana.facts",
        "SolanaAddressFacts": "txdoctor.families.solana.facts",
        "SolanaError": "txdoctor.families.solana.facts",
        "SolanaTxFacts": "txdoctor.families.solana.facts",
    },
)


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
