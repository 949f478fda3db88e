"""Internal signals for "this endpoint could not answer" (never leave the package)."""

from __future__ import annotations


class EndpointFailure(Exception):
    """Why one endpoint failed. ``transient`` failures are worth retrying on the same endpoint.

    ``retry_after`` is the wait in seconds the server asked for, if it asked.
    """

    def __init__(
        self, reason: str, *, transient: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class BatchRefused(EndpointFailure):
    """The endpoint answered a JSON-RPC batch with one error: send the calls one by one."""


class TooLarge(EndpointFailure):
    """The endpoint refused a batch this large, or its answer was over the size cap.

    Worth trying again with fewer calls per request; not worth retrying as it is.
    """
