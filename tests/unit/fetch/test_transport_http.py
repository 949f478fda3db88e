"""HTTP behaviour of the transport: retries, rate limits, timeouts, bad bodies, redaction."""

from __future__ import annotations

import gzip
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from urllib3.exceptions import NewConnectionError, ReadTimeoutError

from support import http_mock
from support.loopback import Upstream, rpc_callback
from support.rpc_mock import serve_rpc
from txdoctor.core.redact import register_secret
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

A = "https://a.rpc.test/"
B = "https://b.rpc.test/"
CHAIN_ID = [("eth_chainId", [])]
INFURA_KEY = "9aa3d95b3bc440fa88ea12eaa4456161"
INFURA = f"https://mainnet.infura.io/v3/{INFURA_KEY}"


@pytest.fixture
def mock() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def transport(sleeps: list[float]) -> Iterator[Transport]:
    with Transport(retries=2, backoff=0.2, max_backoff=5.0, sleep=sleeps.append) as shared:
        yield shared


def healthy(url: str, mock: http_mock.HttpMock) -> None:
    serve_rpc(mock, url, lambda method, params: "0x1")


def calls_to(mock: http_mock.HttpMock, url: str) -> int:
    return sum(1 for call in mock.calls if call.request.url == url)


def test_server_error_is_retried_on_the_same_endpoint(
    mock: http_mock.HttpMock, transport: Transport, sleeps: list[float]
) -> None:
    mock.add(http_mock.POST, A, status=500)
    healthy(A, mock)
    reply = transport.rpc([A, B], CHAIN_ID)
    assert reply.results == ["0x1"]
    assert reply.endpoint == A
    assert calls_to(mock, A) == 2
    assert [(a.ok, a.tries) for a in reply.attempts] == [(True, 2)]
    assert len(sleeps) == 1 and 0.1 <= sleeps[0] <= 0.2


def test_the_caller_learns_when_the_first_request_has_been_written(
    transport: Transport,
) -> None:
    seen_by_the_server: list[bool] = []

    def answer(method: str, params: Any) -> str:
        # The client flags it right after writing: the server may read first, so it waits.
        seen_by_the_server.append(transport.sending.wait(2))
        return "0x1"

    node = Upstream(rpc_callback(answer)).start()
    try:
        assert transport.worth_asking([node.url]) == [node.url]
        assert not transport.sending.is_set()
        assert transport.rpc([node.url], CHAIN_ID).results == ["0x1"]
        assert seen_by_the_server == [True]
    finally:
        node.stop()


def test_the_caller_is_not_told_while_the_first_request_is_still_connecting(
    transport: Transport,
) -> None:
    """A TLS handshake the server never answers: nothing is written, so the caller's own
    work (loading its output) must not compete with the connecting thread yet; once the
    attempt has failed, it may."""
    silent = socket.create_server(("127.0.0.1", 0))
    url = f"https://127.0.0.1:{silent.getsockname()[1]}/"
    outcome: list[BaseException] = []

    def ask() -> None:
        try:
            transport.rpc([url], CHAIN_ID, within=1.0)
        except AllEndpointsFailed as failed:
            outcome.append(failed)

    asking = threading.Thread(target=ask)
    try:
        asking.start()
        time.sleep(0.4)  # connected, handshake sent, no answer
        assert asking.is_alive() and not transport.sending.is_set()
        asking.join(5)
        assert outcome and transport.sending.wait(2)  # set as the cut-off attempt ends
    finally:
        silent.close()


def test_429_waits_as_long_as_retry_after_says(
    mock: http_mock.HttpMock, transport: Transport, sleeps: list[float]
) -> None:
    mock.add(http_mock.POST, A, status=429, headers={"Retry-After": "1"})
    healthy(A, mock)
    assert transport.rpc([A], CHAIN_ID).results == ["0x1"]
    assert sleeps == [1.0]


def test_429_retry_after_may_be_an_http_date(
    mock: http_mock.HttpMock, transport: Transport, sleeps: list[float]
) -> None:
    mock.add(
        http_mock.POST,
        A,
        status=429,
        headers={"Retry-After": formatdate(time.time() + 3, usegmt=True)},
    )
    healthy(A, mock)
    assert transport.rpc([A], CHAIN_ID).results == ["0x1"]
    assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 3.0


def test_429_asking_for_more_than_max_backoff_fails_over_at_once(
    mock: http_mock.HttpMock, transport: Transport, sleeps: list[float]
) -> None:
    mock.add(http_mock.POST, A, status=429, headers={"Retry-After": "120"})
    healthy(B, mock)
    reply = transport.rpc([A, B], CHAIN_ID)
    assert reply.endpoint == B
    assert reply.attempts[0].error == "HTTP 429 (asked to wait 120s)"
    assert sleeps == []
    assert calls_to(mock, A) == 1


def test_429_asking_to_wait_past_the_calls_deadline_moves_on_at_once(
    mock: http_mock.HttpMock, transport: Transport, sleeps: list[float]
) -> None:
    mock.add(http_mock.POST, A, status=429, headers={"Retry-After": "1"})
    # B is asked as soon as A answers 429; it takes 0.3 s, so A's failure is in before it.
    serve_rpc(mock, B, lambda method, params: time.sleep(0.3) or "0x1")
    reply = transport.rpc([A, B], CHAIN_ID, within=0.8)
    assert reply.endpoint == B
    assert reply.attempts[0].error == "HTTP 429 (asked to wait 1s, past the deadline)"
    assert sleeps == []
    assert calls_to(mock, A) == 1


def test_backoff_that_would_end_past_the_deadline_is_not_waited(
    mock: http_mock.HttpMock, sleeps: list[float]
) -> None:
    with Transport(retries=2, backoff=1.0, max_backoff=5.0, sleep=sleeps.append) as slow_backoff:
        mock.add(http_mock.POST, A, status=503)
        healthy(B, mock)
        reply = slow_backoff.rpc([A, B], CHAIN_ID, within=0.4)
    assert reply.endpoint == B
    assert sleeps == []  # a retry of A after 0.5-1 s could not end within 0.4 s
    assert calls_to(mock, A) == 1


def test_a_timeout_moves_on_to_the_next_endpoint_before_retrying_the_same(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, A, body=ReadTimeoutError(None, A, "read timed out"))
    healthy(B, mock)
    reply = transport.rpc([A, B], CHAIN_ID)
    assert reply.endpoint == B
    assert (reply.attempts[0].error, reply.attempts[0].tries) == ("timeout", 1)
    assert calls_to(mock, A) == 1


def test_a_timeout_on_the_only_endpoint_gets_another_pass(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, A, body=ReadTimeoutError(None, A, "read timed out"))
    healthy(A, mock)
    reply = transport.rpc([A], CHAIN_ID)
    assert reply.results == ["0x1"]
    assert [a.error for a in reply.attempts] == ["timeout", None]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"body": "<html>502 Bad Gateway</html>"}, "invalid JSON"),
        ({"body": '{"jsonrpc":"2.0","id":1,"resu'}, "invalid JSON"),
        ({"body": ""}, "invalid JSON (empty body)"),
        (
            {
                "status": 403,
                "json": {"error": {"code": -32600, "message": "Must be authenticated!"}},
            },
            "HTTP 403: Must be authenticated!",
        ),
        ({"status": 404, "body": "Not Found"}, "HTTP 404: Not Found"),
        ({"body": "x" * 2000}, "response too large"),
        ({"body": "{}", "headers": {"Content-Length": "5000000"}}, "response too large"),
    ],
)
def test_unusable_answers_fail_over_without_retry(
    mock: http_mock.HttpMock,
    answer: dict[str, Any],
    reason: str,
) -> None:
    mock.add(http_mock.POST, A, **answer)
    healthy(B, mock)
    reply = Transport(max_body_bytes=1000, sleep=lambda _: None).rpc([A, B], CHAIN_ID)
    assert reply.endpoint == B
    assert reply.attempts[0].error == reason
    assert calls_to(mock, A) == 1


def test_the_log_says_why_an_answer_with_status_200_was_not_used(
    mock: http_mock.HttpMock, caplog: pytest.LogCaptureFixture
) -> None:
    """With ``-v``, "HTTP 200" alone would read like a good answer; the log line after it
    says the body was not JSON."""
    mock.add(http_mock.POST, A, body="<html>502 Bad Gateway</html>")
    healthy(B, mock)
    with caplog.at_level(logging.INFO, logger="txdoctor.fetch"):
        Transport(sleep=lambda _: None).rpc([A, B], CHAIN_ID)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith(A)]
    assert len(lines) == 2
    assert lines[0].startswith(f"{A} eth_chainId: HTTP 200 in ")
    assert lines[1].startswith(f"{A} eth_chainId: HTTP 200, invalid JSON in ")


def test_absurdly_nested_json_is_refused_not_a_crash(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.POST, A, body="[" * 100_000 + "]" * 100_000)
    with pytest.raises(AllEndpointsFailed) as failed:
        Transport().rpc([A], CHAIN_ID)
    assert failed.value.attempts[0].error == "invalid JSON"


def test_a_compressed_body_is_capped_by_its_unpacked_size(mock: http_mock.HttpMock) -> None:
    bomb = gzip.compress(b" " * 50_000_000)
    mock.add(http_mock.POST, A, body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(AllEndpointsFailed) as failed:
        Transport(max_body_bytes=1_000_000).rpc([A], CHAIN_ID)
    assert len(bomb) < 1_000_000
    assert failed.value.attempts[0].error == "response too large"


def test_body_cut_off_before_its_declared_length_is_asked_again(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, A, body='{"jsonrpc":"2.0","id"', headers={"Content-Length": "60"})
    healthy(A, mock)
    reply = transport.rpc([A], CHAIN_ID)
    assert reply.results == ["0x1"]
    assert [(a.error, a.tries) for a in reply.attempts] == [
        ("connection closed mid-response", 1),
        (None, 1),
    ]


def test_redirects_are_not_followed(mock: http_mock.HttpMock, transport: Transport) -> None:
    mock.add(http_mock.POST, A, status=301, headers={"Location": "https://elsewhere.test/"})
    healthy("https://elsewhere.test/", mock)
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([A], CHAIN_ID)
    assert failed.value.attempts[0].error == "HTTP 301 (redirect not followed)"
    assert calls_to(mock, "https://elsewhere.test/") == 0


def test_user_agent_and_caller_headers_are_sent(mock: http_mock.HttpMock) -> None:
    healthy(A, mock)
    transport = Transport(user_agent="txdoctor/9", headers_for=lambda url: {"X-Key": "k-" + url})
    transport.rpc([A], CHAIN_ID)
    sent = mock.calls[0].request.headers
    assert sent["User-Agent"] == "txdoctor/9"
    assert sent["X-Key"] == "k-" + A
    assert sent["Content-Type"] == "application/json"


def test_keys_in_urls_never_show_in_attempts_or_exceptions(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    noisy = NewConnectionError(
        None,  # type: ignore[arg-type]
        f"HTTPSConnectionPool(host='mainnet.infura.io', port=443): Max retries exceeded with "
        f"url: /v3/{INFURA_KEY} ({INFURA})",
    )
    mock.add(http_mock.POST, INFURA, body=noisy)
    mock.add(
        http_mock.POST,
        "https://rpc.test/?apikey=S3cr3tK3y",
        status=500,
        body=f"upstream {INFURA} said no to S3cr3tK3y",
    )
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([INFURA, "https://rpc.test/?apikey=S3cr3tK3y"], CHAIN_ID)
    shown = [a.endpoint for a in failed.value.attempts]
    # (A failed connection gets another pass: the list may repeat the first endpoint.)
    assert set(shown) == {"https://mainnet.infura.io/…", "https://rpc.test/…"}
    assert shown[:2] == ["https://mainnet.infura.io/…", "https://rpc.test/…"]
    # The server quoted the endpoint's key: its message is dropped, whatever else it said.
    assert failed.value.attempts[1].error == (
        "HTTP 500 (server message withheld: it quoted the endpoint URL)"
    )
    everything = repr(failed.value.attempts) + str(failed.value)
    assert INFURA_KEY not in everything and "S3cr3tK3y" not in everything
    # Nothing chained either: a traceback must not reveal the original urllib3 error.
    assert failed.value.__cause__ is None and failed.value.__context__ is None


def test_api_keys_sent_in_headers_and_registered_keys_are_masked_in_errors(
    mock: http_mock.HttpMock,
) -> None:
    register_secret("env-key-7d41c2")
    mock.add(http_mock.POST, A, status=401, json={"Error": "x", "message": "bad key hdr-key-19ab"})
    mock.add(http_mock.POST, B, status=503, body="quota of env-key-7d41c2 used up")
    transport = Transport(headers_for=lambda url: {"TRON-PRO-API-KEY": "hdr-key-19ab"}, retries=0)
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([A, B], CHAIN_ID)
    assert [a.error for a in failed.value.attempts][:2] == [
        "HTTP 401: bad key ***",
        "HTTP 503: quota of *** used up",
    ]
    assert "hdr-key-19ab" not in str(failed.value) and "env-key-7d41c2" not in str(failed.value)


class _SlowHandler(BaseHTTPRequestHandler):
    """Answers late (``/late``) or dribbles its body one byte at a time (``/drip``)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/late":
            time.sleep(1.0)
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def slow_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/late", "/drip"])
def test_slow_servers_are_cut_off_within_the_documented_bound(slow_server: str, path: str) -> None:
    # Each request ends by its timeout however the bytes come; the call by its deadline.
    transport = Transport(timeout=0.3, connect_timeout=0.3, retries=0, deadline=0.8)
    started = time.monotonic()
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.rpc([slow_server + path], CHAIN_ID)
    errors = {a.error for a in failed.value.attempts}
    assert errors <= {"timeout", "no answer by the deadline"} and "timeout" in errors
    assert time.monotonic() - started < 0.8 + 1.0  # the deadline + generous scheduling slack


def test_closed_port_is_reported_as_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(AllEndpointsFailed) as failed:
        Transport(retries=0).rpc([f"http://127.0.0.1:{port}/"], CHAIN_ID)
    assert failed.value.attempts[0].error == "connection refused"


def test_posted_rpc_body_is_plain_json_rpc(mock: http_mock.HttpMock) -> None:
    healthy(A, mock)
    Transport().rpc([A], [("eth_getBalance", ["0xab", "latest"])])
    body = json.loads(mock.calls[0].request.body)
    assert {k: body[k] for k in ("jsonrpc", "method", "params")} == {
        "jsonrpc": "2.0",
        "method": "eth_getBalance",
        "params": ["0xab", "latest"],
    }
