"""A lookup written as steps: it yields each JSON-RPC exchange it needs and is sent the answer.

``EvmFetcher`` writes a transaction's lookup once, as a generator of ``Ask``s. One lookup is
driven by ``drive`` (each ask sent at once, through the shared transport); a batch
(``families/evm/fetch_batch.py``) holds many of them, sends the asks of all of them merged
into a few requests, and hands each its own answer: every lookup advances from where it
stopped, and nothing is asked or parsed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from txdoctor.fetch.transport import AllEndpointsFailed, RpcCheck, RpcReply

Call = tuple[str, list[Any]]
T = TypeVar("T")


@dataclass(frozen=True)
class Ask:
    """One JSON-RPC exchange a lookup needs: these calls, to the first of these endpoints
    that gives an answer ``check`` accepts."""

    endpoints: tuple[str, ...]
    calls: tuple[Call, ...]
    check: RpcCheck | None = None
    second_opinion: bool = False


Steps = Generator[Ask, RpcReply, T]
"""Yields what it needs to ask; is sent each answer, or has ``AllEndpointsFailed`` thrown in."""

Rpc = Callable[[Sequence[str], Sequence[Call], RpcCheck | None, bool], RpcReply]


def ask(
    endpoints: Sequence[str],
    calls: Sequence[Call],
    check: RpcCheck | None = None,
    second_opinion: bool = False,
) -> Ask:
    """An ``Ask`` from the usual arguments of an RPC call."""
    return Ask(tuple(endpoints), tuple(calls), check, second_opinion)


def drive(steps: Steps[T], rpc: Rpc) -> T:
    """Run ``steps`` to the end, each ask answered by ``rpc`` (whose failures go back in)."""
    try:
        request = next(steps)
        while True:
            try:
                reply = rpc(request.endpoints, request.calls, request.check, request.second_opinion)
            except AllEndpointsFailed as failed:
                request = steps.throw(failed)
            else:
                request = steps.send(reply)
    except StopIteration as done:
        result: T = done.value
        return result
