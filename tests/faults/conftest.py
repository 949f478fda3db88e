"""Fixtures of the fault-injection suite: two real anvil chains holding 200 known cases.

``workload`` makes, once per module, 190 real transactions whose verdict is known by
construction (confirmed transfers on two chains, reverts with a message, a panic or a
custom error, out-of-gas calls) plus 10 hashes no chain knows. ``fault_proxies`` puts
loopback fault proxies in front of the nodes. What each run took is printed at the end of
the session (``report_timing``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from faults_support import CHAIN_A, CHAIN_B, TIMINGS, Case, Workload

from support import scenarios as sc
from support.anvil import AnvilError, AnvilNode
from support.fault_proxy import FaultProxy
from support.solidity import SolidityError, compile_contracts


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TIMINGS:
        terminalreporter.section("fault injection: wall time")
        for line in TIMINGS:
            terminalreporter.write_line(line)


def _start(chain_id: int) -> AnvilNode:
    try:
        return AnvilNode.start(chain_id)
    except AnvilError as exc:
        pytest.fail(f"cannot start anvil (setup bug, not a test failure): {exc}", pytrace=False)


@pytest.fixture(scope="module")
def workload() -> Iterator[Workload]:
    try:
        compile_contracts()
    except SolidityError as exc:
        pytest.fail(f"cannot compile test contracts (setup bug): {exc}", pytrace=False)
    a, b = _start(CHAIN_A), _start(CHAIN_B)
    try:
        yield Workload({"ethereum": a, "bsc": b}, _make_cases(a, b))
    finally:
        a.stop()
        b.stop()


def _make_cases(a: AnvilNode, b: AnvilNode) -> list[Case]:
    cases: list[Case] = []
    reverter = sc.deploy_reverter(a)
    for i in range(20):
        case = sc.reverted_with_message(a, contract=reverter)
        cases.append(Case(case.hash, "FAILED_REVERTED", "ethereum", sc.REVERT_MESSAGE))
        if i < 5:
            panic = sc.reverted_with_panic(a, contract=reverter)
            cases.append(Case(panic.hash, "FAILED_REVERTED", "ethereum"))
            custom = sc.reverted_with_custom_error(a, contract=reverter)
            cases.append(
                Case(
                    custom.hash,
                    "FAILED_REVERTED",
                    "ethereum",
                    "InsufficientBalance(uint256,uint256)",
                )
            )
        if i < 10:
            oog = sc.out_of_gas(a, contract=reverter)
            cases.append(Case(oog.hash, "FAILED_OUT_OF_GAS", "ethereum"))
    for node, name, count in ((a, "ethereum", 110), (b, "bsc", 40)):
        senders = node.accounts()[1:19]
        for i in range(count):
            sent = sc.eth_transfer(
                node, sender=senders[i % len(senders)], to=node.accounts()[19], value=10**15 + i
            )
            cases.append(Case(sent.hash, "CONFIRMED", name))
    a.mine(10)  # every transaction now has more confirmations than the chains file asks
    b.mine(10)
    cases += [Case(sc.random_hash(), "NOT_FOUND", None) for _ in range(10)]
    assert len(cases) == 200
    random.Random(3).shuffle(cases)
    return cases


@pytest.fixture
def fault_proxies() -> Iterator[Callable[..., FaultProxy]]:
    """``fault_proxies(node_url, rate=…, seed=…)`` starts a proxy, stopped at teardown."""
    proxies: list[FaultProxy] = []

    def start(upstream: str, **kwargs: Any) -> FaultProxy:
        proxy = FaultProxy(upstream, **kwargs).start()
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()
