"""Conversions from raw chain units to the natural units explanations use."""

from __future__ import annotations

from decimal import Decimal

GWEI = 10**9


def gwei(wei: int) -> Decimal:
    """Wei per gas as gwei, exact."""
    return Decimal(wei).scaleb(-9)


def coins(raw: int, decimals: int) -> Decimal:
    """Smallest units as whole coins, exact."""
    return Decimal(raw).scaleb(-decimals)
