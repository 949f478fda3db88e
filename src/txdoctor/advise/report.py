"""The answer for one input, as every renderer receives it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from txdoctor.diagnose import Finding, Severity, Verdict
from txdoctor.facts import AddressFacts, LookupStatus, TxFacts

if TYPE_CHECKING:
    from txdoctor.advise.compose import Advice

SCHEMA_VERSION = 3


@dataclass(frozen=True)
class Report:
    """Everything known about one input: verdict, explanation, evidence."""

    input: str  # as given; "[redacted]" for a secret
    kind: str  # transaction | address | invalid | secret
    value: str | None  # the normalised hash or address
    findings: tuple[Finding, ...]  # the main one first
    advice: tuple[Advice, ...]  # one per finding, in the report's language
    lang: str
    chain: str | None = None
    chain_title: str | None = None
    checked: Mapping[str, LookupStatus] | None = None
    facts: TxFacts | None = None
    explorer_url: str | None = None
    addresses: tuple[AddressFacts, ...] = ()  # for an address: what each chain said

    @property
    def verdict(self) -> Verdict:
        """The main verdict code."""
        return self.findings[0].code

    @property
    def severity(self) -> Severity:
        """The main finding's severity."""
        return self.findings[0].severity

    @property
    def main(self) -> Advice:
        """The main finding's explanation."""
        return self.advice[0]
