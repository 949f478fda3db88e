"""What Tron operations cost: dated numbers from ``data/tron_costs.yaml`` and today's prices.

Pure arithmetic over facts; the packaged data file is read once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from txdoctor.families.tron.facts import TronPrices

SUN_PER_TRX = 1_000_000
TRX_DECIMALS = 6


@dataclass(frozen=True)
class TronCosts:
    """The dated numbers of ``data/tron_costs.yaml``."""

    as_of: str
    transfer_energy: int  # a TRC-20 transfer to an address already holding the token
    transfer_energy_new_holder: int  # … to an address holding none of it
    transfer_bandwidth: int
    fallback: TronPrices


@cache
def costs() -> TronCosts:
    """The packaged dated numbers."""
    text = resources.files("txdoctor").joinpath("data/tron_costs.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    energy = data["trc20_transfer_energy"]
    prices = data["fallback_prices"]
    return TronCosts(
        as_of=str(data["as_of"]),
        transfer_energy=int(energy["to_holder"]),
        transfer_energy_new_holder=int(energy["to_new_holder"]),
        transfer_bandwidth=int(data["trc20_transfer_bandwidth"]),
        fallback=TronPrices(
            energy=int(prices["energy"]),
            bandwidth=int(prices["bandwidth"]),
            create_account=int(prices["create_account"]),
            create_account_in_contract=int(prices["create_account_in_contract"]),
        ),
    )


def prices_or_fallback(prices: TronPrices | None) -> TronPrices:
    """Today's prices when known, else the dated fallback."""
    return prices or costs().fallback


def whole_trx_up(sun: int) -> int:
    """Sun rounded up to whole TRX: a fee limit or a balance to keep is said in whole TRX."""
    return math.ceil(sun / SUN_PER_TRX)
