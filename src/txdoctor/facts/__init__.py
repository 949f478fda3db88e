"""What was found on a chain, as plain typed dataclasses: the same shape for every family
where the idea is the same (``common``), family-only details beside it (``evm`` …).

Facts hold raw units (wei, satoshi, sun, lamports) as ``int``; turning them into words
and decimals is the job of the advise and render layers.
"""

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
from txdoctor.families.evm.facts import EvmFees, FeeMarket, SenderNonces
from txdoctor.families.solana.facts import (
    Commitment,
    SolanaAddressFacts,
    SolanaError,
    SolanaTxFacts,
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
