"""Internal signals for "this endpoint could not answer" (never leave the package)."""

from __future__ import annotations

UNREACHABLE_ERRORS = frozenset({"DNS lookup failed", "connection refused"})
"""Failures that say the endpoint cannot be reached at all: not asked again in this run."""


class EndpointFailure(Exception):
    """Why one endpoint failed. ``transient`` failures are worth asking again later.

    ``retry_here`` (default: ``transient``) says the same endpoint may be asked again at
    once: a server that answered 5xx or 429. A timeout or a broken connection is not: the
    next endpoint goes first. ``retry_after`` is the wait in seconds the server asked for.
    """

    def __init__(
        self,
        reason: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
        retry_here: bool | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after
        self.retry_here = transient if retry_here is None else retry_here


class BatchRefused(EndpointFailure):
    """The endpoint answered a JSON-RPC batch with one error: send the calls one by one."""


class TooLarge(EndpointFailure):
    """The endpoint refused a batch this large, or its answer was over the size cap.

    Worth trying again with fewer calls per request; not worth retrying as it is.
    """
