"""Fees that get a waiting Bitcoin transaction mined: numbers a user can type into a wallet.

Pure arithmetic over facts and the dated relay policy in ``data/bitcoin_policy.yaml``:
- a replacement (RBF) must pay at least the fees of everything it replaces plus the
  incremental relay fee for its own size, at a higher rate (Bitcoin Core
  doc/policy/mempool-replacements.md), and the market's rate to be mined soon;
- a child (CPFP) must pay enough that parent and child together reach the market's rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from importlib import resources

import yaml

from txdoctor.families.bitcoin.facts import BitcoinOutput, BitcoinTxDetails

RATE_STEP = Decimal("0.1")  # wallets take fee rates in tenths of a sat/vB


@dataclass(frozen=True)
class BitcoinPolicy:
    """The dated relay numbers of ``data/bitcoin_policy.yaml``."""

    as_of: str
    incremental_relay_fee: Decimal  # sat/vB
    min_relay_fee: Decimal  # sat/vB
    mempool_expiry_hours: int
    child_vsize: Mapping[str, int]
    dust_sat: Mapping[str, int]

    def child_size(self, script_type: str) -> int:
        """vsize of a one-input one-output child spending an output of this type."""
        return self.child_vsize.get(script_type, self.child_vsize["other"])

    def dust(self, script_type: str) -> int:
        """The smallest output of this type nodes relay."""
        return self.dust_sat.get(script_type, self.dust_sat["other"])


@cache
def policy() -> BitcoinPolicy:
    """The packaged dated numbers."""
    text = resources.files("txdoctor").joinpath("data/bitcoin_policy.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return BitcoinPolicy(
        as_of=str(data["as_of"]),
        incremental_relay_fee=Decimal(str(data["incremental_relay_fee"])),
        min_relay_fee=Decimal(str(data["min_relay_fee"])),
        mempool_expiry_hours=int(data["mempool_expiry_hours"]),
        child_vsize={str(k): int(v) for k, v in data["child_vsize"].items()},
        dust_sat={str(k): int(v) for k, v in data["dust_sat"].items()},
    )


@dataclass(frozen=True)
class Bump:
    """A fee to pay, in sat, and the rate it comes to for ``vsize`` vB."""

    fee_sat: int
    vsize: int

    @property
    def rate(self) -> Decimal:
        """sat/vB, rounded up to a tenth: typing this rate pays at least ``fee_sat``."""
        return (Decimal(self.fee_sat) / Decimal(self.vsize)).quantize(
            RATE_STEP, rounding=ROUND_CEILING
        )


def rbf_bump(
    details: BitcoinTxDetails, target_rate: Decimal, rules: BitcoinPolicy | None = None
) -> Bump:
    """The least fee a same-size replacement needs to be relayed and mined at ``target_rate``.

    It replaces the transaction and its unconfirmed children, so it pays for theirs too.
    """
    rules = rules or policy()
    vsize = details.vsize
    package = details.package
    replaced_fees = details.fee_sat + (package.descendant_fee_sat if package else 0)
    by_rule = replaced_fees + math.ceil(rules.incremental_relay_fee * vsize)
    by_market = math.ceil(target_rate * vsize)
    return Bump(max(by_rule, by_market), vsize)


def cpfp_child(
    details: BitcoinTxDetails,
    output: BitcoinOutput,
    target_rate: Decimal,
    rules: BitcoinPolicy | None = None,
) -> Bump:
    """The fee of a child spending ``output`` so the package reaches ``target_rate``.

    The package is the transaction with its unconfirmed parents, which miners take along.
    """
    rules = rules or policy()
    child_vsize = rules.child_size(output.script_type)
    package = details.package
    parents_fee = details.fee_sat + (package.ancestor_fee_sat if package else 0)
    parents_vsize = details.vsize + (package.ancestor_vsize if package else 0)
    needed = math.ceil(target_rate * (parents_vsize + child_vsize)) - parents_fee
    floor = math.ceil(rules.min_relay_fee * child_vsize)
    return Bump(max(needed, floor), child_vsize)


def cpfp_affordable(output: BitcoinOutput, child: Bump, rules: BitcoinPolicy | None = None) -> bool:
    """Whether the output can pay the child's fee and still leave a relayable output."""
    rules = rules or policy()
    return output.value_sat - child.fee_sat >= rules.dust(output.script_type)
