"""Stable verdict codes and findings. Scripts depend on the codes: never rename one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    """How much a verdict needs the user's attention."""

    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Verdict(StrEnum):
    """What happened, as a stable code."""

    CONFIRMED = "CONFIRMED"
    CONFIRMING = "CONFIRMING"
    PENDING = "PENDING"
    PENDING_LOW_FEE = "PENDING_LOW_FEE"
    PENDING_NONCE_GAP = "PENDING_NONCE_GAP"
    REPLACED = "REPLACED"
    DROPPED = "DROPPED"
    FAILED_REVERTED = "FAILED_REVERTED"
    FAILED_OUT_OF_GAS = "FAILED_OUT_OF_GAS"
    FAILED_OUT_OF_ENERGY = "FAILED_OUT_OF_ENERGY"  # Tron: fee_limit or TRX/energy too low
    FAKE_TOKEN = "FAKE_TOKEN"  # a token claiming an official symbol/name, other contract
    SENT_TO_TOKEN_CONTRACT = "SENT_TO_TOKEN_CONTRACT"  # EVM: funds sent to a token contract
    SENT_TO_CONTRACT = "SENT_TO_CONTRACT"  # EVM: funds sent to another contract
    ADDRESS_POISONING_SUSPECT = "ADDRESS_POISONING_SUSPECT"  # look-alike of a known address
    ENS_NOT_RESOLVED = "ENS_NOT_RESOLVED"  # an ENS name that points to no address
    NOT_FOUND = "NOT_FOUND"
    EXPIRED = "EXPIRED"  # not included before its expiry time: it never can be any more
    REJECTED = "REJECTED"  # refused by the network when sent (EOS): never in a block, no fee
    WRONG_NETWORK = "WRONG_NETWORK"
    INVALID_INPUT = "INVALID_INPUT"
    SECRET_REFUSED = "SECRET_REFUSED"
    UNREACHABLE = "UNREACHABLE"
    ADDRESS_OK = "ADDRESS_OK"
    ADDRESS_STUCK_PENDING = "ADDRESS_STUCK_PENDING"
    ADDRESS_UNUSED = "ADDRESS_UNUSED"
    ADDRESS_IS_CONTRACT = "ADDRESS_IS_CONTRACT"
    ADDRESS_NOT_SUPPORTED = "ADDRESS_NOT_SUPPORTED"
    FAMILY_NOT_SUPPORTED = "FAMILY_NOT_SUPPORTED"
    # Secondary findings: they accompany a main verdict, never stand alone.
    CHAINS_UNCHECKED = "CHAINS_UNCHECKED"
    ENDPOINT_WRONG_CHAIN = "ENDPOINT_WRONG_CHAIN"
    ALSO_FOUND_ON = "ALSO_FOUND_ON"
    ENDPOINT_LAGGING = "ENDPOINT_LAGGING"
    TOKEN_VARIANT = "TOKEN_VARIANT"  # EVM: official, but a bridged / Binance-Peg variant
    HISTORY_UNCHECKED = "HISTORY_UNCHECKED"  # EVM: no explorer history, checks skipped
    ENS_RESOLVED = "ENS_RESOLVED"  # the ENS name given and the address it points to


SEVERITY: Mapping[Verdict, Severity] = {
    Verdict.CONFIRMED: Severity.OK,
    Verdict.CONFIRMING: Severity.INFO,
    Verdict.PENDING: Severity.INFO,
    Verdict.PENDING_LOW_FEE: Severity.WARNING,
    Verdict.PENDING_NONCE_GAP: Severity.WARNING,
    Verdict.REPLACED: Severity.WARNING,
    Verdict.DROPPED: Severity.WARNING,
    Verdict.FAILED_REVERTED: Severity.ERROR,
    Verdict.FAILED_OUT_OF_GAS: Severity.ERROR,
    Verdict.FAILED_OUT_OF_ENERGY: Severity.ERROR,
    Verdict.FAKE_TOKEN: Severity.ERROR,
    Verdict.SENT_TO_TOKEN_CONTRACT: Severity.ERROR,
    Verdict.SENT_TO_CONTRACT: Severity.INFO,
    Verdict.ADDRESS_POISONING_SUSPECT: Severity.WARNING,
    Verdict.ENS_NOT_RESOLVED: Severity.WARNING,
    Verdict.NOT_FOUND: Severity.WARNING,
    Verdict.EXPIRED: Severity.WARNING,
    Verdict.REJECTED: Severity.ERROR,
    Verdict.WRONG_NETWORK: Severity.WARNING,
    Verdict.INVALID_INPUT: Severity.ERROR,
    Verdict.SECRET_REFUSED: Severity.ERROR,
    Verdict.UNREACHABLE: Severity.ERROR,
    Verdict.ADDRESS_OK: Severity.OK,
    Verdict.ADDRESS_STUCK_PENDING: Severity.WARNING,
    Verdict.ADDRESS_UNUSED: Severity.WARNING,
    Verdict.ADDRESS_IS_CONTRACT: Severity.INFO,
    Verdict.ADDRESS_NOT_SUPPORTED: Severity.INFO,
    Verdict.FAMILY_NOT_SUPPORTED: Severity.INFO,
    Verdict.CHAINS_UNCHECKED: Severity.WARNING,
    Verdict.ENDPOINT_WRONG_CHAIN: Severity.WARNING,
    Verdict.ALSO_FOUND_ON: Severity.INFO,
    Verdict.ENDPOINT_LAGGING: Severity.INFO,
    Verdict.TOKEN_VARIANT: Severity.INFO,
    Verdict.HISTORY_UNCHECKED: Severity.INFO,
    Verdict.ENS_RESOLVED: Severity.INFO,
}

Param = str | int | Decimal | tuple[str, ...] | None
"""A value an explanation is built from; a list of names (``chains``) stays a tuple."""


@dataclass(frozen=True)
class Finding:
    """One conclusion: a code plus the values its explanation needs.

    ``params`` hold plain values (numbers in natural units, chain names, untrusted
    chain strings); the advise layer turns them into sentences per language.
    """

    code: Verdict
    params: Mapping[str, Param] = field(default_factory=dict)
    family: str | None = None  # picks a family's own wording of a shared verdict

    @property
    def severity(self) -> Severity:
        """The code's fixed severity."""
        return SEVERITY[self.code]


ADDRESS_WORDING = "address"
"""``Finding.family`` that picks the address wording of a shared code (``WRONG_NETWORK``)."""
