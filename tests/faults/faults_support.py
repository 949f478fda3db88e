"""What the fault-injection tests share: the workload's cases, chains files, timings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from support.anvil import AnvilNode

CHAIN_A, CHAIN_B = 31337, 31338
TIMINGS: list[str] = []


@dataclass(frozen=True)
class Case:
    """One input of the workload and what txdoctor must say about it."""

    hash: str
    verdict: str
    chain: str | None  # where it is; None for a hash nobody knows
    reason: str | None = None  # the revert reason the summary must quote


@dataclass(frozen=True)
class Workload:
    """The nodes and the 200 cases on them."""

    nodes: Mapping[str, AnvilNode]
    cases: Sequence[Case]


def report_timing(line: str) -> None:
    """Show ``line`` in the session's terminal summary."""
    TIMINGS.append(line)


def write_chains(
    path: Path, endpoints: Mapping[str, Sequence[str]], chain_ids: Mapping[str, int]
) -> Path:
    """A chains file with the given endpoints per chain (5 confirmations needed)."""
    body = {
        name: {
            "family": "evm",
            "chain_id": chain_ids[name],
            "rpc": list(urls),
            "confirmations": 5,
            "block_time": 12,
            "native": "ETH",
            "explorer": "https://etherscan.io/tx/{hash}",
        }
        for name, urls in endpoints.items()
    }
    path.write_text(yaml.safe_dump({"chains": body}, sort_keys=False))
    return path
