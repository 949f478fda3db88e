"""The JSON output is a promise: it changes only with docs/json-schema.md and a version bump.

``tests/fixtures/json-schema/v<N>.json`` is the snapshot of schema version N (the top-level keys
and the fields of every facts object). A change to the JSON makes the snapshot test fail; the fix
is a new version (``SCHEMA_VERSION``), a new snapshot file and the docs, never an edit of an
old snapshot.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import types
import typing
from pathlib import Path
from typing import Any

from txdoctor.advise.report import SCHEMA_VERSION
from txdoctor.config import load_chains
from txdoctor.core import registry
from txdoctor.core.family import Family
from txdoctor.facts import AddressFacts, TxFacts
from txdoctor.fetch.transport import Transport
from txdoctor.pipeline.doctor import Doctor
from txdoctor.render.json_fields import INTERNAL, JSON_FIELDS
from txdoctor.render.jsonl import report_dict

REPO = Path(__file__).resolve().parents[3]
SNAPSHOTS = REPO / "tests" / "fixtures" / "json-schema"
# The shared facts types and every family's own (each family's render_json module, which
# the JSON writer adds only when an answer of that family is written).
ALL_FIELDS: dict[type, tuple[str, ...]] = {
    **JSON_FIELDS,
    **{
        cls: names
        for family in Family
        for cls, names in (registry.part(family, "render_json", "JSON_FIELDS") or {}).items()
    },
}


def sample_keys() -> list[str]:
    """The top-level keys of a report (an invalid input: no chain is asked)."""
    report = Doctor(load_chains(environ={}), Transport()).diagnose("not a hash")
    return sorted(report_dict(report).keys())


def current_schema() -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "report": sample_keys(),
        "types": {
            t.__name__: list(names)
            for t, names in sorted(ALL_FIELDS.items(), key=lambda item: item[0].__name__)
        },
    }


def facts_namespace() -> dict[str, Any]:
    """Every name defined in the facts modules, shared and of each family (their hints name
    types imported lazily)."""
    import importlib
    import pkgutil

    import txdoctor.facts

    names: dict[str, Any] = {}
    for module in pkgutil.iter_modules(txdoctor.facts.__path__):
        names.update(vars(importlib.import_module(f"txdoctor.facts.{module.name}")))
    for family in Family:
        with contextlib.suppress(ModuleNotFoundError):
            names.update(vars(importlib.import_module(f"txdoctor.families.{family}.facts")))
    return names


def reachable(root: type, seen: set[type] | None = None) -> set[type]:
    """Every dataclass type a facts object of type ``root`` can hold."""
    seen = set() if seen is None else seen
    if root in seen:
        return seen
    seen.add(root)
    for hint in typing.get_type_hints(root, localns=facts_namespace()).values():
        for arg in _flatten(hint):
            if dataclasses.is_dataclass(arg):
                reachable(arg, seen)  # type: ignore[arg-type]
    return seen


def _flatten(hint: Any) -> list[Any]:
    args = typing.get_args(hint)
    if not args:
        return [hint]
    return [leaf for arg in args for leaf in _flatten(arg)] + (
        [] if isinstance(hint, types.UnionType) else [typing.get_origin(hint)]
    )


def test_the_json_is_exactly_the_snapshot_of_its_schema_version() -> None:
    snapshot = SNAPSHOTS / f"v{SCHEMA_VERSION}.json"
    assert snapshot.exists(), f"schema {SCHEMA_VERSION} has no snapshot: write {snapshot.name}"
    expected = json.loads(snapshot.read_text("utf-8"))
    assert current_schema() == expected, (
        "the JSON output changed: bump SCHEMA_VERSION, document the change in "
        "docs/json-schema.md and add a snapshot for the new version"
    )


def test_the_docs_describe_the_current_schema_version() -> None:
    docs = (REPO / "docs" / "json-schema.md").read_text("utf-8")
    assert re.search(rf"schema version {SCHEMA_VERSION}\b", docs.splitlines()[0])


def test_every_json_field_is_a_field_or_property_of_its_type() -> None:
    for cls, names in ALL_FIELDS.items():
        own = {f.name for f in dataclasses.fields(cls)}
        missing = [n for n in names if n not in own and not hasattr(cls, n)]
        assert missing == [], f"{cls.__name__}: {missing} (renamed?)"


def test_every_facts_field_is_either_in_the_json_or_declared_internal() -> None:
    for cls in reachable(TxFacts) | reachable(AddressFacts):
        assert cls in ALL_FIELDS, f"{cls.__name__} can appear in facts but has no JSON fields"
        undecided = (
            {f.name for f in dataclasses.fields(cls)}
            - set(ALL_FIELDS[cls])
            - INTERNAL.get(cls, frozenset())
        )
        assert undecided == set(), f"{cls.__name__}: list {sorted(undecided)} in json_fields.py"
