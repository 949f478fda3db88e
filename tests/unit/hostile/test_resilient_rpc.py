"""``fetch/resilient``: passes over a chain's endpoints, and dead endpoints set aside."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from support.rpc_mock import serve_rpc
from txdoctor.fetch import resilient
from txdoctor.fetch.resilient import COOL_DOWN, PASSES, TRIP_AFTER, EndpointRecord, resilient_rpc
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

A, B = "https://a.rpc.test/", "https://b.rpc.test/"
CALLS = [("eth_chainId", [])]


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def quiet_transport() -> Transport:
    return Transport(retries=0, sleep=lambda _: None)


def calls_to(mock: responses.RequestsMock, url: str) -> int:
    return sum(1 for call in mock.calls if call.request.url == url)


def test_a_question_every_endpoint_failed_transiently_gets_another_pass(
        mock: responses.RequestsMock) -> None:
    for url in (A, B):
        mock.add(responses.POST, url, status=503)
    serve_rpc(mock, B, lambda method, params: "0x1")
    reply = resilient_rpc(quiet_transport(), [A, B], CALLS)
    assert reply.results == ["0x1"] and reply.endpoint == B
    # The first pass's failures stay on record.
    assert [a.error for a in reply.attempts] == ["HTTP 503", "HTTP 503", "HTTP 503", None]


@pytest.mark.parametrize("status", [401, 403, 404])
def test_lasting_refusals_get_no_second_pass(mock: responses.RequestsMock, status: int) -> None:
    mock.add(responses.POST, A, status=status)
    with pytest.raises(AllEndpointsFailed) as failed:
        resilient_rpc(quiet_transport(), [A], CALLS)
    assert calls_to(mock, A) == 1 and len(failed.value.attempts) == 1


def test_wrong_answers_get_no_second_pass(mock: responses.RequestsMock) -> None:
    serve_rpc(mock, A, lambda method, params: "0x38")
    with pytest.raises(AllEndpointsFailed):
        resilient_rpc(quiet_transport(), [A], CALLS, check=lambda r: "another chain")
    assert calls_to(mock, A) == 1


def test_passes_are_bounded(mock: responses.RequestsMock) -> None:
    mock.add(responses.POST, A, status=500)
    with pytest.raises(AllEndpointsFailed) as failed:
        resilient_rpc(quiet_transport(), [A], CALLS)
    assert calls_to(mock, A) == PASSES == len(failed.value.attempts)


def test_no_new_pass_starts_late(mock: responses.RequestsMock) -> None:
    mock.add(responses.POST, A, status=500)
    ticks = iter([0.0, resilient.NEW_PASS_WITHIN + 1, 99.0, 99.0])
    with pytest.raises(AllEndpointsFailed):
        resilient_rpc(quiet_transport(), [A], CALLS, clock=lambda: next(ticks))
    assert calls_to(mock, A) == 1


def test_an_endpoint_failing_again_and_again_is_set_aside_then_tried_again() -> None:
    now = [0.0]
    record = EndpointRecord(clock=lambda: now[0])
    for _ in range(TRIP_AFTER - 1):
        record.failed(A, "connection refused")
    assert record.usable(A)
    record.failed(A, "connection refused")
    assert not record.usable(A)
    skipped = record.skipped(A)
    assert skipped.tries == 0 and skipped.error is not None
    assert f"failed {TRIP_AFTER} times in a row, last: connection refused" in skipped.error
    now[0] += COOL_DOWN
    assert record.usable(A)  # one exchange to prove itself
    record.failed(A, "connection refused")
    assert not record.usable(A)  # and set aside again at once
    now[0] += COOL_DOWN
    record.answered(A)
    record.failed(A, "timeout")
    assert record.usable(A)  # an answer wiped the slate


def test_a_dead_endpoint_stops_being_asked_within_one_run(mock: responses.RequestsMock) -> None:
    mock.add(responses.POST, A, status=502)
    serve_rpc(mock, B, lambda method, params: "0x1")
    transport = quiet_transport()
    for _ in range(20):
        assert resilient_rpc(transport, [A, B], CALLS).results == ["0x1"]
    assert calls_to(mock, A) == TRIP_AFTER  # then only B, with A shown as not asked
    with pytest.raises(AllEndpointsFailed) as failed:
        resilient_rpc(transport, [A], CALLS)
    assert failed.value.attempts[0].error.startswith("not asked: failed")  # type: ignore[union-attr]
    assert calls_to(mock, A) == TRIP_AFTER
    # Another run (another transport) starts with a clean record.
    resilient_rpc(quiet_transport(), [A, B], CALLS)
    assert calls_to(mock, A) == TRIP_AFTER + 1
