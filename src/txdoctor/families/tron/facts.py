"""Tron-only facts: resources a transaction burned, its result code, the account's resources.

Amounts are in sun (1 TRX = 1,000,000 sun), energy and bandwidth in their own units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from txdoctor.facts.common import TokenTransfer


@dataclass(frozen=True)
class TronPrices:
    """What the chain charges now (``/wallet/getchainparameters``), in sun."""

    energy: int  # getEnergyFee: sun burned per unit of energy
    bandwidth: int  # getTransactionFee: sun burned per byte of bandwidth
    create_account: int  # getCreateAccountFee: bandwidth part of activating an account
    create_account_in_contract: int  # getCreateNewAccountFeeInSystemContract

    @property
    def activation(self) -> int:
        """What a TRX transfer to a not yet activated address costs its sender on top."""
        return self.create_account + self.create_account_in_contract


@dataclass(frozen=True)
class TronResources:
    """What one transaction consumed and burned (``receipt`` of its transaction info)."""

    fee_limit: int | None = None  # raw_data.fee_limit, the most TRX it may burn for energy
    energy_total: int = 0  # energy_usage_total: all energy it consumed
    energy_from_stake: int = 0  # energy_usage: the sender's own (staked or rented) energy
    energy_from_owner: int = 0  # origin_energy_usage: paid by the contract's deployer
    energy_fee: int = 0  # sun burned for energy
    bandwidth: int = 0  # net_usage: bandwidth bytes taken from free or staked bandwidth
    bandwidth_fee: int = 0  # sun burned for bandwidth


@dataclass(frozen=True)
class TronTxDetails:
    """A Tron transaction's own details, beside the shared ``TxFacts``.

    ``result`` is the contract result code (``SUCCESS``, ``REVERT``, ``OUT_OF_ENERGY``…);
    ``message`` is the node's failure text, decoded from hex: untrusted.
    """

    contract_type: str  # TransferContract, TriggerSmartContract, …
    result: str | None = None
    message: str | None = None
    resources: TronResources = TronResources()
    expiration_ms: int | None = None  # raw_data.expiration: after it, never included
    timestamp_ms: int | None = None  # raw_data.timestamp: when it was signed
    block_timestamp_ms: int | None = None
    solidified_block: int | None = None  # the latest irreversible block, when known
    selector: str | None = None  # 4-byte function selector of a contract call (8 hex)
    attempted: TokenTransfer | None = None  # the token transfer a failed call tried
    prices: TronPrices | None = None  # today's prices, read for a failed transaction


@dataclass(frozen=True)
class TronAccountDetails:
    """A Tron account's resources and what sending to or from it costs today."""

    energy_left: int | None = None  # staked or rented energy available now
    bandwidth_left: int | None = None  # free plus staked bandwidth available now
    prices: TronPrices | None = None
