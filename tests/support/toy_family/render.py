"""The toy family's own row in the people view."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from txdoctor.facts import TxFacts


def tx_rows(facts: TxFacts, _: Callable[[str], str], lang: str) -> Iterator[tuple[str, str]]:
    """One row only the toy family shows."""
    yield "Toy depth", f"{facts.confirmations} toy blocks"
