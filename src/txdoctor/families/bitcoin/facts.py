"""Bitcoin-only facts: size, fee rate, replaceability, the fee market, what replaced a
transaction, and an address's confirmed and unconfirmed money.

Amounts are in satoshi (1 BTC = 100,000,000 sat); fee rates in sat/vB as exact decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

RATE_PRECISION = Decimal("0.001")  # sat/vB, as mempool.space's precise fee rates


@dataclass(frozen=True)
class BitcoinOutput:
    """One output of a transaction. ``address`` is None for scripts without one (OP_RETURN)."""

    address: str | None
    value_sat: int
    script_type: str  # Esplora's scriptpubkey_type: v0_p2wpkh, v1_p2tr, p2pkh, p2sh, …


@dataclass(frozen=True)
class BitcoinFeeMarket:
    """What the next blocks ask now, in sat/vB, from the explorer's fee recommendation.

    ``source`` is ``recommended`` (mempool.space ``/v1/fees/recommended``) or ``estimates``
    (Esplora ``/fee-estimates``, mapped to the same tiers by confirmation target).
    """

    fastest: Decimal  # the next block (~10 min)
    half_hour: Decimal  # within ~3 blocks
    hour: Decimal  # within ~6 blocks
    economy: Decimal  # no hurry (hours, maybe a day)
    minimum: Decimal  # the lowest rate worth paying: below it nodes may purge the transaction
    source: str


@dataclass(frozen=True)
class BitcoinPackage:
    """The transaction's unconfirmed relatives (mempool.space ``/v1/cpfp/:txid``).

    Miners take a transaction together with its unconfirmed parents (``ancestor_*``) and
    may take it for the sake of a well-paying child (``descendant_*``); the
    ``effective_rate`` is the rate the transaction is mined at, all that counted.
    """

    ancestor_fee_sat: int = 0
    ancestor_vsize: int = 0
    descendant_fee_sat: int = 0
    descendant_vsize: int = 0
    effective_rate: Decimal | None = None
    accelerated: bool = False  # mempool.space's accelerator is paying for it


@dataclass(frozen=True)
class BitcoinReplacement:
    """Another transaction spending this one's coins, so this one can never confirm.

    ``source``: ``outspend`` (an input of this transaction is spent by ``txid``) or
    ``rbf_history`` (mempool.space's record of replacements). ``confirmed`` is None when
    the explorer did not say.
    """

    txid: str
    confirmed: bool | None
    source: str
    full_rbf: bool | None = None  # replaced without having signalled replaceability


@dataclass(frozen=True)
class BitcoinTxDetails:
    """A Bitcoin transaction's own details, beside the shared ``TxFacts``."""

    weight: int
    fee_sat: int
    version: int
    signals_rbf: bool  # an input's nSequence below 0xfffffffe (BIP125), or a v3 (TRUC) tx
    input_count: int
    outputs: tuple[BitcoinOutput, ...]
    input_addresses: tuple[str, ...] = ()
    coinbase: bool = False
    market: BitcoinFeeMarket | None = None  # read for an unconfirmed transaction
    package: BitcoinPackage | None = None
    replaced_by: BitcoinReplacement | None = None
    in_mempool: bool = True  # False when known only from the replacement record

    # Derived from weight and fee (kept as fields so the JSON view shows them):
    vsize: int = field(init=False)  # weight / 4 rounded up (BIP141), as nodes count it
    fee_rate: Decimal = field(init=False)  # sat/vB: fee / (weight / 4), to 0.001

    def __post_init__(self) -> None:
        object.__setattr__(self, "vsize", -(-self.weight // 4))
        rate = Decimal(self.fee_sat * 4) / Decimal(self.weight) if self.weight > 0 else Decimal(0)
        object.__setattr__(self, "fee_rate", rate.quantize(RATE_PRECISION))

    @property
    def mined_rate(self) -> Decimal:
        """The rate miners see: the package's effective rate when known, else its own."""
        package = self.package
        if package is not None and package.effective_rate is not None:
            return package.effective_rate
        return self.fee_rate


@dataclass(frozen=True)
class BitcoinAddressDetails:
    """What an address holds: confirmed, and moving in or out of it unconfirmed."""

    confirmed_sat: int
    unconfirmed_in_sat: int  # funded by transactions still in the mempool
    unconfirmed_out_sat: int  # spent by transactions still in the mempool
    tx_count: int  # confirmed transactions
    unconfirmed_tx_count: int
    pending_txids: tuple[str, ...] = ()  # the unconfirmed ones among the latest listed
