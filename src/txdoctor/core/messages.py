"""The marker of translatable messages, in a leaf module so that any layer can mark text."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message
