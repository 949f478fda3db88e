"""Rate limits per endpoint, 429 pauses shared by threads, and batches split to fit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from support import http_mock
from support.rpc_mock import serve_rpc
from txdoctor.fetch.transport import AllEndpointsFailed, Transport
from txdoctor.fetch.transport._pace import Pace

A = "https://a.rpc.test/"


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def mock() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def node(method: str, params: list[Any]) -> Any:
    return {"eth_chainId": "0x1", "eth_blockNumber": "0x10"}.get(
        method, params[0] if params else None
    )


def test_a_rate_spaces_requests_evenly() -> None:
    time = FakeTime()
    pace = Pace(4.0, time.clock, time.sleep)
    for _ in range(4):
        pace.wait_turn()
    assert time.sleeps == [0.25, 0.25, 0.25]


def test_a_pause_holds_every_request_except_the_retry_that_waits_for_it_itself() -> None:
    time = FakeTime()
    pace = Pace(None, time.clock, time.sleep)
    pace.pause(2.0)
    pace.wait_turn(retrying_429=True)
    assert time.sleeps == []
    pace.wait_turn()
    assert time.sleeps == [2.0]
    pace.pause(None)  # a 429 without Retry-After: one second
    pace.wait_turn()
    assert time.sleeps == [2.0, 1.0]


def test_the_transport_applies_the_rate_of_each_endpoint(mock: http_mock.HttpMock) -> None:
    serve_rpc(mock, A, node)
    sleeps: list[float] = []
    transport = Transport(sleep=sleeps.append, rate_limits={A: 5.0})
    for _ in range(3):
        transport.rpc([A], [("eth_chainId", [])])
    # The fake sleep lets no time pass, so the slots are 0.2 s and 0.4 s from the first.
    assert len(sleeps) == 2 and 0.1 < sleeps[0] <= 0.2 and 0.3 < sleeps[1] <= 0.4


def test_a_429_makes_other_requests_to_that_endpoint_wait_too(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.POST, A, status=429, headers={"Retry-After": "3"})
    serve_rpc(mock, A, node)
    sleeps: list[float] = []
    transport = Transport(sleep=sleeps.append)
    assert transport.rpc([A], [("eth_chainId", [])]).results == ["0x1"]
    assert sleeps == [3.0]  # the retry waited as asked
    transport.rpc([A], [("eth_blockNumber", [])])  # a fresh request: the pause still holds
    assert len(sleeps) == 2 and 2.5 < sleeps[1] <= 3.0


def geth_limited(limit: int, seen: list[int]) -> Any:
    """A node refusing batches over ``limit`` the way geth does: one error for the batch."""

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body)
        calls = body if isinstance(body, list) else [body]
        seen.append(len(calls))
        if isinstance(body, list) and len(body) > limit:
            error = {
                "jsonrpc": "2.0",
                "id": body[0]["id"],
                "error": {"code": -32600, "message": "batch too large"},
            }
            return 200, {}, json.dumps([error])
        answers = [{"jsonrpc": "2.0", "id": c["id"], "result": c["params"][0]} for c in calls]
        return 200, {}, json.dumps(answers if isinstance(body, list) else answers[0])

    return callback


def test_a_batch_too_large_is_split_and_the_size_remembered(mock: http_mock.HttpMock) -> None:
    seen: list[int] = []
    mock.add_callback(http_mock.POST, A, callback=geth_limited(2, seen))
    transport = Transport(sleep=lambda _: None)
    calls = [("eth_getTransactionByHash", [f"0x{i:02x}"]) for i in range(8)]
    assert transport.rpc([A], calls).results == [f"0x{i:02x}" for i in range(8)]
    assert seen == [8, 4, 2, 2, 4, 2, 2]
    seen.clear()
    assert transport.rpc([A], calls).results == [f"0x{i:02x}" for i in range(8)]
    assert seen == [2, 2, 2, 2]  # no refused batch the second time


def test_http_413_and_an_answer_over_the_size_cap_split_the_batch_too(
    mock: http_mock.HttpMock,
) -> None:
    sizes: list[int] = []

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body)
        sizes.append(len(body))
        if len(body) > 2:
            return 413, {}, "Request Entity Too Large"
        return (
            200,
            {},
            json.dumps([{"jsonrpc": "2.0", "id": c["id"], "result": "0x1"} for c in body]),
        )

    mock.add_callback(http_mock.POST, A, callback=callback)
    transport = Transport(sleep=lambda _: None)
    assert transport.rpc([A], [("eth_chainId", [])] * 4).results == ["0x1"] * 4
    assert sizes == [4, 2, 2]


def test_a_single_call_too_large_fails_the_endpoint(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.POST, A, body="x" * 200)
    transport = Transport(sleep=lambda _: None, max_body_bytes=100)
    with pytest.raises(AllEndpointsFailed, match="response too large"):
        transport.rpc([A], [("eth_chainId", [])])


def test_a_revert_mentioning_a_batch_limit_is_an_answer_not_a_size_problem(
    mock: http_mock.HttpMock,
) -> None:
    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        body = json.loads(request.body)
        error = {"code": 3, "message": "execution reverted: batch limit exceeded", "data": "0x"}
        return (
            200,
            {},
            json.dumps([{"jsonrpc": "2.0", "id": c["id"], "error": error} for c in body]),
        )

    mock.add_callback(http_mock.POST, A, callback=callback)
    reply = Transport(sleep=lambda _: None).rpc([A], [("eth_call", [{}, "latest"])] * 2)
    assert [r.code for r in reply.results] == [3, 3]
