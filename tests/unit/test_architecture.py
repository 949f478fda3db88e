"""The import contract: layers only point down, families stay in their folders.

Data flows input → fetch → facts → diagnose → advise → render, with the pipeline and the commands
above and a small base (``txdoctor.core``) below. A module of a family package takes the layer
its name starts with (``fetch_health.py`` is fetch, ``rules.py`` diagnose, ``messages.py``
advise). This test reads every ``import`` of ``src/txdoctor`` (also those inside functions) and
fails on an arrow that points up or sideways, naming it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

ORDER = [
    "base",
    "config",
    "input",
    "facts",
    "fetch",
    "diagnose",
    "advise",
    "render",
    "pipeline",
    "commands",
]
MAY_IMPORT: dict[str, set[str]] = {
    "base": {"base"},
    "config": {"base", "config"},
    "input": {"base", "input"},
    "facts": {"base", "config", "facts"},
    "fetch": {"base", "config", "facts", "fetch"},
    "diagnose": {"base", "config", "facts", "input", "diagnose"},  # never fetch
    "advise": {"base", "config", "facts", "input", "diagnose", "advise"},
    "render": {"base", "config", "facts", "input", "diagnose", "advise", "render"},
    "pipeline": set(ORDER) - {"commands"},
    "commands": set(ORDER),
}
SHARED = {
    "core": "base",
    "config": "config",
    "input": "input",
    "facts": "facts",
    "fetch": "fetch",
    "diagnose": "diagnose",
    "advise": "advise",
    "render": "render",
    "pipeline": "pipeline",
    "commands": "commands",
    "__main__": "commands",
    "serve": "commands",
}  # `txdoctor serve`: the page and API are a command
FAMILY_PREFIXES = {
    "fetch": "fetch",
    "facts": "facts",
    "rules": "diagnose",
    "messages": "advise",
    "render": "render",
    "pipeline": "pipeline",
    "input": "input",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """The layer of a txdoctor module (package ``__init__`` modules of families are base)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "base"  # the package itself: a docstring
    if parts[1] == "families":
        if len(parts) <= 3:
            return "base"  # families/ and families/<name>/: docstrings only
        prefix = parts[3].split("_")[0]
        assert prefix in FAMILY_PREFIXES, f"{module}: a family module starts with a layer name"
        return FAMILY_PREFIXES[prefix]
    assert parts[1] in SHARED, f"{module} is in no layer: add it to SHARED"
    return SHARED[parts[1]]


def family_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[1] == "families" else None


@cache
def imports() -> dict[str, set[str]]:
    """Each module's txdoctor imports, as the modules they name."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        module = module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                if base.startswith("txdoctor"):
                    # "from txdoctor.x import y" may name the module txdoctor.x.y
                    targets.update(
                        f"{base}.{a.name}" if _exists(f"{base}.{a.name}") else base
                        for a in node.names
                    )
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("txdoctor"))
        found[module] = targets
    return found


def _exists(module: str) -> bool:
    path = SRC.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_every_module_is_in_a_layer() -> None:
    for module in imports():
        assert layer(module) in ORDER


def test_no_import_points_up_a_layer() -> None:
    wrong = sorted(
        f"{m} ({layer(m)}) -> {t} ({layer(t)})"
        for m, targets in imports().items()
        for t in targets
        if layer(t) not in MAY_IMPORT[layer(m)]
    )
    assert wrong == []


def test_a_family_imports_no_other_family() -> None:
    wrong = sorted(
        f"{m} -> {t}"
        for m, targets in imports().items()
        for t in targets
        if family_of(m) and family_of(t) and family_of(m) != family_of(t)
    )
    assert wrong == []


def test_shared_code_reaches_a_family_only_through_the_registry() -> None:
    """Shared modules name no family module, except the facts types that ``TxFacts`` and the
    JSON fields list; everything else is looked up by name (``txdoctor.core.registry``)."""
    wrong = sorted(
        f"{m} -> {t}"
        for m, targets in imports().items()
        for t in targets
        if family_of(t)
        and not family_of(m)
        and not t.rpartition(".")[2].startswith("facts")
        and layer(m) not in ("pipeline", "commands")
    )
    assert wrong == []


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("txdoctor.config", {"base", "config"}),
        ("txdoctor.facts", {"base", "config", "facts"}),
        ("txdoctor.commands.cli", set(ORDER)),
    ],
)
def test_importing_a_layer_loads_nothing_above_it(module: str, allowed: set[str]) -> None:
    code = (
        f"import sys, {module}; "
        "print('\\n'.join(m for m in sys.modules if m.startswith('txdoctor')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert {layer(m) for m in loaded} <= allowed, loaded
