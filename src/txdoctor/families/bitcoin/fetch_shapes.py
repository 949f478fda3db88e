"""Esplora / mempool.space answers, checked and turned into Bitcoin facts. No I/O here.

Field names follow Blockstream/esplora API.md (transaction format, ``/tx/:txid/outspend``,
``/address/:address``, ``/fee-estimates``) and mempool.space's API documentation
(``/v1/fees/recommended``, ``/v1/cpfp/:txid``, ``/v1/tx/:txid/rbf``). Every value is
checked before use: an answer of the wrong shape is a ``MalformedAnswer``, which makes the
transport try the next endpoint, never a verdict built on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from txdoctor.families.bitcoin.facts import (
    BitcoinAddressDetails,
    BitcoinFeeMarket,
    BitcoinOutput,
    BitcoinPackage,
    BitcoinReplacement,
)
from txdoctor.fetch.interface import MalformedAnswer

MAX_SAT = 21_000_000 * 100_000_000  # no amount can exceed the 21 million BTC ever issued
MAX_WEIGHT = 4_000_000  # a transaction cannot weigh more than a block
MAX_HEIGHT = 100_000_000
MAX_RATE = Decimal(1_000_000)  # sat/vB: far above anything ever paid, below absurd
RBF_SEQUENCE_LIMIT = 0xFFFFFFFE  # BIP125: an nSequence below it signals replaceability
TRUC_VERSION = 3  # v3 (TRUC) transactions are always replaceable
_TXID = re.compile(r"[0-9a-f]{64}")
_ADDRESS = re.compile(r"[0-9A-Za-z]{14,90}")
_SCRIPT_TYPE = re.compile(r"[0-9a-z_]{1,24}")
# Esplora's confirmation targets (blocks) standing for mempool.space's recommendation tiers.
ESTIMATE_TARGETS = {
    "fastest": ("1", "2"),
    "half_hour": ("3",),
    "hour": ("6",),
    "economy": ("144",),
    "minimum": ("1008",),
}


@dataclass(frozen=True)
class Status:
    """``status`` of a transaction: confirmed, and where."""

    confirmed: bool
    block_height: int | None = None
    block_time: int | None = None


@dataclass(frozen=True)
class Input:
    """One input: the output it spends, its nSequence, and the address that owned it."""

    txid: str | None  # None for a coinbase input
    vout: int
    sequence: int
    address: str | None
    value_sat: int | None


@dataclass(frozen=True)
class Tx:
    """A transaction as Esplora describes it (``GET /tx/:txid``)."""

    txid: str
    version: int
    weight: int
    fee_sat: int
    inputs: tuple[Input, ...]
    outputs: tuple[BitcoinOutput, ...]
    status: Status

    @property
    def coinbase(self) -> bool:
        """Whether it creates new coins (a block's first transaction)."""
        return any(i.txid is None for i in self.inputs)

    @property
    def signals_rbf(self) -> bool:
        """BIP125 opt-in signal on any input, or a v3 transaction."""
        return self.version == TRUC_VERSION or any(
            i.sequence < RBF_SEQUENCE_LIMIT for i in self.inputs
        )


# -- small checked readers ---------------------------------------------------------------


def _obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise MalformedAnswer(f"the {what} is not an object")
    return value


def _list(value: Any, what: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise MalformedAnswer(f"the {what} is not a list")
    return value


def _int(value: Any, what: str, maximum: int = MAX_SAT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise MalformedAnswer(f"{what} is not a whole number in range")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise MalformedAnswer(f"{what} is not true or false")
    return value


def _rate(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedAnswer(f"{what} is not a number")
    try:
        rate = Decimal(str(value))
    except InvalidOperation as exc:
        raise MalformedAnswer(f"{what} is not a number") from exc
    if not rate.is_finite() or not 0 <= rate <= MAX_RATE:
        raise MalformedAnswer(f"{what} is out of range")
    return rate


def txid(value: Any, what: str = "txid") -> str:
    """A transaction id: 64 lower-case hex digits."""
    if not isinstance(value, str) or not _TXID.fullmatch(value):
        raise MalformedAnswer(f"the {what} is not a transaction id")
    return value


def _address(value: Any) -> str | None:
    """An address field: shown to people, so anything unexpected is dropped, not shown."""
    return value if isinstance(value, str) and _ADDRESS.fullmatch(value) else None


def _script_type(value: Any) -> str:
    return value if isinstance(value, str) and _SCRIPT_TYPE.fullmatch(value) else "unknown"


# -- transactions ------------------------------------------------------------------------


def parse_status(value: Any) -> Status:
    """A ``status`` object (API.md: ``confirmed``, and for a confirmed one its block)."""
    obj = _obj(value, "status")
    if not _bool(obj.get("confirmed"), "status.confirmed"):
        return Status(False)
    time = obj.get("block_time")
    return Status(
        True,
        _int(obj.get("block_height"), "block_height", MAX_HEIGHT),
        None if time is None else _int(time, "block_time", 2**40),
    )


def parse_tx(value: Any, expected: str) -> Tx:
    """``GET /tx/:txid``; the answer must be about ``expected``."""
    obj = _obj(value, "transaction")
    if txid(obj.get("txid")) != expected:
        raise MalformedAnswer("the answer is about another transaction")
    return Tx(
        txid=expected,
        version=_int(obj.get("version"), "version", 2**32),
        weight=_int(obj.get("weight"), "weight", MAX_WEIGHT),
        fee_sat=_int(obj.get("fee", 0), "fee"),
        inputs=tuple(_input(v) for v in _list(obj.get("vin"), "vin")),
        outputs=tuple(_output(v) for v in _list(obj.get("vout"), "vout")),
        status=parse_status(obj.get("status")),
    )


def _input(value: Any) -> Input:
    obj = _obj(value, "input")
    sequence = _int(obj.get("sequence"), "sequence", 0xFFFFFFFF)
    if obj.get("is_coinbase") is True:
        return Input(None, 0, sequence, None, None)
    prevout = obj.get("prevout")
    address = value_sat = None
    if prevout is not None:
        previous = _obj(prevout, "prevout")
        address = _address(previous.get("scriptpubkey_address"))
        value_sat = _int(previous.get("value"), "prevout value")
    return Input(
        txid(obj.get("txid"), "input txid"),
        _int(obj.get("vout"), "vout", 2**32),
        sequence,
        address,
        value_sat,
    )


def _output(value: Any) -> BitcoinOutput:
    obj = _obj(value, "output")
    return BitcoinOutput(
        _address(obj.get("scriptpubkey_address")),
        _int(obj.get("value"), "output value"),
        _script_type(obj.get("scriptpubkey_type")),
    )


def parse_tip(value: Any) -> int:
    """``GET /blocks/tip/height``: a bare number."""
    return _int(value, "the tip height", MAX_HEIGHT)


def parse_outspend(value: Any) -> tuple[str, Status | None] | None:
    """``GET /tx/:txid/outspend/:vout``: the spending transaction and its status, if spent."""
    obj = _obj(value, "outspend")
    if not _bool(obj.get("spent"), "spent"):
        return None
    status = obj.get("status")
    return txid(obj.get("txid"), "spending txid"), (
        None if status is None else parse_status(status)
    )


# -- the fee market ----------------------------------------------------------------------


def parse_recommended(value: Any) -> BitcoinFeeMarket:
    """mempool.space ``GET /v1/fees/recommended`` (older servers lack ``economyFee``)."""
    obj = _obj(value, "fee recommendation")
    hour = _rate(obj.get("hourFee"), "hourFee")
    minimum = _rate(obj.get("minimumFee"), "minimumFee")
    economy = obj.get("economyFee")
    return _market(
        fastest=_rate(obj.get("fastestFee"), "fastestFee"),
        half_hour=_rate(obj.get("halfHourFee"), "halfHourFee"),
        hour=hour,
        economy=hour if economy is None else _rate(economy, "economyFee"),
        minimum=minimum,
        source="recommended",
    )


def parse_estimates(value: Any) -> BitcoinFeeMarket:
    """Esplora ``GET /fee-estimates``: confirmation target (blocks) → sat/vB."""
    obj = _obj(value, "fee estimates")
    tiers: dict[str, Decimal] = {}
    for tier, targets in ESTIMATE_TARGETS.items():
        found = next((obj[t] for t in targets if t in obj), None)
        if found is None:
            raise MalformedAnswer(f"no estimate for {targets[0]} blocks")
        tiers[tier] = _rate(found, f"the {targets[0]}-block estimate")
    return _market(source="estimates", **tiers)


def _market(
    *,
    fastest: Decimal,
    half_hour: Decimal,
    hour: Decimal,
    economy: Decimal,
    minimum: Decimal,
    source: str,
) -> BitcoinFeeMarket:
    """Tiers in falling order; an estimator's noise (a slower tier dearer) is flattened."""
    half_hour = min(half_hour, fastest)
    hour = min(hour, half_hour)
    economy = min(economy, hour)
    minimum = min(minimum, economy)
    return BitcoinFeeMarket(fastest, half_hour, hour, economy, minimum, source)


def parse_package(value: Any) -> BitcoinPackage:
    """mempool.space ``GET /v1/cpfp/:txid``: ancestors, descendants, effective rate."""
    obj = _obj(value, "cpfp answer")
    ancestors = _relatives(obj.get("ancestors"), "ancestors")
    descendants = _relatives(obj.get("descendants"), "descendants")
    rate = obj.get("effectiveFeePerVsize")
    return BitcoinPackage(
        ancestor_fee_sat=sum(fee for fee, _ in ancestors),
        ancestor_vsize=sum(-(-weight // 4) for _, weight in ancestors),
        descendant_fee_sat=sum(fee for fee, _ in descendants),
        descendant_vsize=sum(-(-weight // 4) for _, weight in descendants),
        effective_rate=None if rate is None else _rate(rate, "effectiveFeePerVsize"),
        accelerated=obj.get("acceleration") is True,
    )


def _relatives(value: Any, what: str) -> list[tuple[int, int]]:
    if value is None:
        return []
    return [
        (
            _int(_obj(r, what).get("fee"), f"{what} fee"),
            _int(_obj(r, what).get("weight"), f"{what} weight", MAX_WEIGHT),
        )
        for r in _list(value, what)
    ]


# -- replacements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Replaced:
    """What mempool.space's replacement record says of a transaction it saw replaced."""

    replacement: BitcoinReplacement
    fee_sat: int
    vsize: int
    value_sat: int


def parse_rbf(value: Any, replaced: str) -> Replaced | None:
    """mempool.space ``GET /v1/tx/:txid/rbf``: ``{replacements, replaces}``.

    ``replacements`` is the tree of replacements holding ``replaced``, rooted at the latest
    one; None when ``replaced`` is that root (it replaced others but is the current one) or
    was never replaced.
    """
    tree = _obj(value, "rbf answer").get("replacements")
    if tree is None:
        return None
    root = _obj(tree, "replacement tree")
    root_tx = _obj(root.get("tx"), "replacement")
    latest = txid(root_tx.get("txid"), "replacement txid")
    node = _find(root, replaced, depth=0)
    if latest == replaced or node is None:
        return None
    mined = root.get("mined", root_tx.get("mined"))
    full_rbf = root.get("fullRbf")
    return Replaced(
        BitcoinReplacement(
            latest,
            mined if isinstance(mined, bool) else None,
            "rbf_history",
            full_rbf if isinstance(full_rbf, bool) else None,
        ),
        fee_sat=_int(node.get("fee"), "replaced fee"),
        vsize=_int(node.get("vsize"), "replaced vsize", MAX_WEIGHT),
        value_sat=_int(node.get("value"), "replaced value"),
    )


def _find(tree: Mapping[str, Any], wanted: str, depth: int) -> Mapping[str, Any] | None:
    """The ``tx`` of ``wanted`` in a replacement tree (depth-bounded: the tree is untrusted)."""
    if depth > 50:
        raise MalformedAnswer("the replacement tree is too deep")
    tx = _obj(tree.get("tx"), "replacement")
    if tx.get("txid") == wanted:
        return tx
    for child in _list(tree.get("replaces", []), "replaces"):
        found = _find(_obj(child, "replacement tree"), wanted, depth + 1)
        if found is not None:
            return found
    return None


# -- addresses ---------------------------------------------------------------------------


def parse_address(value: Any, expected: str) -> BitcoinAddressDetails:
    """``GET /address/:address``: ``chain_stats`` and ``mempool_stats`` sums."""
    obj = _obj(value, "address answer")
    if obj.get("address") != expected:
        raise MalformedAnswer("the answer is about another address")
    chain = _obj(obj.get("chain_stats"), "chain_stats")
    pool = _obj(obj.get("mempool_stats"), "mempool_stats")
    confirmed = _int(chain.get("funded_txo_sum"), "funded_txo_sum") - _int(
        chain.get("spent_txo_sum"), "spent_txo_sum"
    )
    if confirmed < 0:
        raise MalformedAnswer("more spent than received")
    return BitcoinAddressDetails(
        confirmed_sat=confirmed,
        unconfirmed_in_sat=_int(pool.get("funded_txo_sum"), "mempool funded_txo_sum"),
        unconfirmed_out_sat=_int(pool.get("spent_txo_sum"), "mempool spent_txo_sum"),
        tx_count=_int(chain.get("tx_count"), "tx_count", 2**40),
        unconfirmed_tx_count=_int(pool.get("tx_count"), "mempool tx_count", 2**40),
    )


def parse_address_txs(value: Any) -> list[Tx]:
    """``GET /address/:address/txs``: newest first, mempool ones before confirmed ones."""
    return [
        parse_tx(item, txid(_obj(item, "transaction").get("txid")))
        for item in _list(value, "transaction list")
    ]
