"""A wall-clock limit on one HTTP request, however slowly its bytes arrive.

urllib3 times single socket reads only: a server that sends its status line, its headers or
its body one byte a second never trips a read timeout. Here every request runs under a
``Guard``: a watchdog thread shuts its socket down when the guard's deadline passes (or when
the request is cancelled because another endpoint answered first), which wakes the blocked
read at once. The connections of ``GUARDED_POOLS`` (and of any ``guarded`` pool) bind their
socket to the guard of the thread that uses them.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, cast

import urllib3
from urllib3.connection import HTTPConnection

_local = threading.local()
# Which guard may cut each connection: the one it is bound to now. A pooled connection passes
# from request to request, and a guard fired late (a hedge's loser cancelled as the winner's
# answer comes in) must not cut the request that has taken the connection since.
_owners: weakref.WeakKeyDictionary[HTTPConnection, Guard] = weakref.WeakKeyDictionary()
_owners_lock = threading.Lock()


class Guard:
    """The deadline and cancellation of one request; ``fired`` says why it was cut off."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired: str | None = None  # "deadline" or "cancelled"
        self.on_sent: Callable[[], None] | None = None  # called once the request is written
        self._connection: HTTPConnection | None = None

    def bind(self, connection: HTTPConnection) -> None:
        """The connection this request uses; cut at once if the guard already fired."""
        with _owners_lock:
            self._connection = connection
            _owners[connection] = self
            if self.fired:
                _shut(connection)

    def fire(self, why: str) -> None:
        """Cut the request off (the first reason given sticks)."""
        with _owners_lock:
            if self.fired is None:
                self.fired = why
            connection = self._connection
            if connection is not None and _owners.get(connection) is self:
                _shut(connection)

    def __enter__(self) -> Guard:
        _local.guard = self
        _WATCHDOG.watch(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _local.guard = None
        with _owners_lock:
            self._connection = None


def _shut(connection: HTTPConnection) -> None:
    sock = getattr(connection, "sock", None)
    # Through an https proxy, urllib3 wraps TLS in TLS: ``sock`` is then its SSLTransport,
    # which cannot shut down; the TCP socket under it can.
    while sock is not None and not hasattr(sock, "shutdown"):
        sock = getattr(sock, "socket", None)
    if sock is not None:
        with contextlib.suppress(Exception):  # the watchdog thread must never die here
            sock.shutdown(socket.SHUT_RDWR)


def _bind_current(connection: HTTPConnection) -> None:
    guard: Guard | None = getattr(_local, "guard", None)
    if guard is not None:
        guard.bind(connection)


def _sent_current() -> None:
    guard: Guard | None = getattr(_local, "guard", None)
    if guard is not None and guard.on_sent is not None:
        guard.on_sent()


class _Watchdog:
    """One daemon thread firing guards whose deadline has passed."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Guard]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, guard: Guard) -> None:
        with self._wake:
            heapq.heappush(self._heap, (guard.deadline, next(self._order), guard))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="txdoctor-watchdog", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._heap:
                    self._wake.wait()
                deadline, _, guard = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
            guard.fire("deadline")


_WATCHDOG = _Watchdog()


class _Bound(HTTPConnection):
    """Mixed into a connection class: the connection binds to the current request's guard."""

    def connect(self) -> None:
        # Bound before connecting too: a proxy's CONNECT answer or a SOCKS exchange, read
        # once the TCP socket exists, is then cut at the deadline like any other read.
        _bind_current(self)
        super().connect()
        _bind_current(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _bind_current(self)  # a pooled connection is reused without connect()
        super().request(*args, **kwargs)
        _sent_current()


def guarded(pool: type[urllib3.HTTPConnectionPool]) -> type[urllib3.HTTPConnectionPool]:
    """A subclass of ``pool`` whose connections bind to the current request's guard (also
    for urllib3's SOCKS pools, whose connections open the socket through the proxy)."""
    base = pool.ConnectionCls
    connection = type(f"Guarded{base.__name__}", (_Bound, base), {})
    return cast(
        "type[urllib3.HTTPConnectionPool]",
        type(f"Guarded{pool.__name__}", (pool,), {"ConnectionCls": connection}),
    )


GUARDED_POOLS: dict[str, type[urllib3.HTTPConnectionPool]] = {
    "http": guarded(urllib3.HTTPConnectionPool),
    "https": guarded(urllib3.HTTPSConnectionPool),
}
"""Pool classes by scheme whose connections bind to the current request's guard."""
