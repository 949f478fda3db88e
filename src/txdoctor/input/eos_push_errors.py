"""EOS push errors: the text a wallet shows when a node refused a transaction as it was sent.

EOS runs a transaction when it is pushed; one that would fail is refused there and then: it
never reaches a block, costs nothing and cannot be looked up later. What the user has is the
node's error, pasted into a ticket in one of these shapes (sources in
tests/fixtures/eos/README.md):

- the node's JSON body, ``{"code":500,"message":…,"error":{"code":3080004,
  "name":"tx_cpu_usage_exceeded","what":…,"details":[{"message":…}]}}``, alone, pretty-printed
  over several lines, inside other text (``err message: {…}``), or as a Python dict;
- cleos's ``Error 3080001: account using more than allotted RAM usage`` / ``Error Details:``;
- a wallet's one line: ``Error: billed CPU time (362 us) is greater than the maximum billable
  CPU time for the transaction (13 us)``, ``assertion failure with message: overdrawn
  balance``, ``expired transaction <id>, expiration …, block time …``.

Only the errors txdoctor can explain are read (CPU, NET, RAM, expiry, a contract's assert);
any other text goes on to the usual classification. The assert message is the contract's own
text: untrusted, kept short, shown escaped.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .eos_ids import is_account_name
from .model import Detail, Family, InputKind, Verdict, freeze

PUSH_ERROR = "push_error"
"""Detail key holding the node's error name (``tx_cpu_usage_exceeded``); docs/input.md."""
EXPIRED = "expired_tx_exception"
MAX_MESSAGE_CHARS = 200
"""A contract's assert message is cut to this many characters."""
MAX_JSON_TRIES = 8
"""Braces tried as the start of the node's JSON body, at most."""

# The node's error names, their codes (EOSIO libraries/chain/include/eosio/chain/exceptions.hpp)
# and the cause txdoctor explains.
ERRORS: dict[str, tuple[int, str]] = {
    "tx_cpu_usage_exceeded": (3080004, "cpu"),
    "tx_net_usage_exceeded": (3080002, "net"),
    "ram_usage_exceeded": (3080001, "ram"),
    EXPIRED: (3040005, "expired"),
    "eosio_assert_message_exception": (3050003, "assert"),
}
_BY_CODE = {code: name for name, (code, _) in ERRORS.items()}

_FLAGS = re.IGNORECASE
_NAME = re.compile(r"\b(" + "|".join(ERRORS) + r")\b")
_CODE = re.compile(r"(?<!\d)(3080004|3080002|3080001|3040005|3050003)(?!\d)")
# The node's "what" lines, which wallets show alone ("Error: Transaction exceeded the current
# CPU usage limit imposed on the transaction").
_WHAT = (
    (re.compile(r"exceeded the current CPU usage limit", _FLAGS), "tx_cpu_usage_exceeded"),
    (re.compile(r"exceeded the current network usage limit", _FLAGS), "tx_net_usage_exceeded"),
    (re.compile(r"account using more than allotted RAM usage", _FLAGS), "ram_usage_exceeded"),
    (
        re.compile(r"eosio_assert_message assertion failure", _FLAGS),
        "eosio_assert_message_exception",
    ),
)
_CPU = re.compile(
    r"billed CPU time \((\d{1,12}) us\) is greater than the maximum billable CPU time for the "
    r"transaction \((\d{1,12}) us",  # the closing bracket may be trimmed off a paste
    _FLAGS,
)
_NET = re.compile(r"net usage (?:of transaction )?is too high: (\d{1,12}) > (\d{1,12})", _FLAGS)
_RAM = re.compile(
    r"account ([a-z1-5.]{1,12}) has insufficient ram; needs (\d{1,15}) bytes has (\d{1,15}) bytes",
    _FLAGS,
)
_EXPIRED_ID = re.compile(
    r"expired transaction ([0-9a-fA-F]{64})(?![0-9a-zA-Z])"
    r"(?:, expiration ([0-9T:.-]{10,30}), block time ([0-9T:.-]{10,30}))?",
    _FLAGS,
)
_EXPIRED_TIMES = re.compile(
    r"transaction has expired, expiration is ([0-9T:.-]{10,30}) and pending block time is "
    r"([0-9T:.-]{10,30})",
    _FLAGS,
)
_ASSERT = re.compile(r"assertion failure with message: ?([^\r\n]*)", _FLAGS)
# Where an assert message ends when it was read from text rather than a JSON string.
_MESSAGE_END = re.compile(r"[\"'](?:\s*[,}\]]|$)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# Every error text above holds a space or an underscore (a code alone is read only beside the
# word "error"): text of hex digits and "x" only, a hash or a 0x value, is never one.
_HEX_ONLY = re.compile(r"[0-9a-fA-FxX]*")


def push_error(text: str) -> Verdict | None:
    """What an EOS push error says, or None when ``text`` is not one txdoctor can read.

    An expired transaction whose id the error names is a TRANSACTION (the id is looked up:
    it may have made it into a block after all); every other error is a PUSH_ERROR, whose
    verdict needs no lookup.
    """
    if _HEX_ONLY.fullmatch(text):  # most rows of a batch: no scan of every error's pattern
        return None
    body = _json_error(text)
    if body is not None:
        name = _from_json(body)
        details = _details(_json_text(body), name, exact=True)
    else:
        name = _name_in(text)
        details = _details(text, name, exact=False)
    named = details.pop("_name", None)
    name = name or (named if isinstance(named, str) else None)
    if name is None:
        return None
    code, cause = ERRORS[name]
    if cause == "assert":
        message = details.get("assert_message")
        cause = "balance" if isinstance(message, str) and "overdrawn balance" in message else cause
    said: dict[str, str | int] = {PUSH_ERROR: name, "error_code": code, "cause": cause}
    detail = freeze(details | said)
    tx_id = details.get("tx_id")
    if isinstance(tx_id, str):
        return Verdict(InputKind.TRANSACTION, tx_id, (Family.EOS,), None, detail)
    return Verdict(InputKind.PUSH_ERROR, None, (Family.EOS,), None, detail)


def _json_error(text: str) -> dict[str, Any] | None:
    """The node's error object (``{"code","name","what","details"}``) in a JSON body, or None.

    Tries each ``{`` as the start of a JSON document (a few at most: the text is bounded by
    the classifier), outer wrapper first.
    """
    decoder = json.JSONDecoder()
    start = text.find("{")
    tries = 0
    while start != -1 and tries < MAX_JSON_TRIES:
        tries += 1
        try:
            value, _ = decoder.raw_decode(text, start)
        except ValueError:
            value = None
        if isinstance(value, dict):
            inner = value.get("error")
            for candidate in (inner, value):
                if isinstance(candidate, dict) and _known(candidate):
                    return candidate
        start = text.find("{", start + 1)
    return None


def _known(error: dict[str, Any]) -> bool:
    return error.get("name") in ERRORS or error.get("code") in _BY_CODE


def _from_json(error: dict[str, Any]) -> str | None:
    name = error.get("name")
    if isinstance(name, str) and name in ERRORS:
        return name
    code = error.get("code")
    return _BY_CODE.get(code) if isinstance(code, int) else None


def _json_text(error: dict[str, Any]) -> str:
    """The messages of the node's error object, one a line (the node writes each whole)."""
    lines = [error.get("what"), error.get("message")]
    details = error.get("details")
    if isinstance(details, list):
        lines += [d.get("message") for d in details if isinstance(d, dict)]
    return "\n".join(line for line in lines if isinstance(line, str))


def _name_in(text: str) -> str | None:
    """The error name written in the text, else the one its code or "what" line names."""
    match = _NAME.search(text)
    if match is not None:
        return match.group(1)
    for pattern, name in _WHAT:
        if pattern.search(text):
            return name
    code = _CODE.search(text)
    if code is not None and re.search(r"\berror\b", text, _FLAGS):
        return _BY_CODE[int(code.group(1))]
    return None


def _details(text: str, name: str | None, *, exact: bool) -> dict[str, str | int]:
    """The numbers, the account, the id and the assert message the text gives, plus
    ``_name`` when only such a detail line says which error it is."""
    found: dict[str, str | int] = {}
    if name in (None, "tx_cpu_usage_exceeded") and (cpu := _CPU.search(text)):
        found |= {"_name": "tx_cpu_usage_exceeded", "billed_us": int(cpu.group(1))}
        found["limit_us"] = int(cpu.group(2))
    elif name in (None, "tx_net_usage_exceeded") and (net := _NET.search(text)):
        found |= {"_name": "tx_net_usage_exceeded", "net_bytes": int(net.group(1))}
        found["net_limit"] = int(net.group(2))
    elif name in (None, "ram_usage_exceeded") and (ram := _RAM.search(text)):
        found |= {"_name": "ram_usage_exceeded", "ram_needed": int(ram.group(2))}
        found["ram_available"] = int(ram.group(3))
        if is_account_name(ram.group(1)):
            found["account"] = ram.group(1)
    elif name in (None, EXPIRED):
        found |= _expired(text)
    elif name in (None, "eosio_assert_message_exception") and (message := _assert(text, exact)):
        found |= {"_name": "eosio_assert_message_exception", "assert_message": message}
    if name is None and "_name" not in found:
        message = _assert(text, exact)
        if message is not None:
            found |= {"_name": "eosio_assert_message_exception", "assert_message": message}
    return found


def _expired(text: str) -> dict[str, str | int]:
    match = _EXPIRED_ID.search(text)
    if match is not None:
        found: dict[str, str | int] = {"_name": EXPIRED, "tx_id": match.group(1).lower()}
        if match.group(2):
            found |= {"expiration": _time(match.group(2)), "block_time": _time(match.group(3))}
        return found
    times = _EXPIRED_TIMES.search(text)
    if times is not None:
        expired: dict[str, str | int] = {"_name": EXPIRED, "expiration": _time(times.group(1))}
        return expired | {"block_time": _time(times.group(2))}
    return {}


def _time(text: str) -> str:
    """A time as the node wrote it ("2022-10-19T09:57:07.000"), without trailing punctuation."""
    return text.rstrip("\"',.;)}]")


def _assert(text: str, exact: bool) -> str | None:
    """A contract's assert message (untrusted), cut short and without control characters;
    ``exact`` when ``text`` holds the JSON body's messages (a quote there is the message's)."""
    match = _ASSERT.search(text)
    if match is None:
        return None
    message = match.group(1)
    end = None if exact else _MESSAGE_END.search(message)
    if end is not None:
        message = message[: end.start()]
    message = _CONTROL.sub("", message.replace("\\n", " ")).strip()
    if not message:
        return None
    return message[:MAX_MESSAGE_CHARS]


def push_error_detail(detail: Detail) -> str | None:
    """The node's error name a classified input was read from, or None."""
    name = detail.get(PUSH_ERROR)
    return name if isinstance(name, str) else None
