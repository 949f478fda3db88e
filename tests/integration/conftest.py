"""Fixtures for integration tests against real anvil nodes.

* ``anvil_a`` (chain 31337) and ``anvil_b`` (chain 31338): module-scoped, automining nodes
  shared by the tests of one module. Never pause mining or touch base fees on them.
* ``anvil_pending``: a fresh chain-31337 node per test, for scenarios that pause mining,
  change the base fee or leave txs in the pool.
* ``start_anvil``: factory for any other node a test needs (stopped at teardown).
* ``contracts``: the compiled test contracts (compiled at most once per source change).
* ``chains_file``: writes a txdoctor chains YAML into ``tmp_path`` pointing at nodes.

A missing anvil/solcjs FAILS the test (it does not skip): the test command installs them, so
their absence is a setup bug.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from support.anvil import AnvilError, AnvilNode
from support.scenarios import ChainEntry, write_chains_file
from support.solidity import Artifact, SolidityError, compile_contracts

CHAIN_A = 31337
CHAIN_B = 31338

StartAnvil = Callable[..., AnvilNode]
ChainsFile = Callable[..., Path]


def _start(chain_id: int, extra_args: Sequence[str] = ()) -> AnvilNode:
    try:
        return AnvilNode.start(chain_id, extra_args=extra_args)
    except AnvilError as exc:
        pytest.fail(f"cannot start anvil (setup bug, not a test failure): {exc}", pytrace=False)


@pytest.fixture(scope="session")
def contracts() -> dict[str, Artifact]:
    try:
        return compile_contracts()
    except SolidityError as exc:
        pytest.fail(f"cannot compile test contracts (setup bug): {exc}", pytrace=False)


@pytest.fixture(scope="module")
def anvil_a() -> Iterator[AnvilNode]:
    node = _start(CHAIN_A)
    yield node
    node.stop()


@pytest.fixture(scope="module")
def anvil_b() -> Iterator[AnvilNode]:
    node = _start(CHAIN_B)
    yield node
    node.stop()


@pytest.fixture
def start_anvil() -> Iterator[StartAnvil]:
    nodes: list[AnvilNode] = []

    def start(chain_id: int = CHAIN_A, extra_args: Sequence[str] = ()) -> AnvilNode:
        node = _start(chain_id, extra_args)
        nodes.append(node)
        return node

    yield start
    for node in nodes:
        node.stop()


@pytest.fixture
def anvil_pending(start_anvil: StartAnvil) -> AnvilNode:
    return start_anvil(CHAIN_A)


@pytest.fixture
def chains_file(tmp_path: Path) -> ChainsFile:
    """``chains_file({"ethereum": anvil_a, "bsc": ChainEntry(anvil_b, native="BNB")})``."""

    def write(chains: Mapping[str, AnvilNode | ChainEntry], filename: str = "chains.yaml") -> Path:
        return write_chains_file(tmp_path / filename, chains)

    return write
