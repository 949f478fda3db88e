"""Two endpoints of one chain disagree: the up-to-date one answers, the lagging one is named.

Two real anvil nodes with the same chain id play the two endpoints of "ethereum": the
fresh one has mined the transaction and 300 blocks on top; the stale one is 280 blocks
behind and either never heard of the transaction or still holds it as pending (the same
signed transaction sent to both). Loopback proxies in front of both count the requests,
so the tests also show what the check costs: nothing when the first endpoint's answer
needs no second round.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_support import Run, assert_clean_exit, chain_entry, run_cli

from support.anvil import AnvilError, AnvilNode
from support.fault_proxy import FaultProxy
from support.scenarios import random_hash

pytestmark = pytest.mark.anvil

CHAIN_ID = 31337
FRESH_BLOCKS, STALE_BLOCKS = 300, 20


@dataclass
class Pair:
    """The same chain seen by an up-to-date node and a node far behind."""

    fresh: AnvilNode
    stale: AnvilNode
    fresh_proxy: FaultProxy
    stale_proxy: FaultProxy
    tx_hash: str


def _node() -> AnvilNode:
    try:
        return AnvilNode.start(CHAIN_ID)
    except AnvilError as exc:
        pytest.fail(f"cannot start anvil (setup bug): {exc}", pytrace=False)


def _signed_transfer(node: AnvilNode) -> str:
    """A signed transfer both nodes accept (same dev accounts, same chain id)."""
    sender, recipient = node.accounts()[3], node.accounts()[19]
    return str(
        node.rpc(
            "eth_signTransaction",
            {
                "from": sender,
                "to": recipient,
                "value": hex(10**18),
                "gas": hex(21_000),
                "maxFeePerGas": hex(50 * 10**9),
                "maxPriorityFeePerGas": hex(10**9),
                "nonce": "0x0",
                "chainId": hex(CHAIN_ID),
            },
        )
    )


@pytest.fixture
def make_pair() -> Iterator[Callable[..., Pair]]:
    made: list[Pair] = []

    def make(
        *,
        stale_has_it_pending: bool = False,
        fresh_has_it_pending: bool = False,
        stale_blocks: int = STALE_BLOCKS,
    ) -> Pair:
        fresh, stale = _node(), _node()
        stale.mine(stale_blocks)
        raw = _signed_transfer(fresh)
        if stale_has_it_pending:
            stale.set_automine(False)
            stale.rpc("eth_sendRawTransaction", raw)
        if fresh_has_it_pending:
            fresh.mine(FRESH_BLOCKS)
            fresh.set_automine(False)
            tx_hash = fresh.rpc("eth_sendRawTransaction", raw)
        else:
            tx_hash = fresh.rpc("eth_sendRawTransaction", raw)
            fresh.wait_for_receipt(tx_hash)
            fresh.mine(FRESH_BLOCKS)
        pair = Pair(
            fresh, stale, FaultProxy(fresh.url).start(), FaultProxy(stale.url).start(), tx_hash
        )
        made.append(pair)
        return pair

    yield make
    for pair in made:
        pair.fresh_proxy.stop()
        pair.stale_proxy.stop()
        pair.fresh.stop()
        pair.stale.stop()


def diagnose(tmp_path: Path, urls: list[str], value: str, *extra: str) -> Run:
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        yaml.safe_dump(
            {"chains": {"ethereum": chain_entry(urls, chain_id=CHAIN_ID, confirmations=5)}}
        )
    )
    run = run_cli(
        "diagnose", value, "--json", "--chains-file", str(chains), "--timeout", "3", *extra
    )
    assert_clean_exit(run)
    return run


def lag_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f["params"] for f in report["findings"] if f["code"] == "ENDPOINT_LAGGING"]


def test_receipt_on_the_second_endpoint_wins_and_the_lagging_first_is_named(
    make_pair: Callable[..., Pair], tmp_path: Path
) -> None:
    pair = make_pair()
    run = diagnose(tmp_path, [pair.stale_proxy.url, pair.fresh_proxy.url], pair.tx_hash)
    (report,) = run.json_lines()
    assert report["verdict"] == "CONFIRMED" and report["checked"] == {"ethereum": "found"}
    (lag,) = lag_findings(report)
    assert lag["endpoint"] == pair.stale_proxy.url
    assert lag["behind"] == FRESH_BLOCKS + 1 - STALE_BLOCKS
    assert (lag["tip"], lag["reference_tip"]) == (STALE_BLOCKS, FRESH_BLOCKS + 1)
    assert report["facts"]["confirmations"] == FRESH_BLOCKS + 1


def test_pending_on_a_lagging_node_is_not_believed_over_a_mined_receipt(
    make_pair: Callable[..., Pair], tmp_path: Path
) -> None:
    pair = make_pair(stale_has_it_pending=True)
    assert pair.stale.transaction(pair.tx_hash)["blockNumber"] is None  # it really says pending
    run = diagnose(tmp_path, [pair.stale_proxy.url, pair.fresh_proxy.url], pair.tx_hash)
    (report,) = run.json_lines()
    assert (report["verdict"], run.code) == ("CONFIRMED", 0)
    assert report["facts"]["state"] == "included"
    assert [lag["endpoint"] for lag in lag_findings(report)] == [pair.stale_proxy.url]
    # One round to the stale node; round 2 went to the fresh one with the question repeated.
    assert pair.stale_proxy.requests == 1


def test_lag_is_shown_to_people(make_pair: Callable[..., Pair], tmp_path: Path) -> None:
    pair = make_pair(stale_has_it_pending=True)
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        yaml.safe_dump(
            {
                "chains": {
                    "ethereum": chain_entry(
                        [pair.stale_proxy.url, pair.fresh_proxy.url],
                        chain_id=CHAIN_ID,
                        confirmations=5,
                    )
                }
            }
        )
    )
    run = run_cli("diagnose", pair.tx_hash, "--chains-file", str(chains))
    assert_clean_exit(run)
    text = " ".join(run.out.split())  # lines wrap at the terminal width
    assert "Confirmed" in text and "Endpoint behind" in text
    assert f"{FRESH_BLOCKS + 1 - STALE_BLOCKS} blocks behind" in text


def test_an_up_to_date_first_endpoint_costs_no_extra_round(
    make_pair: Callable[..., Pair], tmp_path: Path
) -> None:
    pair = make_pair(stale_has_it_pending=True)
    run = diagnose(tmp_path, [pair.fresh_proxy.url, pair.stale_proxy.url], pair.tx_hash)
    (report,) = run.json_lines()
    assert report["verdict"] == "CONFIRMED" and lag_findings(report) == []
    assert pair.stale_proxy.requests == 0


def test_unknown_everywhere_still_names_the_lagging_endpoint(
    make_pair: Callable[..., Pair], tmp_path: Path
) -> None:
    pair = make_pair()
    run = diagnose(tmp_path, [pair.fresh_proxy.url, pair.stale_proxy.url], random_hash())
    (report,) = run.json_lines()
    assert report["verdict"] == "NOT_FOUND"
    assert [lag["endpoint"] for lag in lag_findings(report)] == [pair.stale_proxy.url]


def test_pending_on_the_fresh_node_is_not_questioned_by_a_lagging_one(
    make_pair: Callable[..., Pair], tmp_path: Path
) -> None:
    pair = make_pair(fresh_has_it_pending=True)
    run = diagnose(tmp_path, [pair.fresh_proxy.url, pair.stale_proxy.url], pair.tx_hash)
    (report,) = run.json_lines()
    assert report["verdict"] == "PENDING" and report["facts"]["state"] == "pending"
    # The stale node was asked first for round 2, refused as lagging, and named.
    assert [lag["endpoint"] for lag in lag_findings(report)] == [pair.stale_proxy.url]
    assert report["facts"]["nonces"] is not None  # from the fresh node instead


def test_ordinary_drift_between_endpoints_is_not_reported(
    make_pair: Callable[..., Pair], tmp_path: Path
) -> None:
    pair = make_pair(stale_blocks=FRESH_BLOCKS - 1)  # two blocks behind, and without the tx
    run = diagnose(tmp_path, [pair.stale_proxy.url, pair.fresh_proxy.url], pair.tx_hash)
    (report,) = run.json_lines()
    assert report["verdict"] == "CONFIRMED" and lag_findings(report) == []
    assert json.dumps(report).count("ENDPOINT_") == 0
