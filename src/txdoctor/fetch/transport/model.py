"""Values and errors the transport hands back to callers (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from txdoctor.core.redact import redact_text


class TransportError(Exception):
    """Base class of transport errors. Messages never contain secrets."""


@dataclass(frozen=True)
class Attempt:
    """One endpoint tried during a call.

    ``endpoint`` is the redacted URL. ``error`` is None on success, else a short reason
    such as ``"timeout"``, ``"HTTP 500"`` or ``"rejected: <reason from check>"``.
    ``elapsed_ms`` and ``tries`` cover every HTTP request made to that endpoint for
    the call, retries included.
    """

    endpoint: str
    ok: bool
    error: str | None
    elapsed_ms: float
    tries: int = 1


class AllEndpointsFailed(TransportError):
    """No endpoint gave an acceptable answer; ``attempts`` says what happened with each."""

    def __init__(self, attempts: tuple[Attempt, ...]) -> None:
        self.attempts = attempts
        super().__init__(redact_text(_summary(attempts)))


def _summary(attempts: tuple[Attempt, ...]) -> str:
    if not attempts:
        return "no endpoint to try"
    failures = "; ".join(f"{a.endpoint}: {a.error}" for a in attempts)
    return f"all {len(attempts)} endpoint(s) failed: {failures}"


@dataclass(frozen=True)
class RpcError:
    """A JSON-RPC error object returned by the server, e.g. an ``eth_call`` revert.

    It is a result, not an exception: the caller decides what it means.
    """

    code: int
    message: str
    data: Any = None


@dataclass(frozen=True)
class RpcReply:
    """Answers to ``Transport.rpc``: one entry per call, in call order."""

    results: list[Any | RpcError]
    endpoint: str
    attempts: tuple[Attempt, ...]


@dataclass(frozen=True)
class JsonReply:
    """Answer to a REST request. ``body`` is None for a 404 accepted with ``not_found_ok``."""

    status: int
    body: Any
    endpoint: str
    attempts: tuple[Attempt, ...]
