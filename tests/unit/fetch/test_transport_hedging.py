"""Hedged failover, deadlines and remembered endpoint health in the transport, against real
loopback servers (a hang is a real hang; nothing here depends on a tight clock)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from txdoctor.fetch.transport import MOOT, AllEndpointsFailed, Transport
from txdoctor.fetch.transport._health import (
    REMEMBER_FOR,
    EndpointBook,
    EndpointState,
    endpoint_key,
)

CHAIN_ID = [("eth_chainId", [])]
BATCH = [("eth_getBalance", [f"0x{n:040x}", "latest"]) for n in range(200)]


class Node:
    """A loopback JSON-RPC endpoint answering ``eth_chainId`` after ``delay`` seconds."""

    def __init__(
        self, delay: float = 0.0, drop_first: int = 0, busy_for: str = "", hang_first: int = 0
    ) -> None:
        self.delay = delay
        self.hang_first = hang_first  # requests kept 5 s unanswered before any is answered
        self.drop_first = drop_first  # requests answered by closing the connection
        self.busy_for = busy_for  # when set, every request gets 429 with this Retry-After
        self.requests = 0
        self.arrived: list[float] = []  # time.monotonic() of each request
        self.closed_early = threading.Event()  # the client hung up before the answer
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests += 1
                owner.arrived.append(time.monotonic())
                if owner.requests <= owner.drop_first:
                    self.close_connection = True  # no answer: the client sees it cut off
                    return
                if owner.busy_for:
                    self.send_response(429)
                    self.send_header("Retry-After", owner.busy_for)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                hangs = owner.requests <= owner.drop_first + owner.hang_first
                ends = time.monotonic() + (5.0 if hangs else owner.delay)
                while time.monotonic() < ends:
                    time.sleep(0.02)
                    if _peer_closed(self.connection):
                        owner.closed_early.set()
                        return
                answers = [
                    {"jsonrpc": "2.0", "id": call["id"], "result": "0x1"}
                    for call in (body if isinstance(body, list) else [body])
                ]
                payload = json.dumps(answers if isinstance(body, list) else answers[0]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

            def handle_error(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _peer_closed(connection: Any) -> bool:
    import select
    import socket

    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


@pytest.fixture
def nodes() -> Iterator[list[Node]]:
    made: list[Node] = []
    yield made
    for node in made:
        node.stop()


def start(
    nodes: list[Node],
    delay: float = 0.0,
    drop_first: int = 0,
    busy_for: str = "",
    hang_first: int = 0,
) -> Node:
    node = Node(delay, drop_first, busy_for, hang_first)
    nodes.append(node)
    return node


def test_a_stalled_endpoint_gets_a_hedge_and_the_first_answer_wins(nodes: list[Node]) -> None:
    slow, fast = start(nodes, delay=5.0), start(nodes)
    transport = Transport(timeout=8, deadline=8)
    reply = transport.rpc([slow.url, fast.url], CHAIN_ID)
    assert reply.results == ["0x1"] and reply.endpoint == fast.url
    assert [a.error for a in reply.attempts] == [None]  # the loser is not an error
    # The loser was cancelled: its connection closed long before its 5 s answer.
    assert slow.closed_early.wait(3.0)
    # And it is asked last from now on.
    assert transport.book.order([slow.url, fast.url]) == [fast.url, slow.url]
    transport.rpc([slow.url, fast.url], CHAIN_ID)
    assert slow.requests == 1 and fast.requests == 2


def test_at_once_asks_every_endpoint_together(nodes: list[Node]) -> None:
    # The first takes 3 s: long enough that a loaded machine cannot blur the order.
    first, second = start(nodes, delay=3.0), start(nodes)
    # With a 30 s stall delay only asking both at once lets the second answer first.
    reply = Transport(stall=30).rpc([first.url, second.url], CHAIN_ID, at_once=True)
    assert reply.endpoint == second.url


def test_a_cut_off_hedge_is_asked_again_at_once_while_the_first_hangs(nodes: list[Node]) -> None:
    hung, flaky = start(nodes, delay=5.0), start(nodes, drop_first=1)
    transport = Transport(timeout=8, deadline=8)
    reply = transport.rpc([hung.url, flaky.url], CHAIN_ID)
    assert reply.results == ["0x1"] and reply.endpoint == flaky.url
    # The cut-off one was asked again straight away, not after the hung one's re-ask delay.
    assert flaky.requests == 2 and hung.requests == 1


def test_an_endpoint_that_asks_for_a_pause_gets_a_hedge_without_the_stall_delay(
    nodes: list[Node],
) -> None:
    busy, other = start(nodes, busy_for="4"), start(nodes)
    transport = Transport(timeout=8, deadline=8, stall=30)  # no hedge for waiting alone
    started = time.monotonic()
    reply = transport.rpc([busy.url, other.url], CHAIN_ID)
    assert reply.endpoint == other.url
    # Asked at once, not after the 4 s the busy one asked for (nor the 30 s stall delay).
    assert time.monotonic() - started < 3.0
    assert busy.requests == 1 and other.requests == 1


def test_a_cut_off_endpoint_is_asked_again_while_the_other_waits_out_a_429(
    nodes: list[Node],
) -> None:
    flaky, busy = start(nodes, drop_first=1), start(nodes, busy_for="4")
    transport = Transport(timeout=8, deadline=8, stall=30)
    started = time.monotonic()
    reply = transport.rpc([flaky.url, busy.url], CHAIN_ID)
    assert reply.endpoint == flaky.url
    # Not after the 4 s the busy one asked for, twice, nor in a pass after the deadline.
    assert time.monotonic() - started < 3.0
    assert flaky.requests == 2 and busy.requests == 1


def test_a_second_opinion_ends_once_the_input_is_settled_elsewhere(nodes: list[Node]) -> None:
    hung, healthy = start(nodes, delay=5.0), start(nodes)
    transport = Transport(timeout=8, deadline=8)
    settled = threading.Event()
    threading.Timer(0.3, settled.set).start()
    with transport.deadline_scope(settled=settled):
        with pytest.raises(AllEndpointsFailed) as moot:  # a second opinion: ``within``
            transport.rpc([hung.url], CHAIN_ID, at_once=True, within=2.0)
        # A call that is no second opinion goes on as usual.
        assert transport.rpc([healthy.url], CHAIN_ID).results == ["0x1"]
    assert [a.error for a in moot.value.attempts] == [MOOT]
    assert hung.closed_early.wait(3.0)  # its request was cut, not left to run


def test_an_endpoint_is_asked_up_to_three_times_while_every_endpoint_hangs(
    nodes: list[Node],
) -> None:
    stuck_twice, hung = start(nodes, hang_first=2), start(nodes, delay=8.0)
    transport = Transport(timeout=8, deadline=7)
    reply = transport.rpc([stuck_twice.url, hung.url], CHAIN_ID)
    # Its third request, on a new connection, found a backend that answers.
    assert reply.endpoint == stuck_twice.url
    assert stuck_twice.requests == 3 and hung.requests == 2


def test_a_large_batch_waits_longer_only_on_an_endpoint_known_to_answer(
    nodes: list[Node],
) -> None:
    """A 200-call batch may take a while: an endpoint that has answered before gets up to
    1 s before a hedge doubles the work. One never heard from may be hung, and gets the plain
    0.4 s: a batch would otherwise wait out 1 s on it in each of its first windows."""
    hung, fast = start(nodes, delay=5.0), start(nodes)
    reply = Transport(timeout=8, deadline=8).rpc([hung.url, fast.url], BATCH)
    assert reply.endpoint == fast.url and reply.results == ["0x1"] * len(BATCH)
    assert fast.arrived[0] - hung.arrived[0] < 0.9  # the plain stall delay, not 1 s

    slow, spare = start(nodes, delay=0.1), start(nodes)
    transport = Transport(timeout=8, deadline=8)
    transport.rpc([slow.url], CHAIN_ID)  # heard from: answers in about 0.1 s
    slow.delay = 0.6
    reply = transport.rpc([slow.url, spare.url], BATCH)
    assert reply.endpoint == slow.url and spare.requests == 0  # waited past 0.4 s


def test_no_hedging_with_a_long_stall_delay(nodes: list[Node]) -> None:
    slow, fast = start(nodes, delay=0.6), start(nodes)
    reply = Transport(stall=30).rpc([slow.url, fast.url], CHAIN_ID)
    assert reply.endpoint == slow.url and fast.requests == 0


def test_a_call_ends_by_the_deadline_of_its_scope(nodes: list[Node]) -> None:
    hung = start(nodes, delay=8.0)
    transport = Transport(timeout=8, deadline=8, stall=30)
    with (
        transport.deadline_scope(time.monotonic() + 0.5),
        pytest.raises(AllEndpointsFailed) as failed,
    ):
        transport.rpc([hung.url], CHAIN_ID)
    assert failed.value.attempts[0].error in ("no answer by the deadline", "timeout")
    assert hung.closed_early.wait(3.0)  # its request was cut, not left to run


def test_a_stall_delay_follows_the_endpoints_usual_answer_time() -> None:
    book = EndpointBook(clock=lambda: 0.0)
    assert book.stall("a") == 0.4
    book.answered("a", 0.5)
    assert book.stall("a") == pytest.approx(1.5)  # three times its answer time
    book.answered("b", 0.01)
    assert book.stall("b") == 0.4  # never below the configured delay
    assert EndpointBook(stall=0.0).stall("a") == 0.0


def test_one_slow_answer_does_not_set_the_stall_delay_of_a_fast_endpoint() -> None:
    """The usual answer time is the median of the last few: a single slow answer (here a
    0.6 s one between two of 60 ms) leaves the stall delay at the configured 0.4 s, where a
    moving average would have kept it near 1 s for several requests."""
    book = EndpointBook(clock=lambda: 0.0)
    for seconds in (0.06, 0.6, 0.06):
        book.answered("a", seconds)
    assert book.stall("a") == 0.4
    for seconds in (0.5, 0.55, 0.6):  # slow as a rule now: the delay follows
        book.answered("a", seconds)
    assert book.stall("a") == pytest.approx(3 * 0.55)


def test_health_is_remembered_across_runs_then_forgotten(tmp_path: Path) -> None:
    now = [1000.0]
    path = tmp_path / "data" / "endpoint-health.json"
    first = EndpointBook(state=EndpointState(path, clock=lambda: now[0]), clock=lambda: now[0])
    first.failed("https://a.test/?key=S3cr3tK3y99", "timeout")
    first.answered("https://b.test/", 0.2)
    first.save()
    text = path.read_text()
    assert "S3cr3tK3y99" not in text and "a.test" not in text
    assert endpoint_key("https://a.test/?key=S3cr3tK3y99") in text
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    urls = ["https://a.test/?key=S3cr3tK3y99", "https://b.test/"]
    second = EndpointBook(state=EndpointState(path, clock=lambda: now[0]), clock=lambda: now[0])
    assert second.order(urls) == list(reversed(urls))
    assert second.stall("https://b.test/") == pytest.approx(0.6)
    now[0] += REMEMBER_FOR + 1
    third = EndpointBook(state=EndpointState(path, clock=lambda: now[0]), clock=lambda: now[0])
    assert third.order(urls) == urls and third.remembered(urls[0]) is None


def test_a_damaged_state_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "endpoint-health.json"
    for damage in ("{", "[]", '{"endpoints": {"k": {"bad_until": "x"}}}'):
        path.write_text(damage)
        assert EndpointState(path).load() == {}


def test_an_unresolvable_endpoint_keeps_its_reason_however_often_it_failed() -> None:
    """The reason is what tells "the network looks down" (fetch/base.network_down) from
    endpoints that answer badly: many inputs at once fail the same name many times."""
    from txdoctor.fetch.base import network_down

    book = EndpointBook(clock=lambda: 0.0)
    for _ in range(10):
        book.failed("http://nonexistent.invalid/", "DNS lookup failed", unreachable=True)
        book.failed("http://flaky.test/", "HTTP 500")
    unresolvable = book.skipped("http://nonexistent.invalid/")
    assert unresolvable.error == "not asked: DNS lookup failed earlier in this run"
    assert network_down([unresolvable])
    flaky = book.skipped("http://flaky.test/")
    assert flaky.error == "not asked: failed 10 times in a row, last: HTTP 500"
    assert not network_down([unresolvable, flaky])
