"""Input layer: classify what the user pasted (tx hash, address, explorer URL…)
before any network call, and refuse secrets.

    >>> from txdoctor.input import classify
    >>> classify("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").kind
    <InputKind.ADDRESS: 'address'>
"""

from .classify import MAX_INPUT_CHARS, MAX_SCAN_CHARS, classify
from .model import ALSO_ACCOUNT, REDACTED, Classified, Family, InputKind, Problem

__all__ = [
    "ALSO_ACCOUNT",
    "MAX_INPUT_CHARS",
    "MAX_SCAN_CHARS",
    "REDACTED",
    "Classified",
    "Family",
    "InputKind",
    "Problem",
    "classify",
]
