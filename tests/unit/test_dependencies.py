"""Declared dependencies match what the code imports, in both directions.

A dependency nothing imports is weight every user installs; an import nothing declares works
only while another package happens to bring it along.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
# Our own modules: the package, the tools, and anything the tests or benchmarks import from
# their own folders (support code, a sibling test module).
LOCAL = {"txdoctor", "support", "catalog_tool", "bench"} | {
    p.stem for folder in ("tests", "bench", "tools") for p in (REPO / folder).rglob("*.py")
}


def distribution(requirement: str) -> str:
    """The normalised distribution name of a requirement (``eth-hash[x]>=1`` -> ``eth-hash``)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name is not None, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


SERVE = "src/txdoctor/serve"
"""The ``serve`` extra's package: its imports count against that extra."""


def imported(folder: str, without: str | None = None) -> set[str]:
    """Top-level names of the third-party modules imported anywhere under ``folder``
    (except under ``without``)."""
    names: set[str] = set()
    for path in (REPO / folder).rglob("*.py"):
        if without and path.is_relative_to(REPO / without):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in LOCAL}


@cache
def providers(module: str) -> set[str]:
    """The installed distributions that provide the importable name ``module``."""
    return {distribution(d) for d in packages_distributions().get(module, [])}


def runtime() -> set[str]:
    return {distribution(r) for r in PYPROJECT["project"]["dependencies"]}


def serve_extra() -> set[str]:
    return {distribution(r) for r in PYPROJECT["project"]["optional-dependencies"]["serve"]}


def development() -> set[str]:
    return {distribution(r) for r in PYPROJECT["dependency-groups"]["dev"]}


def test_every_module_the_package_imports_is_a_declared_runtime_dependency() -> None:
    core = imported("src", without=SERVE)
    undeclared = {m: providers(m) for m in core if not providers(m) & runtime()}
    assert undeclared == {}


def test_every_declared_runtime_dependency_is_imported_by_the_package() -> None:
    used = {d for m in imported("src", without=SERVE) for d in providers(m)}
    assert runtime() - used == set()


def test_the_serve_package_imports_only_runtime_and_serve_dependencies() -> None:
    declared = runtime() | serve_extra()
    undeclared = {m: providers(m) for m in imported(SERVE) if not providers(m) & declared}
    assert undeclared == {}


def test_every_serve_dependency_is_imported_by_the_serve_package() -> None:
    used = {d for m in imported(SERVE) for d in providers(m)}
    assert serve_extra() - used == set()


def test_only_the_serve_package_imports_serve_dependencies() -> None:
    core = {d for m in imported("src", without=SERVE) for d in providers(m)}
    assert core & (serve_extra() - runtime()) == set()


def test_tests_tools_and_benchmarks_import_only_what_is_declared() -> None:
    declared = runtime() | serve_extra() | development()
    modules = imported("tests") | imported("tools") | imported("bench")
    undeclared = {m: providers(m) for m in modules if not providers(m) & declared}
    assert undeclared == {}


def test_every_development_dependency_is_used() -> None:
    modules = imported("tests") | imported("tools") | imported("bench")
    used = {d for m in modules for d in providers(m)}
    tools_run_by_name = {
        "pytest",
        "ruff",
        "mypy",
        "types-pyyaml",
        "httpx2",
    }  # httpx2: what starlette's TestClient runs on
    assert development() - used - tools_run_by_name == set()
