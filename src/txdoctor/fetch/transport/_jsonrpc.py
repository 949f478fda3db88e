"""JSON-RPC 2.0 request building and strict reply matching."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from txdoctor.core.lazy_pattern import LazyPattern
from txdoctor.fetch.transport._failure import BatchRefused, EndpointFailure, TooLarge
from txdoctor.fetch.transport._http import shorten
from txdoctor.fetch.transport.model import RpcError

Call = tuple[str, list[Any]]

WRONG_ID = "wrong id in JSON-RPC response"
MISSING_ID = "missing id in JSON-RPC response"
DUPLICATE_ID = "duplicate id in JSON-RPC response"
MALFORMED = "malformed JSON-RPC response"

# Public nodes often signal rate limiting inside a 200 reply instead of with HTTP 429.
_RATE_LIMITED = LazyPattern(r"rate[ -]?limit|too many requests|quota|throttl", re.IGNORECASE)
# A batch over the server's limit: geth/erigon answer one error ("batch too large", "batch
# limit 100 exceeded") in place of the whole batch, or "response too large" for the calls
# past their response size cap. Fewer calls per request are then answered.
_TOO_LARGE = LazyPattern(
    r"batch\b.*\b(too large|too big|limit|size|exceed)|response too large"
    r"|too many (requests|calls) in (a |the )?batch",
    re.IGNORECASE,
)
_REVERT_CODE = 3


def request(call_id: int, call: Call) -> dict[str, Any]:
    """The JSON-RPC request object for one call."""
    method, params = call
    return {"jsonrpc": "2.0", "id": call_id, "method": method, "params": params}


def parse_single(body: Any, call_id: int) -> Any:
    """The result (or ``RpcError``) of a single call; raises ``EndpointFailure`` if unusable."""
    if not isinstance(body, dict):
        raise EndpointFailure(MALFORMED)
    if "id" not in body:
        raise EndpointFailure(MISSING_ID)
    if body["id"] is None and body.get("error") is not None:
        raise _failure_for(_error(body["error"]))
    if not _same_id(body["id"], call_id):
        raise EndpointFailure(WRONG_ID)
    return _checked(_outcome(body))


def parse_batch(body: Any, call_ids: Sequence[int]) -> list[Any]:
    """Results in the order of ``call_ids``, whatever order the server answered in."""
    if _is_batch_refusal(body):
        items = body if isinstance(body, list) else [body]
        error = _error(items[0]["error"])
        if len(call_ids) > 1 and _is_too_large(error):
            raise TooLarge(_failure_for(error).reason)
        failure = _failure_for(error)
        raise failure if failure.transient else BatchRefused(failure.reason)
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise EndpointFailure(f"{MALFORMED} (expected an array for a batch)")
    by_id: dict[int, Any] = {}
    wanted = frozenset(call_ids)
    for item in body:
        call_id = _known_id(item.get("id"), wanted)
        if call_id in by_id:
            raise EndpointFailure(DUPLICATE_ID)
        by_id[call_id] = _outcome(item)
    too_large = [o for o in by_id.values() if isinstance(o, RpcError) and _is_too_large(o)]
    if too_large and len(call_ids) > 1:
        raise TooLarge(_failure_for(too_large[0]).reason)
    if len(by_id) != len(call_ids):
        raise EndpointFailure(MISSING_ID)
    return [_checked(by_id[call_id]) for call_id in call_ids]


def _is_batch_refusal(body: Any) -> bool:
    """A lone error object, or an array of errors none of which belongs to a call."""
    if isinstance(body, dict):
        return body.get("error") is not None and "result" not in body
    return (
        isinstance(body, list)
        and bool(body)
        and all(
            isinstance(item, dict) and item.get("id") is None and item.get("error") is not None
            for item in body
        )
    )


def _known_id(value: Any, call_ids: frozenset[int]) -> int:
    """The id of one answer of a batch, looked up in a set (a batch of 200 calls would
    otherwise cost 20,000 comparisons)."""
    if value is None:
        raise EndpointFailure(MISSING_ID)
    if type(value) is int and value in call_ids:
        return value
    raise EndpointFailure(WRONG_ID)


def _same_id(value: Any, call_id: int) -> bool:
    return type(value) is int and value == call_id


def _outcome(item: dict[str, Any]) -> Any:
    if item.get("error") is not None:
        return _error(item["error"])
    if "result" in item:
        return item["result"]
    raise EndpointFailure(f"{MALFORMED} (neither result nor error)")


def _error(raw: Any) -> RpcError:
    if not isinstance(raw, dict):
        raise EndpointFailure(f"{MALFORMED} (error is not an object)")
    code, message = raw.get("code"), raw.get("message")
    if type(code) is not int or not isinstance(message, str):
        raise EndpointFailure(f"{MALFORMED} (error without code or message)")
    return RpcError(code, message, raw.get("data"))


def _checked(outcome: Any) -> Any:
    """Pass results through, but turn a rate-limit error into an endpoint failure."""
    if isinstance(outcome, RpcError) and _is_rate_limit(outcome):
        raise _failure_for(outcome)
    return outcome


def _is_rate_limit(error: RpcError) -> bool:
    # A revert reason is contract data: "quota exceeded" there is an answer, not throttling.
    if error.code == _REVERT_CODE or error.message.lower().startswith("execution reverted"):
        return False
    return bool(_RATE_LIMITED.search(error.message))


def _is_too_large(error: RpcError) -> bool:
    if error.code == _REVERT_CODE or error.message.lower().startswith("execution reverted"):
        return False
    return bool(_TOO_LARGE.search(error.message))


def _failure_for(error: RpcError) -> EndpointFailure:
    reason = f"JSON-RPC error {error.code}: {shorten(error.message)}"
    if _is_rate_limit(error):
        return EndpointFailure(f"rate limited ({reason})", transient=True)
    return EndpointFailure(reason)
