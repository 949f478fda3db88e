"""The Aptos fullnode's answers (REST ``/v1``), read into plain values.

Shapes as documented in aptos-core ``api/doc/spec.yaml`` and recorded in its ``api/goldens``:
a transaction's ``type`` is ``user_transaction`` (committed: ``version``, ``success``,
``vm_status``, ``gas_used``, ``gas_unit_price``, ``sender``, ``payload``, ``timestamp`` in
microseconds), ``pending_transaction`` (in the mempool: no ``version`` nor ``success``) or a
system type (``block_metadata_transaction`` …). Numbers come as decimal strings (u64).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from txdoctor.fetch.interface import MalformedAnswer

PENDING_TYPE = "pending_transaction"
USER_TYPE = "user_transaction"
# Entry functions that move APT from the sender to the first argument, amount second.
APT_TRANSFERS = frozenset(
    {"0x1::aptos_account::transfer", "0x1::aptos_account::transfer_coins", "0x1::coin::transfer"}
)
APT_COIN = "0x1::aptos_coin::AptosCoin"


@dataclass(frozen=True)
class AptosTx:
    """One transaction as the fullnode returned it (strings untrusted)."""

    hash: str
    kind: str  # the ``type`` field
    sender: str | None
    sequence_number: int | None
    version: int | None  # None while pending
    success: bool | None  # None while pending
    vm_status: str | None
    gas_used: int
    gas_unit_price: int
    expiration_secs: int | None
    function: str | None  # entry function id, e.g. "0x1::aptos_account::transfer"
    recipient: str | None  # the first argument of a known APT transfer
    amount_octas: int  # the APT amount of a known APT transfer, else 0
    timestamp_us: int | None


@dataclass(frozen=True)
class Ledger:
    """The fullnode's ledger info (``GET /v1``)."""

    chain_id: int
    ledger_version: int
    ledger_timestamp_us: int


def _u64(value: Any, name: str) -> int:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise MalformedAnswer(f"{name} is not a u64")


def _optional_u64(body: dict[str, Any], name: str) -> int | None:
    return _u64(body[name], name) if body.get(name) is not None else None


def parse_ledger(body: Any) -> Ledger:
    """``GET /v1``: chain id, latest version, ledger time."""
    if not isinstance(body, dict) or "chain_id" not in body:
        raise MalformedAnswer("no ledger info")
    chain_id = body["chain_id"]
    if not isinstance(chain_id, int) or isinstance(chain_id, bool):
        raise MalformedAnswer("chain_id is not a number")
    return Ledger(
        chain_id,
        _u64(body.get("ledger_version"), "ledger_version"),
        _u64(body.get("ledger_timestamp"), "ledger_timestamp"),
    )


def parse_tx(body: Any) -> AptosTx:
    """``GET /v1/transactions/by_hash/{h}`` or ``by_version/{v}``."""
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        raise MalformedAnswer("no transaction type")
    kind = body["type"]
    pending = kind == PENDING_TYPE
    success = body.get("success")
    if not pending and not isinstance(success, bool):
        raise MalformedAnswer("committed transaction without success")
    function, recipient, amount = _transfer(body.get("payload"))
    sender = body.get("sender")
    vm_status = body.get("vm_status")
    return AptosTx(
        hash=str(body.get("hash") or ""),
        kind=kind,
        sender=sender if isinstance(sender, str) else None,
        sequence_number=_optional_u64(body, "sequence_number"),
        version=None if pending else _optional_u64(body, "version"),
        success=None if pending else success,
        vm_status=vm_status if isinstance(vm_status, str) else None,
        gas_used=_optional_u64(body, "gas_used") or 0,
        gas_unit_price=_optional_u64(body, "gas_unit_price") or 0,
        expiration_secs=_optional_u64(body, "expiration_timestamp_secs"),
        function=function,
        recipient=recipient,
        amount_octas=amount,
        timestamp_us=_optional_u64(body, "timestamp"),
    )


def _transfer(payload: Any) -> tuple[str | None, str | None, int]:
    """The entry function, and for a plain APT transfer its recipient and amount."""
    if not isinstance(payload, dict) or not isinstance(payload.get("function"), str):
        return None, None, 0
    function: str = payload["function"]
    arguments = payload.get("arguments")
    types = payload.get("type_arguments") or []
    coin = types[0] if isinstance(types, list) and types else APT_COIN
    if (
        function not in APT_TRANSFERS
        or coin != APT_COIN
        or not isinstance(arguments, list)
        or len(arguments) < 2
        or not isinstance(arguments[0], str)
    ):
        return function, None, 0
    amount = arguments[1]
    octas = int(amount) if isinstance(amount, str) and amount.isdigit() else 0
    return function, arguments[0], octas


def parse_coin_store(body: Any) -> int:
    """``GET /v1/accounts/{address}/resource/0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>``:
    the octas it holds (``data.coin.value``)."""
    data = body.get("data") if isinstance(body, dict) else None
    coin = data.get("coin") if isinstance(data, dict) else None
    if not isinstance(coin, dict):
        raise MalformedAnswer("no coin in the coin store")
    return _u64(coin.get("value"), "coin.value")


def parse_account(body: Any) -> int:
    """``GET /v1/accounts/{address}``: the account's sequence number."""
    if not isinstance(body, dict):
        raise MalformedAnswer("no account data")
    return _u64(body.get("sequence_number"), "sequence_number")
