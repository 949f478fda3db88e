"""Facts every family shares: the lookup status, a transaction, an address, tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from txdoctor.core.family import Family
from txdoctor.facts.endpoints import EndpointLag

if TYPE_CHECKING:
    # Only the family of the chain that answered is loaded (by its fetcher): a Bitcoin lookup
    # never imports the EVM facts, nor an EVM one Bitcoin's. The annotations are strings.
    from txdoctor.facts.tracking import Replacement  # tracking builds on Amount, defined here
    from txdoctor.families.bitcoin.facts import BitcoinAddressDetails, BitcoinTxDetails
    from txdoctor.families.eos.facts import EosAccountFacts, EosTxFacts
    from txdoctor.families.evm.facts import EvmFees, FeeMarket, SenderNonces
    from txdoctor.families.solana.facts import SolanaAddressFacts, SolanaTxFacts
    from txdoctor.families.tron.facts import TronAccountDetails, TronTxDetails


class LookupStatus(StrEnum):
    """How one chain answered the question."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"


class TxState(StrEnum):
    """Where a transaction stands on its chain."""

    PENDING = "pending"  # known to a node, not in a block
    INCLUDED = "included"  # in a block (succeeded or failed)


class FailureKind(StrEnum):
    """Why an included transaction failed."""

    REVERTED = "reverted"
    OUT_OF_GAS = "out_of_gas"
    OUT_OF_ENERGY = "out_of_energy"  # Tron: energy (fee_limit or TRX) ran out
    FAULT = "fault"  # another VM fault, named in ``Failure.reason`` (e.g. Tron OUT_OF_TIME)


@dataclass(frozen=True)
class Amount:
    """A quantity of a coin or token in its smallest unit."""

    raw: int
    decimals: int
    symbol: str

    @property
    def value(self) -> Decimal:
        """The quantity in whole coins (exact)."""
        return Decimal(self.raw).scaleb(-self.decimals)


@dataclass(frozen=True)
class Failure:
    """Why a transaction failed, as far as it could be learnt.

    ``reason``, ``error_name`` and ``raw_data`` come from the chain: untrusted text.
    """

    kind: FailureKind
    reason: str | None = None  # Error(string) text, or the node's message
    error_name: str | None = None  # custom error signature when known
    selector: str | None = None  # 4-byte selector of the revert data, 0x…
    panic_code: int | None = None
    raw_data: str | None = None
    replayed: bool = False  # whether the reason comes from a replay of the call
    gas_needed: int | None = None  # EVM out of gas: eth_estimateGas of the same call there


@dataclass(frozen=True)
class TxFacts:
    """One transaction as found on one chain."""

    chain: str
    family: Family
    hash: str
    state: TxState
    sender: str | None
    recipient: str | None
    value: Amount
    success: bool | None = None  # None while pending
    nonce: int | None = None
    block_number: int | None = None
    latest_block: int | None = None
    required_confirmations: int = 1
    block_time: float = 0.0
    fee_paid: Amount | None = None
    failure: Failure | None = None
    evm_fees: EvmFees | None = None
    market: FeeMarket | None = None
    nonces: SenderNonces | None = None
    creates_contract: bool = False
    transfers: tuple[TokenTransfer, ...] = ()  # token movements, decoded from logs/events
    recipient_kind: AccountKind | None = None
    has_call_data: bool | None = None  # EVM: a contract call, not a plain transfer
    solana: SolanaTxFacts | None = None  # Solana: commitment, decoded failure
    tron: TronTxDetails | None = None  # Tron: result code, energy and fees, expiration
    bitcoin: BitcoinTxDetails | None = None  # Bitcoin: size, fee rate, RBF, fee market
    replacement: Replacement | None = None  # EVM: the mined tx that used this one's nonce
    expires_at: float | None = None  # unix time after which a pending one never can be included
    eos: EosTxFacts | None = None  # EOS: irreversibility, the action, a transfer's memo

    @property
    def confirmations(self) -> int | None:
        """Blocks on top of (and including) the transaction's block."""
        if self.block_number is None or self.latest_block is None:
            return None
        return max(0, self.latest_block - self.block_number + 1)


@dataclass(frozen=True)
class ChainLookup:
    """The answer of one chain: found (with facts), not found, or why it could not say.

    For an address, FOUND means the chain answered (``address`` holds what it said, even
    for an address with no activity); NOT_FOUND is for transactions only.
    """

    chain: str
    status: LookupStatus
    facts: TxFacts | None = None  # when a transaction was looked up and found
    address: AddressFacts | None = None  # when an address was looked up and found
    reason: str | None = None  # why unreachable/skipped, or how not-found was confirmed
    notes: tuple[str, ...] = field(default=())  # e.g. an endpoint answering for another chain
    lagging: tuple[EndpointLag, ...] = ()  # endpoints found far behind another one
    family: Family | None = None  # the chain's family, stamped by fetch.base.FetcherBase
    network_down: bool = False  # unreachable: no endpoint could even be resolved or connected
    expired: bool = False  # not found, and the chain shows its expiry time has passed


class TokenStatus(StrEnum):
    """Whether a token contract is the one its symbol belongs to."""

    OFFICIAL = "official"  # listed in the chain's tokens table
    IMPOSTOR = "impostor"  # claims an official token's symbol or name, other contract
    UNLISTED = "unlisted"  # neither: an ordinary token txdoctor knows nothing about


@dataclass(frozen=True)
class TokenMeta:
    """What a token says about itself (any field may be missing or a lie)."""

    symbol: str | None = None
    name: str | None = None
    decimals: int | None = None

    @property
    def answered(self) -> bool:
        """Whether the contract answered like a token (``decimals()`` or ``symbol()``)."""
        return self.decimals is not None or self.symbol is not None


@dataclass(frozen=True)
class TokenInfo:
    """A token contract (or mint). ``symbol`` and ``name`` are strangers' text."""

    contract: str
    symbol: str | None = None
    name: str | None = None
    decimals: int | None = None
    status: TokenStatus = TokenStatus.UNLISTED
    official_name: str | None = None  # from the tokens table, when official
    # EVM: an official contract easily confused with the usual one ("bridged", "binance_peg")
    variant: str | None = None
    # EVM, for an impostor: the symbol and contract of the official token it imitates
    imitates: str | None = None
    official_contract: str | None = None


@dataclass(frozen=True)
class TokenTransfer:
    """One movement of a token inside a transaction."""

    token: TokenInfo
    sender: str
    recipient: str
    raw_amount: int
    recipient_kind: AccountKind | None = None  # EVM: what sits at the recipient address
    # EVM: the transaction itself is this transfer (a transfer/transferFrom call), not a side
    # effect of another contract call; ``attempted``: it failed, nothing moved
    direct: bool = False
    attempted: bool = False

    @property
    def amount(self) -> Decimal | None:
        """The quantity in whole tokens, when the decimals are known."""
        if self.token.decimals is None:
            return None
        return Decimal(self.raw_amount).scaleb(-self.token.decimals)


class AccountKind(StrEnum):
    """What sits at an address."""

    ACCOUNT = "account"  # a plain (externally owned) account
    CONTRACT = "contract"
    TOKEN_CONTRACT = "token_contract"


@dataclass(frozen=True)
class RecentTransfer:
    """A line of an address's history, from an explorer API or the chain."""

    hash: str
    sender: str | None
    recipient: str | None
    amount: Amount | None = None
    token: TokenInfo | None = None
    timestamp: int | None = None
    success: bool | None = None


@dataclass(frozen=True)
class AddressFacts:
    """One address as found on one chain."""

    chain: str
    family: Family
    address: str
    balance: Amount | None = None
    token_balances: tuple[tuple[TokenInfo, int], ...] = ()  # (token, raw amount)
    kind: AccountKind | None = None
    has_activity: bool | None = None  # any transaction sent or received, as far as known
    nonces: SenderNonces | None = None  # EVM: mined and pending transaction counts
    activated: bool | None = None  # Tron: whether the account exists on chain
    recent: tuple[RecentTransfer, ...] = ()
    history_available: bool = False  # whether ``recent`` comes from a history source
    history_note: str | None = None  # EVM: why there is no history (no explorer, its error)
    token: TokenInfo | None = None  # EVM: the token this contract is, when it is one
    pool: tuple[TxFacts, ...] = ()  # EVM: its transactions in the node's pool, lowest nonce first
    pool_visible: bool | None = None  # EVM: whether the node showed its pool (txpool_*)
    market: FeeMarket | None = None  # EVM: the fee market, when transactions are waiting
    solana: SolanaAddressFacts | None = None  # Solana: rent minimum, token-account owner
    tron: TronAccountDetails | None = None  # Tron: energy, bandwidth, today's prices
    bitcoin: BitcoinAddressDetails | None = None  # Bitcoin: unconfirmed in and out
    eos: EosAccountFacts | None = None  # EOS: the account's RAM, CPU and NET
