"""Data types of the input layer: what a pasted text was classified as, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from txdoctor.core.family import Family as Family  # re-exported for the input layer

REDACTED = "[redacted]"
"""What `Classified.raw` holds when the input was (or may have been) a secret."""

Detail = Mapping[str, str | int]

_NO_DETAIL: Detail = MappingProxyType({})

ALSO_ACCOUNT = "also_account"
"""Detail key of a transaction whose text is also an account address of these families
(comma-separated): an Aptos 0x + 64-hex is a transaction hash or an account. Both are asked
at once, and what exists is kept."""


class InputKind(StrEnum):
    """What the pasted text is."""

    TRANSACTION = "transaction"
    ADDRESS = "address"
    INVALID = "invalid"
    SECRET = "secret"
    PUSH_ERROR = "push_error"  # a node's error text: refused when sent, nothing to look up


class Problem(StrEnum):
    """Stable code telling why an input is INVALID or SECRET.

    The advise layer turns a code plus `Classified.detail` into a message; the
    detail keys of each code are listed in docs/input.md.
    """

    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_LENGTH = "bad_length"
    BAD_CHARACTERS = "bad_characters"
    BAD_CHECKSUM = "bad_checksum"
    MIXED_CASE = "mixed_case"
    MALFORMED = "malformed"
    TRUNCATED = "truncated"
    LOOKALIKE_CHARACTERS = "lookalike_characters"
    INVISIBLE_CHARACTERS = "invisible_characters"
    UNRECOGNIZED = "unrecognized"
    MULTIPLE_CANDIDATES = "multiple_candidates"
    UNKNOWN_EXPLORER_PATH = "unknown_explorer_path"
    EXPLORER_MISMATCH = "explorer_mismatch"
    TESTNET = "testnet"
    UNSUPPORTED_CHAIN = "unsupported_chain"
    EXTENDED_PUBLIC_KEY = "extended_public_key"
    PUBLIC_KEY = "public_key"
    LIGHTNING_INVOICE = "lightning_invoice"
    NAME_SERVICE = "name_service"
    RECOVERY_PHRASE = "recovery_phrase"
    PRIVATE_KEY = "private_key"
    EXTENDED_PRIVATE_KEY = "extended_private_key"
    WIF_KEY = "wif_key"


SECRET_PROBLEMS = frozenset(
    {Problem.RECOVERY_PHRASE, Problem.PRIVATE_KEY, Problem.EXTENDED_PRIVATE_KEY, Problem.WIF_KEY}
)


def freeze(detail: Mapping[str, str | int] | None = None, /, **more: str | int) -> Detail:
    """Return a read-only copy of `detail` updated with `more`."""
    if not detail and not more:
        return _NO_DETAIL
    merged: dict[str, str | int] = dict(detail or {})
    merged.update(more)
    return MappingProxyType(merged)


@dataclass(frozen=True)
class Classified:
    """The result of `classify`: what the user pasted, before any network call.

    `raw` is the text as given, except for secrets (and inputs too long to be
    scanned whole), where it is the literal "[redacted]". `detail` holds the
    parameters of the message for `problem` and never holds secret material.
    """

    raw: str
    kind: InputKind
    value: str | None = None
    families: tuple[Family, ...] = ()
    chain_hint: str | None = None
    problem: Problem | None = None
    detail: Detail = field(default_factory=lambda: _NO_DETAIL, hash=False)

    @property
    def ok(self) -> bool:
        """True when the input is a transaction or an address that can be looked up."""
        return self.kind in (InputKind.TRANSACTION, InputKind.ADDRESS)


@dataclass(frozen=True)
class Verdict:
    """What one hash/address-shaped token is; `Classified` without raw and chain."""

    kind: InputKind
    value: str | None = None
    families: tuple[Family, ...] = ()
    problem: Problem | None = None
    detail: Detail = field(default_factory=lambda: _NO_DETAIL, hash=False)

    @property
    def ok(self) -> bool:
        """True for a transaction or an address."""
        return self.kind in (InputKind.TRANSACTION, InputKind.ADDRESS)

    def with_detail(self, **more: str | int) -> Verdict:
        """Return a copy with `more` added to the detail."""
        return Verdict(
            self.kind, self.value, self.families, self.problem, freeze(self.detail, **more)
        )


def transaction(value: str, *families: Family, **detail: str | int) -> Verdict:
    """A transaction id/hash/signature."""
    return Verdict(InputKind.TRANSACTION, value, families, None, freeze(**detail))


def address(value: str, *families: Family, **detail: str | int) -> Verdict:
    """An account/wallet/contract address."""
    return Verdict(InputKind.ADDRESS, value, families, None, freeze(**detail))


def invalid(problem: Problem, **detail: str | int) -> Verdict:
    """An input that cannot be looked up, with the reason."""
    return Verdict(InputKind.INVALID, None, (), problem, freeze(**detail))
