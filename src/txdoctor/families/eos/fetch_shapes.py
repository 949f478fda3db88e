"""The answers of an EOS chain API and of Hyperion, read into plain values.

Shapes as the servers write them (sources in tests/fixtures/eos/README.md):

- Hyperion ``GET /v2/history/get_transaction?id=``: ``{executed, trx_id, lib, actions[],
  cached_lib, query_time_ms}``; an id it does not hold answers 200 with ``executed: false``
  and no ``actions`` (eosrio/hyperion-history-api, ``get_transaction.ts``). Each action has
  ``block_num``, ``@timestamp`` and ``act {account, name, authorization, data}``; a token
  transfer's ``data`` holds ``from``, ``to``, ``quantity`` ("0.0100 EOS") and ``memo``.
- ``POST /v1/chain/get_info``: ``chain_id``, ``head_block_num``, ``last_irreversible_block_num``.
- ``POST /v1/chain/get_account``: ``account_name``, ``core_liquid_balance`` ("62.2841 EOS",
  absent without a balance), ``ram_quota``, ``ram_usage``, ``cpu_limit``, ``net_limit``; an
  unknown account answers 400 ``account_query_exception`` (Leap ≥ 4, AntelopeIO/leap #912).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from txdoctor.fetch.interface import MalformedAnswer

_QUANTITY = re.compile(r"^(?P<whole>\d{1,20})(?:\.(?P<frac>\d{1,18}))? (?P<symbol>[A-Z]{1,7})$")
MISSING_ACCOUNT_ERROR = "account_query_exception"


@dataclass(frozen=True)
class Quantity:
    """An asset as EOS writes it: ``"0.0100 EOS"`` is raw 100, 4 decimals, symbol EOS."""

    raw: int
    decimals: int
    symbol: str
    text: str


@dataclass(frozen=True)
class HistoryTx:
    """One transaction as Hyperion returned it (strings untrusted)."""

    executed: bool
    lib: int | None
    block_num: int | None
    timestamp: str | None
    contract: str | None
    action: str | None
    sender: str | None
    recipient: str | None
    quantity: Quantity | None
    memo: str | None
    actions: int


@dataclass(frozen=True)
class ChainInfo:
    """``/v1/chain/get_info``: which chain, its head and last irreversible block."""

    chain_id: str
    head_block: int
    lib: int


@dataclass(frozen=True)
class Account:
    """``/v1/chain/get_account`` of an account that exists."""

    name: str
    balance: Quantity | None
    created: str | None
    ram_quota: int | None
    ram_usage: int | None
    cpu_available: int | None
    net_available: int | None


def parse_quantity(text: Any) -> Quantity | None:
    """``"0.0100 EOS"`` → its raw amount, decimals and symbol; None for anything else."""
    if not isinstance(text, str):
        return None
    match = _QUANTITY.match(text.strip())
    if match is None:
        return None
    frac = match.group("frac") or ""
    return Quantity(int(match.group("whole") + frac), len(frac), match.group("symbol"), text)


def _count(value: Any, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise MalformedAnswer(f"{name} is not a block number")


def _optional_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_history_tx(body: Any) -> HistoryTx:
    """Hyperion ``/v2/history/get_transaction``."""
    if not isinstance(body, dict) or not isinstance(body.get("executed"), bool):
        raise MalformedAnswer("no 'executed' in the history answer")
    actions = body.get("actions") or []
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise MalformedAnswer("actions is not a list of actions")
    lib = _optional_int(body.get("lib"))
    if not body["executed"] or not actions:
        return HistoryTx(False, lib, None, None, None, None, None, None, None, None, 0)
    first = actions[0]
    block = _count(first.get("block_num"), "block_num")
    transfer = next((a for a in actions if _transfer_data(a) is not None), None)
    act = (transfer or first).get("act")
    act = act if isinstance(act, dict) else {}
    data = _transfer_data(transfer) if transfer is not None else None
    sender = _text(data.get("from")) if data else _first_actor(act)
    return HistoryTx(
        executed=True,
        lib=lib,
        block_num=block,
        timestamp=_text(first.get("@timestamp") or first.get("timestamp")),
        contract=_text(act.get("account")),
        action=_text(act.get("name")),
        sender=sender,
        recipient=_text(data.get("to")) if data else None,
        quantity=parse_quantity(data.get("quantity")) if data else None,
        memo=_text(data.get("memo")) if data else None,
        actions=len(actions),
    )


def _transfer_data(action: dict[str, Any]) -> dict[str, Any] | None:
    """The data of a token ``transfer`` action (from, to, quantity, memo), else None."""
    act = action.get("act")
    if not isinstance(act, dict) or act.get("name") != "transfer":
        return None
    data = act.get("data")
    if not isinstance(data, dict) or parse_quantity(data.get("quantity")) is None:
        return None
    return data


def _first_actor(act: dict[str, Any]) -> str | None:
    authorization = act.get("authorization")
    if isinstance(authorization, list) and authorization and isinstance(authorization[0], dict):
        return _text(authorization[0].get("actor"))
    return None


def parse_info(body: Any) -> ChainInfo:
    """``/v1/chain/get_info``."""
    if not isinstance(body, dict) or not isinstance(body.get("chain_id"), str):
        raise MalformedAnswer("no chain_id in get_info")
    return ChainInfo(
        body["chain_id"],
        _count(body.get("head_block_num"), "head_block_num"),
        _count(body.get("last_irreversible_block_num"), "last_irreversible_block_num"),
    )


def is_missing_account(body: Any) -> bool:
    """True for the node's error body of an account that does not exist."""
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        return False
    return bool(body["error"].get("name") == MISSING_ACCOUNT_ERROR)


def parse_account(body: Any) -> Account:
    """``/v1/chain/get_account`` of an existing account."""
    if not isinstance(body, dict) or not isinstance(body.get("account_name"), str):
        raise MalformedAnswer("no account_name in get_account")
    cpu, net = body.get("cpu_limit"), body.get("net_limit")
    return Account(
        name=body["account_name"],
        balance=parse_quantity(body.get("core_liquid_balance")),
        created=_text(body.get("created")),
        ram_quota=_optional_int(body.get("ram_quota")),
        ram_usage=_optional_int(body.get("ram_usage")),
        cpu_available=_optional_int(cpu.get("available")) if isinstance(cpu, dict) else None,
        net_available=_optional_int(net.get("available")) if isinstance(net, dict) else None,
    )


def account_or_missing(body: Any) -> Account | None:
    """An account, or None for the node's "no such account" error; raises otherwise."""
    if is_missing_account(body):
        return None
    return parse_account(body)
