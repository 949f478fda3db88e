"""Subscan's answers, read into plain values (subscan-explorer/subscan-api-docs).

Every answer is ``{"code": 0, "message": "Success", "generated_at": …, "data": …}``; a
``code`` other than 0 is Subscan refusing the request. ``/api/scan/extrinsic`` gives one
extrinsic: ``block_num``, ``extrinsic_index``, ``extrinsic_hash``, ``account_id``,
``call_module``/``call_module_function``, ``success``, ``finalized``, ``pending``, ``fee``
(planck, a decimal string), ``nonce``, ``lifetime {birth, death}`` (its mortal era, absent or
null when immortal), ``error`` (the decoded DispatchError: ``module``, ``name``, ``doc``,
``value``; null on success) and ``transfer {from, to, amount, module}`` (``amount`` in whole
DOT, a decimal string). An unknown extrinsic has no ``data`` (Subscan Essentials' handler
renders a nil detail, ``internal/server/http/scan.go`` and ``json.go``: ``data,omitempty``).
``/api/v2/scan/search`` gives an account under ``data.account``: ``balance`` (whole DOT,
a decimal string), ``nonce``, ``count_extrinsic``. ``/api/scan/metadata``: ``blockNum``
(best block), ``finalized_blockNum`` and ``addressType`` (the SS58 prefix), as strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from txdoctor.fetch.interface import MalformedAnswer

NOT_FOUND_WORDS = "not found"  # "Record Not Found": a refusal that means "unknown"


@dataclass(frozen=True)
class DispatchFailure:
    """The decoded DispatchError of a failed extrinsic (strings from the chain: untrusted)."""

    module: str
    name: str
    doc: str | None


@dataclass(frozen=True)
class Extrinsic:
    """One extrinsic as Subscan returned it."""

    index: str | None  # "12345-2"
    hash: str | None
    block_num: int | None
    sender: str | None
    call: str | None  # "balances.transfer_keep_alive"
    success: bool
    finalized: bool
    pending: bool
    fee_planck: int
    nonce: int | None
    death: int | None  # the last block of its mortal era; None when immortal or unknown
    failure: DispatchFailure | None
    recipient: str | None  # of a native transfer
    amount: Decimal | None  # whole DOT of a native transfer
    call_value: int | None  # planck: the ``value`` argument of a balances transfer call
    call_dest: bytes | None  # its ``dest`` argument, an account id


@dataclass(frozen=True)
class Account:
    """An account as Subscan's search returns it."""

    address: str | None
    balance: Decimal  # whole DOT
    nonce: int
    extrinsics: int


@dataclass(frozen=True)
class ChainHead:
    """Subscan's metadata: the best and finalized blocks and the network's SS58 prefix."""

    best: int
    finalized: int | None
    ss58_prefix: int | None


def envelope(body: Any) -> Any:
    """The ``data`` of an answer; None when Subscan knows no such record.

    Raises ``MalformedAnswer`` for a body that is not Subscan's envelope, or a refusal
    (a non-zero ``code``) that does not say "not found".
    """
    if not isinstance(body, dict) or not isinstance(body.get("code"), int):
        raise MalformedAnswer("no Subscan envelope")
    if body["code"] != 0:
        message = str(body.get("message") or "")
        if NOT_FOUND_WORDS in message.lower():
            return None
        raise MalformedAnswer(f"Subscan refused: code {body['code']} {message[:80]}".strip())
    return body.get("data")


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise MalformedAnswer(f"{name} is not a number")
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise MalformedAnswer(f"{name} is not a number")


def _optional_int(value: Any, name: str) -> int | None:
    return None if value is None else _int(value, name)


def _decimal(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise MalformedAnswer(f"{name} is not a decimal") from exc
    if not amount.is_finite() or amount < 0:
        raise MalformedAnswer(f"{name} is not a decimal")
    return amount


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def parse_extrinsic(data: Any) -> Extrinsic:
    """``/api/scan/extrinsic``'s ``data``."""
    if not isinstance(data, dict) or not isinstance(data.get("success"), bool):
        raise MalformedAnswer("extrinsic without success")
    module, function = _text(data.get("call_module")), _text(data.get("call_module_function"))
    lifetime = data.get("lifetime")
    death = lifetime.get("death") if isinstance(lifetime, dict) else None
    recipient, amount = _transfer(data.get("transfer"))
    call_value, call_dest = _call_arguments(module, function, data.get("params"))
    return Extrinsic(
        index=_text(data.get("extrinsic_index")),
        hash=_text(data.get("extrinsic_hash")),
        block_num=_optional_int(data.get("block_num"), "block_num") or None,
        sender=_text(data.get("account_id")),
        call=f"{module}.{function}" if module and function else None,
        success=data["success"],
        finalized=data.get("finalized") is True,
        pending=data.get("pending") is True,
        fee_planck=_int(data.get("fee") or 0, "fee"),
        nonce=_optional_int(data.get("nonce"), "nonce"),
        death=_optional_int(death, "lifetime.death") or None,
        failure=_failure(data.get("error")),
        recipient=recipient,
        amount=amount,
        call_value=call_value,
        call_dest=call_dest,
    )


def _failure(error: Any) -> DispatchFailure | None:
    if not isinstance(error, dict):
        return None
    module, name = _text(error.get("module")), _text(error.get("name"))
    if module is None or name is None:
        return None
    return DispatchFailure(module, name, _text(error.get("doc")))


def _transfer(transfer: Any) -> tuple[str | None, Decimal | None]:
    """The recipient and whole-DOT amount of a native (balances) transfer."""
    if not isinstance(transfer, dict) or _text(transfer.get("to")) is None:
        return None, None
    if str(transfer.get("module") or "balances").lower() != "balances":
        return None, None  # an asset of Asset Hub: its amount is not in DOT
    return transfer["to"], _decimal(transfer.get("amount") or 0, "transfer.amount")


def _call_arguments(
    module: str | None, function: str | None, params: Any
) -> tuple[int | None, bytes | None]:
    """What a ``balances.transfer*`` call asked to send: ``value`` (planck) and ``dest`` (an
    account id, hex: ``{"name": "dest", "value": "105fdf…"}`` in the recorded answers, or
    ``{"Id": "0x…"}``). The amount it tried to move, even when it failed."""
    if module != "balances" or not (function or "").startswith("transfer"):
        return None, None
    if not isinstance(params, list):
        return None, None
    named = {p.get("name"): p.get("value") for p in params if isinstance(p, dict)}
    value = named.get("value")
    planck = int(value) if isinstance(value, str) and value.isdigit() else None
    dest = named.get("dest")
    if isinstance(dest, dict):
        dest = dest.get("Id") or dest.get("id")
    return planck, _account_id(dest)


def _account_id(value: Any) -> bytes | None:
    if not isinstance(value, str):
        return None
    digits = value[2:] if value[:2] in ("0x", "0X") else value
    if len(digits) != 64:
        return None
    try:
        return bytes.fromhex(digits)
    except ValueError:
        return None


def parse_account(data: Any) -> Account | None:
    """``/api/v2/scan/search``'s ``data``: the account, or None when there is none."""
    account = data.get("account") if isinstance(data, dict) else None
    if account is None:
        return None
    if not isinstance(account, dict):
        raise MalformedAnswer("account is not an object")
    return Account(
        address=_text(account.get("address")),
        balance=_decimal(account.get("balance") or 0, "balance"),
        nonce=_int(account.get("nonce") or 0, "nonce"),
        extrinsics=_int(account.get("count_extrinsic") or 0, "count_extrinsic"),
    )


def parse_head(data: Any) -> ChainHead:
    """``/api/scan/metadata``'s ``data``."""
    if not isinstance(data, dict) or data.get("blockNum") is None:
        raise MalformedAnswer("no blockNum in metadata")
    prefix = data.get("addressType")
    return ChainHead(
        best=_int(data["blockNum"], "blockNum"),
        finalized=_optional_int(data.get("finalized_blockNum"), "finalized_blockNum"),
        ss58_prefix=_optional_int(prefix, "addressType") if prefix not in (None, "") else None,
    )
