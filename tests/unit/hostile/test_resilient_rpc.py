"""The transport's passes over a chain's endpoints, and dead endpoints set aside (every
family's calls go through them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support import http_mock
from support.rpc_mock import serve_rpc
from txdoctor.fetch.transport import AllEndpointsFailed, Transport
from txdoctor.fetch.transport._health import COOL_DOWN, TRIP_AFTER, EndpointBook
from txdoctor.fetch.transport._hedge import PASSES

A, B = "https://a.rpc.test/", "https://b.rpc.test/"
CALLS = [("eth_chainId", [])]


@pytest.fixture
def mock() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def quiet_transport() -> Transport:
    return Transport(retries=0, sleep=lambda _: None)


def calls_to(mock: http_mock.HttpMock, url: str) -> int:
    return sum(1 for call in mock.calls if call.request.url == url)


def test_a_question_every_endpoint_failed_transiently_gets_another_pass(
    mock: http_mock.HttpMock,
) -> None:
    for url in (A, B):
        mock.add(http_mock.POST, url, status=503)
    serve_rpc(mock, B, lambda method, params: "0x1")
    reply = quiet_transport().rpc([A, B], CALLS)
    assert reply.results == ["0x1"] and reply.endpoint == B
    # The first pass's failures stay on record.
    assert [a.error for a in reply.attempts] == ["HTTP 503", "HTTP 503", "HTTP 503", None]


def test_the_same_pass_logic_serves_rest_calls(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.GET, A + "tip", status=503)
    mock.add(http_mock.GET, A + "tip", json=7)
    reply = quiet_transport().get_json([A], "tip")
    assert reply.body == 7 and [a.error for a in reply.attempts] == ["HTTP 503", None]


@pytest.mark.parametrize("status", [401, 403, 404])
def test_lasting_refusals_get_no_second_pass(mock: http_mock.HttpMock, status: int) -> None:
    mock.add(http_mock.POST, A, status=status)
    with pytest.raises(AllEndpointsFailed) as failed:
        quiet_transport().rpc([A], CALLS)
    assert calls_to(mock, A) == 1 and len(failed.value.attempts) == 1


def test_wrong_answers_get_no_second_pass(mock: http_mock.HttpMock) -> None:
    serve_rpc(mock, A, lambda method, params: "0x38")
    with pytest.raises(AllEndpointsFailed):
        quiet_transport().rpc([A], CALLS, check=lambda r: "another chain")
    assert calls_to(mock, A) == 1


def test_passes_are_bounded(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.POST, A, status=500)
    with pytest.raises(AllEndpointsFailed) as failed:
        quiet_transport().rpc([A], CALLS)
    assert calls_to(mock, A) == PASSES == len(failed.value.attempts)


def test_a_failure_retried_in_place_gets_no_further_pass(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.POST, A, status=500)
    with pytest.raises(AllEndpointsFailed) as failed:
        Transport(retries=2, sleep=lambda _: None).rpc([A], CALLS)
    assert calls_to(mock, A) == 3 and [a.tries for a in failed.value.attempts] == [3]


def test_an_endpoint_failing_again_and_again_is_set_aside_then_tried_again() -> None:
    now = [0.0]
    book = EndpointBook(clock=lambda: now[0])
    for _ in range(TRIP_AFTER - 1):
        book.failed(A, "HTTP 502")
    assert book.usable(A)
    book.failed(A, "HTTP 502")
    assert not book.usable(A)
    skipped = book.skipped(A)
    assert skipped.tries == 0 and skipped.error is not None
    assert f"failed {TRIP_AFTER} times in a row, last: HTTP 502" in skipped.error
    now[0] += COOL_DOWN
    assert book.usable(A)  # one exchange to prove itself
    book.failed(A, "HTTP 502")
    assert not book.usable(A)  # and set aside again at once
    now[0] += COOL_DOWN
    book.answered(A, 0.05)
    book.failed(A, "timeout")
    assert book.usable(A)  # an answer wiped the slate


def test_a_refused_or_unresolvable_endpoint_is_not_asked_again_in_the_run() -> None:
    book = EndpointBook(clock=lambda: 0.0)
    book.failed(A, "DNS lookup failed", unreachable=True)
    assert not book.usable(A)
    assert book.skipped(A).error == "not asked: DNS lookup failed earlier in this run"


def test_endpoints_that_failed_lately_are_asked_last() -> None:
    book = EndpointBook(clock=lambda: 0.0)
    assert book.order([A, B]) == [A, B]
    book.failed(A, "timeout")
    assert book.order([A, B]) == [B, A]
    book.answered(A, 0.05)
    assert book.order([A, B]) == [A, B]


def test_a_dead_endpoint_stops_being_asked_within_one_run(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.POST, A, status=502)
    serve_rpc(mock, B, lambda method, params: "0x1")
    transport = quiet_transport()
    for _ in range(20):
        assert transport.rpc([A, B], CALLS).results == ["0x1"]
    # After one failure A goes last: B answers, A is not asked again while B does.
    assert calls_to(mock, A) == 1
    for _ in range(TRIP_AFTER):
        with pytest.raises(AllEndpointsFailed):
            transport.rpc([A], CALLS)
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([A], CALLS)
    assert failed.value.attempts[0].error.startswith("not asked: failed")  # type: ignore[union-attr]
    asked = calls_to(mock, A)
    # Another run (another transport, no state file) starts with a clean record.
    quiet_transport().rpc([A, B], CALLS)
    assert calls_to(mock, A) == asked + 1
