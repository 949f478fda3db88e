"""Fixtures for tests/hostile: loopback JSON-RPC servers and chains files."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import LoopbackRpc


@pytest.fixture
def loopback() -> Iterator[Callable[..., LoopbackRpc]]:
    """``loopback(handler=..., raw=..., path=...)`` starts a server, stopped at teardown."""
    servers: list[LoopbackRpc] = []

    def start(**kwargs: Any) -> LoopbackRpc:
        server = LoopbackRpc(**kwargs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def chains_yaml(tmp_path: Path) -> Callable[[Mapping[str, Mapping[str, Any]]], Path]:
    """``chains_yaml({"ethereum": chain_entry([url])})`` writes a chains file."""

    def write(chains: Mapping[str, Mapping[str, Any]]) -> Path:
        path = tmp_path / "chains.yaml"
        path.write_text(yaml.safe_dump({"chains": dict(chains)}, sort_keys=False))
        return path

    return write
