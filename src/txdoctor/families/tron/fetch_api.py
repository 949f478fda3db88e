"""The TronGrid HTTP calls txdoctor makes, each answer checked for its shape.

Full-node calls (``/wallet/…``, ``/walletsolidity/…``) are POSTs that answer HTTP 200 even
for errors, with ``{"Error": "…"}``: such an answer is rejected so the next endpoint is
tried. TronGrid's own ``/v1/…`` calls answer ``{"success": true, "data": […], "meta": …}``;
a plain full node has no ``/v1`` (404), so callers treat those as optional.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from txdoctor.families.tron.fetch_key import KEY_ENV, is_trongrid
from txdoctor.fetch.base import unreachable_reason as base_reason
from txdoctor.fetch.transport import Attempt, Transport

_RATE_LIMIT_STATUSES = ("HTTP 403", "HTTP 429", "HTTP 503")


class TronApi:
    """One Tron chain's endpoints behind the shared transport."""

    def __init__(self, transport: Transport, endpoints: Sequence[str], *, has_key: bool) -> None:
        self._transport = transport
        self.endpoints = tuple(endpoints)
        self._has_key = has_key

    def wallet(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST a full-node call (``wallet/gettransactionbyid`` …); ``{}`` means "none"."""
        reply = self._transport.post_json(self.endpoints, path, dict(body), check=_full_node_check)
        answer: dict[str, Any] = reply.body
        return answer

    def v1(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any] | None:
        """GET a TronGrid v1 call; None when the endpoint has no such API (404)."""
        reply = self._transport.get_json(
            self.endpoints, path, params=params, check=_v1_check, not_found_ok=True
        )
        if reply.status == 404:
            return None
        answer: dict[str, Any] = reply.body
        return answer

    def failure_reason(self, attempts: Sequence[Attempt]) -> str:
        """Why no endpoint answered, in words a user can act on."""
        return unreachable_reason(attempts, self.endpoints, has_key=self._has_key)


def _full_node_check(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "malformed answer: not a JSON object"
    error = body.get("Error")
    if error is not None:
        return f"node error: {str(error)[:120]}"
    return None


def _v1_check(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "malformed answer: not a JSON object"
    if body.get("success") is not True or not isinstance(body.get("data"), list):
        detail = body.get("error") or body.get("Error") or "no data"
        return f"TronGrid refused: {str(detail)[:120]}"
    return None


def unreachable_reason(
    attempts: Sequence[Attempt], endpoints: Sequence[str], *, has_key: bool
) -> str:
    """A short reason for a failed call; TronGrid's rate limit is named with its remedy."""
    errors = sorted({a.error or "failed" for a in attempts})
    limited = any(e.startswith(_RATE_LIMIT_STATUSES) or "frequency limit" in e for e in errors)
    if limited and any(is_trongrid(url) for url in endpoints):
        if has_key:
            return (
                "TronGrid rate limit even with the API key (its daily quota may be used "
                "up); try again later"
            )
        return (
            "TronGrid rate limit: without an API key TronGrid refuses bursts of requests "
            f"(HTTP 403, then 30 s of refusals); set {KEY_ENV} (a free key from "
            "trongrid.io) or try again in 30 s"
        )
    return base_reason(attempts)
