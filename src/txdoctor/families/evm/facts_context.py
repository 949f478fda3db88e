"""What a transaction's diagnosis needs beyond the transaction: learnt by a second lookup."""

from __future__ import annotations

from dataclasses import dataclass

from txdoctor.facts.common import AddressFacts


@dataclass(frozen=True)
class TransferContext:
    """The sender's recent history (for the address-poisoning check) and the recipient as
    the expected chain knows it (for a transfer found on another chain).

    None where it was not looked up; an ``AddressFacts`` without history says why in
    ``history_note``.
    """

    sender_history: AddressFacts | None = None
    recipient_on_expected: AddressFacts | None = None
