"""Aptos-only facts: what the fullnode says beyond the shared transaction facts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoveAbort:
    """A Move abort, decoded from ``vm_status``.

    The node writes ``Move abort in <address>::<module>: <NAME>(0x<code>): <description>``
    (aptos-core, the error-code docs); the description is the module's doc comment of the
    error constant. Every field comes from the chain: untrusted text.
    """

    module: str  # e.g. "0x1::coin"
    name: str | None  # e.g. "EINSUFFICIENT_BALANCE"; None for a bare code ("0x203ed")
    code: int  # category << 16 | reason
    description: str | None

    @property
    def reason(self) -> int:
        """The module's own error number (the low 16 bits)."""
        return self.code & 0xFFFF

    @property
    def category(self) -> int:
        """The standard error category (``0x1::error``), e.g. 1 invalid argument."""
        return self.code >> 16
