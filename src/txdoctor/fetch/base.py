"""What every family's fetcher shares: errors turned into UNREACHABLE, the family stamp.

A family's fetcher subclasses ``FetcherBase`` and writes ``_transaction`` and ``_address``;
network trouble (``AllEndpointsFailed``) and answers of the wrong shape (``MalformedAnswer``)
become an UNREACHABLE lookup here, with one wording for every family, and every lookup leaves
stamped with its chain's family. Retries, hedging,
cool-down and deadlines are the transport's (``fetch/transport``), the same for all.
Anything else a fetcher raises is a bug and goes up to the command, which reports it as an
internal error.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.core.frozen import replaced
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.transport import MOOT, AllEndpointsFailed, Attempt, JsonCheck, Transport

MAX_REASON = 300
SECOND_OPINION_WITHIN = 1.5
"""Seconds the other endpoints get to confirm that a transaction is unknown: a second
opinion, not worth the input's whole deadline."""


def unconfirmed(failed: AllEndpointsFailed) -> str:
    """Why a hash unknown to one endpoint was not confirmed unknown by the others: they
    failed, or it was not needed (another chain found the transaction meanwhile)."""
    if failed.attempts and all(a.error == MOOT for a in failed.attempts):
        return "one endpoint checked (found on another chain)"
    return "one endpoint checked (the others failed)"


# Failures that mean nothing reached the endpoint's server at all.
_NETWORK_LEVEL = (
    "DNS lookup failed",
    "connection refused",
    "not asked: DNS lookup failed",
    "not asked: connection refused",
)


class FetcherBase(ABC):
    """Looks things up on one chain of ``family``; never raises for network trouble."""

    def __init__(self, chain: ChainConfig, transport: Transport) -> None:
        self.chain = chain
        self._transport = transport

    @property
    def family(self) -> Family:
        """The family every lookup of this fetcher is stamped with: its chain's."""
        return self.chain.family

    def lookup_transaction(self, tx_hash: str) -> ChainLookup:
        """Find one transaction and gather the facts its diagnosis needs."""
        return self._answer(lambda: self._transaction(tx_hash))

    def lookup_address(self, address: str) -> ChainLookup:
        """What this chain knows of an address: balance, activity, what sits there."""
        return self._answer(lambda: self._address(address))

    @abstractmethod
    def _transaction(self, tx_hash: str) -> ChainLookup:
        """The family's transaction lookup (may raise network trouble; ``_answer`` catches)."""

    @abstractmethod
    def _address(self, address: str) -> ChainLookup:
        """The family's address lookup (may raise network trouble; ``_answer`` catches)."""

    def _answer(self, work: Callable[[], ChainLookup]) -> ChainLookup:
        try:
            lookup = work()
        except AllEndpointsFailed as exc:
            lookup = self.unreachable(exc.attempts)
        except MalformedAnswer as exc:
            lookup = self._result(LookupStatus.UNREACHABLE, reason=f"malformed answer: {exc}")
        return lookup if lookup.family == self.family else replaced(lookup, family=self.family)

    def unreachable(self, attempts: Sequence[Attempt]) -> ChainLookup:
        """The lookup of a chain none of whose endpoints gave an answer."""
        return self._result(
            LookupStatus.UNREACHABLE,
            reason=self.failure_reason(attempts),
            notes=self.failure_notes(attempts),
            network_down=network_down(attempts),
        )

    def failure_reason(self, attempts: Sequence[Attempt]) -> str:
        """Why no endpoint answered (a family may name its own remedies)."""
        return unreachable_reason(attempts)

    def failure_notes(self, attempts: Sequence[Attempt]) -> tuple[str, ...]:
        """Notes worth a finding of their own (EVM: endpoints on another chain)."""
        return ()

    def _result(self, status: LookupStatus, **fields: object) -> ChainLookup:
        return ChainLookup(self.chain.name, status, family=self.family, **fields)  # type: ignore[arg-type]


def network_down(attempts: Sequence[Attempt]) -> bool:
    """Every endpoint failed before reaching a server: names unresolved, connections refused."""
    return bool(attempts) and all(
        a.error is not None and a.error.startswith(_NETWORK_LEVEL) for a in attempts
    )


def unreachable_reason(attempts: Sequence[Attempt]) -> str:
    """The distinct failures, in order; a network that looks down is said so first."""
    reasons = sorted({a.error or "failed" for a in attempts})
    text = ", ".join(reasons) or "no endpoint to ask"
    if network_down(attempts):
        text = f"network looks down ({text})"
    return text[:MAX_REASON]


def refusing(parse: Callable[[Any], object]) -> JsonCheck:
    """A transport check from a family's parser: a body ``parse`` refuses (raises
    ``MalformedAnswer``) moves on to the next endpoint."""

    def check(body: Any) -> str | None:
        try:
            parse(body)
        except MalformedAnswer as exc:
            return f"malformed answer: {exc}"
        return None

    return check
