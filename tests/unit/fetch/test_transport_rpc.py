"""JSON-RPC through the transport: batching, id matching, error objects, failover, checks."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from support import http_mock
from support.rpc_mock import RpcFailure, serve_rpc
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError, Transport

A = "https://a.rpc.test/"
B = "https://b.rpc.test/"
C = "https://c.rpc.test/"
REVERT_DATA = "0x08c379a0" + "00" * 32

Reply = tuple[int, dict[str, str], str]


@pytest.fixture
def mock() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport(sleep=lambda _: None) as shared:
        yield shared


def chain(method: str, params: list[Any]) -> Any:
    """A healthy node of chain 1 at block 0x10."""
    if method == "eth_call":
        raise RpcFailure(3, "execution reverted", REVERT_DATA)
    return {"eth_chainId": "0x1", "eth_blockNumber": "0x10"}.get(method)


def rewrite(mutate: Callable[[Any], Any]) -> Callable[[Any], Reply]:
    """A node answering like ``chain`` whose reply body is then passed through ``mutate``."""

    def callback(request: Any) -> Reply:
        body = json.loads(request.body)
        calls = body if isinstance(body, list) else [body]
        answers = [
            {"jsonrpc": "2.0", "id": c["id"], "result": chain(c["method"], [])} for c in calls
        ]
        return 200, {}, json.dumps(mutate(answers if isinstance(body, list) else answers[0]))

    return callback


def bodies(mock: http_mock.HttpMock, url: str) -> list[Any]:
    return [json.loads(call.request.body) for call in mock.calls if call.request.url == url]


CALLS = [("eth_chainId", []), ("eth_blockNumber", []), ("eth_getTransactionByHash", ["0x01"])]


def test_several_calls_go_out_as_one_batch_and_answers_keep_call_order(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add_callback(http_mock.POST, A, callback=rewrite(lambda batch: batch[::-1]))
    reply = transport.rpc([A], CALLS)
    assert reply.results == ["0x1", "0x10", None]
    assert reply.endpoint == A
    assert len(bodies(mock, A)) == 1


def test_a_single_call_is_sent_as_a_plain_object_and_batch_false_sends_one_by_one(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    serve_rpc(mock, A, chain)
    assert transport.rpc([A], CALLS[:1]).results == ["0x1"]
    assert transport.rpc([A], CALLS, batch=False).results == ["0x1", "0x10", None]
    assert all(isinstance(body, dict) for body in bodies(mock, A))
    assert len(bodies(mock, A)) == 4


def test_json_rpc_error_objects_are_results_not_exceptions(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    serve_rpc(mock, A, chain)
    reply = transport.rpc([A], [("eth_call", [{"to": "0x00"}, "latest"]), ("eth_chainId", [])])
    assert reply.results == [RpcError(3, "execution reverted", REVERT_DATA), "0x1"]
    assert [attempt.ok for attempt in reply.attempts] == [True]


def test_dead_endpoint_is_skipped_for_the_next_one(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, A, body=ConnectionResetError("connection reset"))
    serve_rpc(mock, B, chain)
    reply = transport.rpc([A, B], CALLS)
    assert reply.results == ["0x1", "0x10", None]
    assert reply.endpoint == B
    assert [(a.endpoint, a.ok, a.error) for a in reply.attempts] == [
        (A, False, "connection error"),
        (B, True, None),
    ]


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda batch: [{**a, "id": a["id"] + 1000} for a in batch], "wrong id"),
        (lambda batch: batch[:2], "missing id"),
        (lambda batch: [batch[0], batch[0], batch[1]], "duplicate id"),
        (lambda batch: batch[0], "expected an array"),
        (lambda batch: [{"jsonrpc": "2.0", "id": a["id"]} for a in batch], "neither result"),
        (lambda batch: [{**a, "error": "boom"} for a in batch], "error is not an object"),
        (lambda batch: ["0x1", "0x10", None], "malformed"),
    ],
)
def test_a_batch_reply_that_does_not_match_the_request_fails_over_without_retry(
    mock: http_mock.HttpMock,
    transport: Transport,
    mutate: Callable[[Any], Any],
    reason: str,
) -> None:
    mock.add_callback(http_mock.POST, A, callback=rewrite(mutate))
    serve_rpc(mock, B, chain)
    reply = transport.rpc([A, B], CALLS)
    assert reply.results == ["0x1", "0x10", None]
    assert reply.endpoint == B
    failed = reply.attempts[0]
    assert not failed.ok and failed.error is not None and reason in failed.error
    assert len(bodies(mock, A)) == 1


def test_a_single_reply_with_another_id_fails_over(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add_callback(http_mock.POST, A, callback=rewrite(lambda one: {**one, "id": 99999}))
    serve_rpc(mock, B, chain)
    reply = transport.rpc([A, B], CALLS[:1])
    assert reply.endpoint == B
    assert reply.attempts[0].error == "wrong id in JSON-RPC response"


@pytest.mark.parametrize(
    "refusal",
    [
        {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "batch disabled"}},
        [{"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "too many"}}],
    ],
)
def test_endpoint_refusing_batches_gets_the_calls_one_by_one(
    mock: http_mock.HttpMock, transport: Transport, refusal: Any
) -> None:
    def callback(request: Any) -> Reply:
        body = json.loads(request.body)
        if isinstance(body, list):
            return 200, {}, json.dumps(refusal)
        return (
            200,
            {},
            json.dumps({"jsonrpc": "2.0", "id": body["id"], "result": chain(body["method"], [])}),
        )

    mock.add_callback(http_mock.POST, A, callback=callback)
    first = transport.rpc([A], CALLS)
    second = transport.rpc([A], CALLS)
    assert first.results == second.results == ["0x1", "0x10", None]
    assert first.endpoint == A and first.attempts[0].ok
    sent = bodies(mock, A)
    # 1 refused batch + 3 single calls, then the endpoint is known: 3 single calls only.
    assert [isinstance(body, list) for body in sent] == [True] + [False] * 6


def test_check_rejection_moves_on_and_records_the_reason(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    serve_rpc(mock, A, lambda method, params: "0x38" if method == "eth_chainId" else None)
    serve_rpc(mock, B, chain)

    def on_chain_1(results: list[Any]) -> str | None:
        chain_id = int(results[0], 16)
        return None if chain_id == 1 else f"answers for chain {chain_id}, not 1"

    reply = transport.rpc([A, B], CALLS, check=on_chain_1)
    assert reply.endpoint == B
    assert reply.attempts[0].error == "rejected: answers for chain 56, not 1"
    assert reply.attempts[0].ok is False
    assert len(bodies(mock, A)) == 1


def test_rate_limit_inside_a_200_reply_is_retried_then_failed_over(
    mock: http_mock.HttpMock,
) -> None:
    def limited(method: str, params: list[Any]) -> Any:
        raise RpcFailure(-32090, "Too many requests, reason: call rate limit exhausted")

    serve_rpc(mock, A, limited)
    serve_rpc(mock, B, chain)
    sleeps: list[float] = []
    reply = Transport(retries=1, sleep=sleeps.append).rpc([A, B], CALLS[:1])
    assert reply.results == ["0x1"]
    assert reply.attempts[0].error is not None
    assert reply.attempts[0].error.startswith("rate limited")
    assert len(bodies(mock, A)) == 2 and len(sleeps) == 1


def test_a_revert_reason_that_mentions_a_quota_is_still_an_answer(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    def revert(method: str, params: list[Any]) -> Any:
        raise RpcFailure(3, "execution reverted: daily quota exceeded", REVERT_DATA)

    serve_rpc(mock, A, revert)
    reply = transport.rpc([A], [("eth_call", [{}, "latest"])])
    assert reply.results == [RpcError(3, "execution reverted: daily quota exceeded", REVERT_DATA)]


def test_error_without_id_for_a_single_call_fails_over_with_the_server_message(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    error = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "invalid key"}}
    mock.add(http_mock.POST, A, json=error)
    serve_rpc(mock, B, chain)
    reply = transport.rpc([A, B], CALLS[:1])
    assert reply.endpoint == B
    assert reply.attempts[0].error == "JSON-RPC error -32600: invalid key"


def test_all_endpoints_down_lists_every_attempt_and_makes_a_bounded_number_of_requests(
    mock: http_mock.HttpMock,
) -> None:
    for url in (A, B, C):
        mock.add(http_mock.POST, url, status=502)
    sleeps: list[float] = []
    transport = Transport(retries=2, backoff=0.2, max_backoff=5.0, sleep=sleeps.append)
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([A, B, C], CALLS)
    attempts = failed.value.attempts
    assert [(a.endpoint, a.error, a.tries) for a in attempts] == [
        (A, "HTTP 502", 3),
        (B, "HTTP 502", 3),
        (C, "HTTP 502", 3),
    ]
    assert len(mock.calls) == 9
    assert len(sleeps) == 6 and all(0.1 <= s <= 0.8 for s in sleeps)
    assert str(failed.value) == (
        f"all 3 endpoint(s) failed: {A}: HTTP 502; {B}: HTTP 502; {C}: HTTP 502"
    )


def test_no_endpoints_is_a_failure_with_no_attempts(transport: Transport) -> None:
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([], CALLS)
    assert failed.value.attempts == ()


def test_threads_sharing_a_transport_each_get_their_own_answers(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    serve_rpc(mock, A, lambda method, params: params[0])
    answers: dict[int, list[Any]] = {}

    def ask(n: int) -> None:
        calls = [("echo", [f"{n}-{i}"]) for i in range(5)]
        answers[n] = transport.rpc([A], calls).results

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {n: [f"{n}-{i}" for i in range(5)] for n in range(16)}
