"""Where each chain family's code lives: ``txdoctor/families/<family>/``.

A family is one line in ``Family`` (``core/family.py``) and a package of the same name under
``txdoctor/families/`` with modules of agreed names, one per layer (``fetch.py``,
``fetch_health.py``, ``rules.py``, ``messages.py``, ``render.py``; see docs/families.md).
The shared layers find a family's part through ``part``, which imports the module only when
it is first needed: starting txdoctor loads no family, and this base module imports none of
the layers above it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from txdoctor.core.family import Family

PACKAGES: Mapping[Family, str] = MappingProxyType(
    {family: f"txdoctor.families.{family.value}" for family in Family}
)

_overrides: dict[Family, str] = {}


def package(family: Family | str) -> str | None:
    """The package of ``family``'s code, or None for a family txdoctor does not support."""
    try:
        key = Family(family)
    except ValueError:
        return None
    return _overrides.get(key) or PACKAGES.get(key)


def part(family: Family | str, module: str, name: str) -> Any:
    """``name`` from ``family``'s ``module`` (e.g. ``part("evm", "rules", "diagnose")``).

    None when the family is not supported, or its package has no such module or name (a
    family may leave out what it does not need, such as address details).
    """
    root = package(family)
    if root is None:
        return None
    try:
        loaded = importlib.import_module(f"{root}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{root}.{module}":
            raise  # the module exists but one of its own imports is missing: a real bug
        return None
    return getattr(loaded, name, None)


def preload(family: Family | str, module: str) -> None:
    """Import ``family``'s ``module`` now, if it has one (while waiting on the network)."""
    part(family, module, "__name__")


def use_package(family: Family, root: str | None) -> None:
    """Point ``family`` at another package (``None``: back to the built-in one).

    For tests and embedders that bring their own implementation of a family.
    """
    if root is None:
        _overrides.pop(family, None)
    else:
        _overrides[family] = root
