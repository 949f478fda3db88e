"""The HTTP client on urllib3, against loopback servers: the proxies and CA bundle the
environment names (as requests honoured them), connection reuse, the headers sent, and the
reasons given for URLs, SOCKS without PySocks and broken connections."""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import urllib3.response

from txdoctor.fetch.transport import _managers
from txdoctor.fetch.transport._failure import EndpointFailure
from txdoctor.fetch.transport._guard import Guard
from txdoctor.fetch.transport._http import HttpClient, status_failure

Answer = Callable[[BaseHTTPRequestHandler], None]


def json_answer(handler: BaseHTTPRequestHandler, status: int = 200, **extra: str) -> None:
    payload = json.dumps({"ok": True}).encode()
    handler.send_response(status)
    for name, value in extra.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


class Server:
    """A loopback HTTP server (or proxy: it answers whatever request line it gets) that
    records each request line and its headers, and counts the connections it accepts."""

    def __init__(self, answer: Answer = json_answer, tls: ssl.SSLContext | None = None) -> None:
        self.seen: list[tuple[str, Message]] = []  # request line, headers (any case)
        self.connections = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                owner.seen.append((self.requestline, self.headers))
                answer(self)

            do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        class Counting(ThreadingHTTPServer):
            daemon_threads = True

            def process_request(self, request: Any, client_address: Any) -> None:
                owner.connections += 1
                super().process_request(request, client_address)

        self.server = Counting(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()
        self.port = self.server.server_address[1]
        self.origin = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(answer: Answer = json_answer, tls: ssl.SSLContext | None = None) -> Server:
        started.append(Server(answer, tls))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture(autouse=True)
def no_proxy_or_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment naming no proxy and no CA bundle."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(name)


@pytest.fixture
def client() -> Iterator[HttpClient]:
    made = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=100_000, user_agent="td/1")
    yield made
    made.close()


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def failure_of(client: HttpClient, url: str, **kwargs: Any) -> str:
    with pytest.raises(EndpointFailure) as failed:
        client.send("GET", url, headers={}, **kwargs)
    return failed.value.reason


# ------------------------------------------------------------------------ environment proxies
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_a_proxy_from_the_environment_gets_the_absolute_url_and_its_credentials(
    serve: Callable[..., Server],
    client: HttpClient,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    proxy, target = serve(), serve()
    monkeypatch.setenv(variable, f"http://alice:s%40cret@127.0.0.1:{proxy.port}")
    reply = client.send("GET", f"{target.origin}/v1?apikey=K", headers={}, params={"a": "b c"})
    assert reply.status == 200 and json.loads(reply.content) == {"ok": True}
    assert target.seen == []
    [(line, headers)] = proxy.seen
    assert line == f"GET {target.origin}/v1?apikey=K&a=b+c HTTP/1.1"
    assert headers["Proxy-Authorization"] == "Basic " + base64.b64encode(b"alice:s@cret").decode()


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.0/8", "*"])
def test_hosts_no_proxy_lists_are_asked_directly(
    serve: Callable[..., Server],
    client: HttpClient,
    monkeypatch: pytest.MonkeyPatch,
    no_proxy: str,
) -> None:
    proxy, target = serve(), serve()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("http_proxy", f"127.0.0.1:{proxy.port}")  # no scheme: http://
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert client.send("GET", f"{target.origin}/direct", headers={}).status == 200
    assert [line for line, _ in target.seen] == ["GET /direct HTTP/1.1"]
    assert proxy.seen == []
    monkeypatch.setenv("NO_PROXY", "example.com")  # the decision is made per request
    assert client.send("GET", f"{target.origin}/proxied", headers={}).status == 200
    assert [line for line, _ in proxy.seen] == [f"GET {target.origin}/proxied HTTP/1.1"]


def test_a_refusing_proxy_is_a_reason_without_its_credentials(
    client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://alice:pr0xy-pw@127.0.0.1:{closed_port()}")
    reason = failure_of(client, "http://127.0.0.1:9/")
    assert reason == "connection refused"
    assert "pr0xy-pw" not in reason and "alice" not in reason


def test_a_socks_proxy_without_pysocks_is_a_clear_reason(
    client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "socks", None)  # as if PySocks were not installed
    monkeypatch.delitem(sys.modules, "urllib3.contrib.socks", raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "socks5h://alice:s0cks-pw@127.0.0.1:1080")
    reason = failure_of(client, "https://127.0.0.1:9/")
    assert reason == "SOCKS proxy needs PySocks (pip install pysocks)"


def test_a_proxy_url_of_an_unknown_scheme_is_a_reason_without_its_credentials(
    client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "ftp://alice:ftp-pw@127.0.0.1:21")
    reason = failure_of(client, "http://127.0.0.1:9/")
    assert reason == "invalid proxy URL in the environment"


# ----------------------------------------------------------------------------- CA bundle
@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl), and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
    names = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        [*command.split(), *names, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def secure(serve: Callable[..., Server], certificate: tuple[Path, Path]) -> Server:
    """A loopback https server with that certificate."""
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(*certificate)
    return serve(tls=tls)


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_the_ca_bundle_the_environment_names_is_trusted_instead_of_certifis(
    secure: Server,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    server = secure
    plain = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert failure_of(plain, f"{server.origin}/") == "TLS error"  # certifi does not know it
    plain.close()
    monkeypatch.setenv(variable, str(certificate[0]))
    trusting = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert trusting.send("GET", f"{server.origin}/", headers={}).status == 200
    trusting.close()


def test_a_trusted_certificate_for_another_name_is_refused(
    secure: Server, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = secure
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate[0]))
    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert client.send("GET", f"{server.origin}/", headers={}).status == 200
    # The certificate names 127.0.0.1 only: asked as "localhost", the same server is refused.
    by_name = server.origin.replace("127.0.0.1", "localhost")
    assert failure_of(client, f"{by_name}/") == "TLS error"
    client.close()


def test_an_unreadable_ca_bundle_fails_tls_requests_with_a_reason_and_spares_plain_http(
    serve: Callable[..., Server], secure: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert client.send("GET", f"{serve().origin}/", headers={}).status == 200
    assert failure_of(client, f"{secure.origin}/") == "TLS error"
    client.close()


def bundle_reads() -> int:
    """CA bundles read so far in this process (each is read once, then shared)."""
    return _managers._tls_context.cache_info().misses


def test_the_ca_bundle_is_read_once_per_process_and_never_for_plain_http(
    serve: Callable[..., Server],
    secure: Server,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "bundle.pem"  # a path no other test made the process read
    bundle.write_bytes(certificate[0].read_bytes())
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    before = bundle_reads()
    plain = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert plain.send("GET", f"{serve().origin}/", headers={}).status == 200
    assert bundle_reads() == before  # a local node over http: no bundle read
    clients = [
        HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
        for _ in range(2)
    ]
    for client in clients:  # two clients, a new connection each
        assert client.send("GET", f"{secure.origin}/", headers={}).status == 200
    assert bundle_reads() == before + 1
    for client in [plain, *clients]:
        client.close()


# ---------------------------------------------------------------- requests, replies, reuse
def test_headers_sent_user_info_as_basic_auth_and_a_gzip_body_decoded(
    serve: Callable[..., Server], client: HttpClient
) -> None:
    def gzipped(handler: BaseHTTPRequestHandler) -> None:
        payload = gzip.compress(b'{"big": "' + b"x" * 5000 + b'"}')
        handler.send_response(200)
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    server = serve(gzipped)
    url = f"http://bob:pw%3A1@127.0.0.1:{server.port}/rpc#frag"
    reply = client.send("POST", url, headers={"accept": "text/plain", "X-Key": "k"}, body=b"{}")
    assert json.loads(reply.content) == {"big": "x" * 5000}
    assert reply.headers["content-encoding"] == "gzip"  # any case
    [(line, headers)] = server.seen
    assert line == "POST /rpc HTTP/1.1"
    assert headers["User-Agent"] == "td/1" and headers["X-Key"] == "k"
    assert headers.get_all("Accept") == ["text/plain"]  # the call's header wins
    assert "gzip" in headers["Accept-Encoding"]
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"bob:pw:1").decode()
    assert "Cookie" not in headers


def test_a_connection_is_reused_unless_its_body_was_not_read_to_the_end(
    serve: Callable[..., Server],
) -> None:
    def sized(handler: BaseHTTPRequestHandler) -> None:
        big = handler.path == "/big"
        payload = b"[" + b"1," * (600 if big else 1) + b"1]"
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload[:10])
        handler.wfile.flush()
        handler.wfile.write(payload[10:])

    server = serve(sized)
    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    for _ in range(3):
        assert client.send("GET", f"{server.origin}/small", headers={}).content == b"[1,1]"
    assert server.connections == 1
    assert failure_of(client, f"{server.origin}/big") == "response too large"
    assert client.send("GET", f"{server.origin}/small", headers={}).status == 200
    assert server.connections == 2  # the half-read connection was closed, not reused
    client.close()


def test_a_late_cut_of_a_finished_request_spares_the_one_now_on_its_connection(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hedge cancels its loser as the winner's answer comes in: by then the loser may have
    handed its connection back to the pool, and the next request may be using it."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        if handler.path == "/slow":
            time.sleep(0.4)
        json_answer(handler)

    server = serve(answer)
    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert client.send("GET", f"{server.origin}/warm", headers={}).status == 200
    loser = Guard(time.monotonic() + 5)
    next_one: list[int | str] = []
    release = urllib3.response.HTTPResponse.release_conn

    def release_then_cancel(response: urllib3.response.HTTPResponse) -> None:
        release(response)
        if threading.current_thread().name != "loser" or next_one:
            return

        # The connection is back in the pool: the next request takes it, then the loser is
        # cancelled, before its own request has even returned.
        def ask() -> None:
            try:
                next_one.append(client.send("GET", f"{server.origin}/slow", headers={}).status)
            except EndpointFailure as failure:
                next_one.append(failure.reason)

        taker = threading.Thread(target=ask)
        taker.start()
        time.sleep(0.15)
        loser.fire("cancelled")
        taker.join(5)

    monkeypatch.setattr(urllib3.response.HTTPResponse, "release_conn", release_then_cancel)
    first = threading.Thread(
        target=lambda: next_one.append(failure_of(client, f"{server.origin}/fast", guard=loser)),
        name="loser",
    )
    first.start()
    first.join(10)
    assert next_one == [200, "cancelled: another endpoint answered first"]
    assert server.connections == 1
    client.close()


class TlsTunnelProxy:
    """An https proxy on 127.0.0.1 (TLS towards the client) that answers ``CONNECT`` by
    relaying bytes to the target: https through it is TLS inside TLS."""

    def __init__(self, certificate: tuple[Path, Path]) -> None:
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(*certificate)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self._listener.accept()
                threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, raw: socket.socket) -> None:
        with contextlib.suppress(OSError), self._tls.wrap_socket(raw, server_side=True) as client:
            head = b""
            while b"\r\n\r\n" not in head:
                head += client.recv(4096) or b"\r\n\r\n"
            host, port = head.split()[1].decode().rsplit(":", 1)
            target = socket.create_connection((host, int(port)))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            threading.Thread(target=_relay, args=(target, client), daemon=True).start()
            _relay(client, target)

    def stop(self) -> None:
        self._listener.close()


def _relay(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
        sink.shutdown(socket.SHUT_WR)


def test_a_request_through_an_https_proxy_can_be_cut_off(
    secure: Server, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """TLS inside TLS: the connection's socket is urllib3's transport, which cannot be shut
    down itself; a cancelled request must still end with its reason, not an error."""
    proxy = TlsTunnelProxy(certificate)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate[0]))
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    try:
        assert client.send("GET", f"{secure.origin}/", headers={}).status == 200
        cancelled = Guard(time.monotonic() + 5)
        cancelled.fire("cancelled")  # as a hedge cancels a loser; the pooled tunnel is reused
        reason = failure_of(client, f"{secure.origin}/", guard=cancelled)
        assert reason == "cancelled: another endpoint answered first"
        assert client.send("GET", f"{secure.origin}/", headers={}).status == 200
    finally:
        client.close()
        proxy.stop()


def refusing_proxy(status_line: bytes) -> tuple[socket.socket, list[bytes]]:
    """A loopback proxy that answers every CONNECT with ``status_line``; what it was sent."""
    listener = socket.create_server(("127.0.0.1", 0))
    asked: list[bytes] = []

    def refuse() -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = listener.accept()
                with connection:
                    asked.append(connection.recv(4096))
                    connection.sendall(status_line + b"\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=refuse, daemon=True).start()
    return listener, asked


@pytest.mark.parametrize(
    ("status_line", "reason", "transient"),
    [
        (
            b"HTTP/1.1 407 Proxy Authentication Required",
            "HTTP proxy answered 407 (proxy authentication required)",
            False,
        ),
        (b"HTTP/1.1 403 Forbidden", "HTTP proxy answered 403 (forbidden by the proxy)", False),
        (
            b"HTTP/1.1 502 Bad Gateway https://evil.example",
            "HTTP proxy answered 502 (the proxy refused the tunnel)",
            True,
        ),
    ],
)
def test_a_proxy_refusing_the_tunnel_is_named_with_its_status(
    client: HttpClient,
    monkeypatch: pytest.MonkeyPatch,
    status_line: bytes,
    reason: str,
    transient: bool,
) -> None:
    """A proxy that will not open the tunnel says why with its status: the agent behind a
    company proxy learns it wants credentials, not that the endpoint has "connection error"s;
    only a proxy that could not reach the endpoint (502–504) is worth asking again."""
    listener, asked = refusing_proxy(status_line)
    monkeypatch.setenv(
        "HTTPS_PROXY", f"http://alice:pr0xy-pw@127.0.0.1:{listener.getsockname()[1]}"
    )
    with pytest.raises(EndpointFailure) as failed:
        client.send("GET", "https://rpc.example:8545/", headers={})
    listener.close()
    assert (failed.value.reason, failed.value.transient) == (reason, transient)
    assert asked and asked[0].startswith(b"CONNECT rpc.example:8545 ")
    assert b"Proxy-Authorization: Basic " in asked[0]  # the credentials went to the proxy only


def test_a_plain_http_proxy_asking_for_credentials_is_named_without_its_text(
    serve: Callable[..., Server], client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a tunnel (an http endpoint) the proxy's 407 is an ordinary answer: it gets the
    same status-only reason, and the proxy's own text (here echoing the credentials and a
    link) is not repeated."""

    def refuse(handler: BaseHTTPRequestHandler) -> None:
        body = b'{"error": "access denied for alice:pr0xy-pw, see https://evil.example"}'
        handler.send_response(407)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    proxy = serve(refuse)
    monkeypatch.setenv("HTTP_PROXY", f"http://alice:pr0xy-pw@127.0.0.1:{proxy.port}")
    failure = status_failure(client.send("GET", "http://rpc.example:8545/", headers={}))
    assert failure is not None and not failure.transient
    assert failure.reason == "HTTP proxy answered 407 (proxy authentication required)"
    assert [line for line, _ in proxy.seen] == ["GET http://rpc.example:8545/ HTTP/1.1"]


def test_a_proxy_dribbling_its_connect_answer_is_cut_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listener = socket.create_server(("127.0.0.1", 0))

    def dribble() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 Connection established\r\n")
            for _ in range(40):  # a header line every 0.25 s, never the blank line
                time.sleep(0.25)
                connection.sendall(b"X-Wait: 1\r\n")

    threading.Thread(target=dribble, daemon=True).start()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
    client = HttpClient(timeout=1, connect_timeout=1, max_body_bytes=1000, user_agent="td/1")
    started = time.monotonic()
    assert failure_of(client, "https://127.0.0.1:9/") == "timeout"
    assert time.monotonic() - started < 2  # each line came within the read timeout
    client.close()
    listener.close()


def test_a_redirect_is_not_followed(serve: Callable[..., Server], client: HttpClient) -> None:
    server = serve(lambda handler: json_answer(handler, 302, Location="http://127.0.0.1:9/"))
    reply = client.send("GET", f"{server.origin}/", headers={})
    failure = status_failure(reply)
    assert reply.status == 302 and failure is not None
    assert failure.reason.endswith("(redirect not followed)")
    assert len(server.seen) == 1


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/", "notaurl", "http://", "http://[bad/", ""])
def test_urls_urllib3_cannot_send_are_invalid(client: HttpClient, url: str) -> None:
    assert failure_of(client, url) == "invalid URL"


def test_broken_connections_are_told_apart(serve: Callable[..., Server]) -> None:
    def hang_up(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True  # no status line at all

    def cut_short(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        handler.wfile.write(b'{"result": ')
        handler.close_connection = True

    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert failure_of(client, serve(hang_up).origin + "/") == "connection error"
    assert failure_of(client, serve(cut_short).origin + "/") == "connection closed mid-response"
    assert failure_of(client, f"http://127.0.0.1:{closed_port()}/") == "connection refused"
    client.close()


def test_after_close_every_request_raises(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, proxy = serve(), serve()
    client = HttpClient(timeout=5, connect_timeout=2, max_body_bytes=1000, user_agent="td/1")
    assert client.send("GET", f"{server.origin}/", headers={}).status == 200
    monkeypatch.setenv("HTTP_PROXY", proxy.origin)
    assert client.send("GET", f"{server.origin}/", headers={}).status == 200
    client.close()
    for url in (f"{server.origin}/", "notaurl"):
        with pytest.raises(RuntimeError, match="transport is closed"):
            client.send("GET", url, headers={})
    monkeypatch.delenv("HTTP_PROXY")
    with pytest.raises(RuntimeError, match="transport is closed"):
        client.send("GET", f"{server.origin}/", headers={})
