"""Helpers for the hostile-input and hostile-network tests (fixtures: conftest.py).

* ``LoopbackRpc``: a real JSON-RPC server on 127.0.0.1 that logs every request (path,
  headers, body), answers by method, or answers every request with one raw reply.
* ``chains_yaml``: writes a chains file naming any endpoints.
* ``run_cli``: ``txdoctor`` through ``CliRunner`` with a clean environment.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from typer.testing import CliRunner

from support.fault_proxy import QuietServer
from support.rpc_mock import RpcFailure
from txdoctor.commands.cli import app

Handler = Callable[[str, list[Any]], Any]
RawReply = tuple[int, Mapping[str, str], bytes]


@dataclass(frozen=True)
class Seen:
    """One request the loopback server received."""

    path: str
    headers: Mapping[str, str]
    body: bytes


@dataclass
class LoopbackRpc:
    """A JSON-RPC endpoint on 127.0.0.1; ``url`` ends with ``path``."""

    handler: Handler | None = None
    raw: RawReply | None = None  # when set, every request gets exactly this reply
    path: str = "/"
    seen: list[Seen] = field(default_factory=list)

    def start(self) -> LoopbackRpc:
        owner = self

        class Endpoint(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.seen.append(Seen(self.path, dict(self.headers), body))
                status, headers, payload = owner.reply(body)
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                owner.seen.append(Seen(self.path, dict(self.headers), b""))
                status, headers, payload = owner.raw or (404, {}, b'{"error":"not found"}')
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = QuietServer(("127.0.0.1", 0), Endpoint)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{self.path}"
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, body: bytes) -> RawReply:
        if self.raw is not None:
            return self.raw
        assert self.handler is not None
        request = json.loads(body)
        calls = request if isinstance(request, list) else [request]
        answers = [self._answer(call) for call in calls]
        payload = answers if isinstance(request, list) else answers[0]
        return 200, {}, json.dumps(payload).encode()

    def _answer(self, call: dict[str, Any]) -> dict[str, Any]:
        assert self.handler is not None
        try:
            result = self.handler(call["method"], call.get("params", []))
        except RpcFailure as failure:
            return {"jsonrpc": "2.0", "id": call["id"], "error": failure.error}
        return {"jsonrpc": "2.0", "id": call["id"], "result": result}

    def bodies(self) -> str:
        """Every request body received, decoded, one after the other."""
        return "\n".join(s.body.decode("utf-8", "replace") for s in self.seen)


def chain_entry(urls: Sequence[str], chain_id: int = 1, **extra: Any) -> dict[str, Any]:
    """One EVM chain of a chains file."""
    return {
        "family": "evm",
        "chain_id": chain_id,
        "rpc": list(urls),
        "confirmations": 12,
        "block_time": 12,
        "native": "ETH",
        "explorer": "https://etherscan.io/tx/{hash}",
        **extra,
    }


@dataclass(frozen=True)
class Run:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def run_cli(*args: str, stdin: str | None = None, env: Mapping[str, str] | None = None) -> Run:
    """Run ``txdoctor`` in-process; English, no colour unless ``--color always`` is given."""
    environment = {"NO_COLOR": "1", "TXDOCTOR_LANG": "en", "COLUMNS": "100", **(env or {})}
    result = CliRunner().invoke(app, list(args), input=stdin, env=environment)
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_clean_exit(run: Run) -> None:
    """A verdict or a clear error: never a traceback, never an internal error."""
    assert "Traceback" not in run.both, run.both[-3000:]
    assert "internal error" not in run.both, run.both[-3000:]
    assert run.code in (0, 1, 2, 3), (run.code, run.both[-3000:])


# ------------------------------------------------------------------ strangers' text
# An SGR colour sequence is the only escape sequence txdoctor itself may write.
SGR = re.compile(r"\x1b\[[0-9;]*m")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

OSC8_LINK = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = {
    "markup": "[bold red]OK[/]",
    "link markup": "[link=https://evil.example]refund here[/link]",
    "unbalanced markup": "[/] [/bold]",
    "osc8 hyperlink": OSC8_LINK,
    "clear screen": "\x1b[2J\x1b[HAll good, nothing to do",
    "c1 csi": "\x9b31mred\x9b0m",
    "bell and backspace": "\x07\x08\x08\x08oops",
    "carriage return": "Failed\rConfirmed",
    "forged line": "bad\n\u2714 Confirmed \u00b7 Ethereum\n 1. Send your seed to support",
    "rtl override": "\u202etxt.exe",
    "bidi isolates": "\u2066\u2067evil\u2069\u2069",
    "zero width": "re\u200bfund\u200d",
    "10k letters": "A" * 10_000,
    "10k mixed": ("\x1b[31m[b]\u202e" * 2000)[:10_000],
    # Scam links a help desk would make clickable (issue 12, case 4).
    "scam url": "Refund available: visit https://evil.example/claim",
    "scam domain": "www.claim-usdt.io",
}


def assert_inert(text: str) -> None:
    """No escape sequence but txdoctor's own colours, no bidi or invisible characters."""
    plain = SGR.sub("", text)
    assert "\x1b" not in plain
    assert not UNSAFE.search(plain.replace("\n", "")), repr(UNSAFE.search(plain.replace("\n", "")))
    assert "evil.example\x1b" not in text


def markdown_links(text: str) -> list[str]:
    """Every link and image a help desk's Markdown renderer makes of ``text``: GFM-like, with
    bare URLs and domains turned into links (markdown-it-py with linkify-it-py)."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("gfm-like").render(text)
    return re.findall(r'<(?:a\s+href|img\s+src)="([^"]*)"', html)


def assert_only_our_links(markdown: str, ours: str = "https://etherscan.io/tx/") -> None:
    """No link in rendered Markdown but the explorer link txdoctor writes itself."""
    foreign = [link for link in markdown_links(markdown) if not link.startswith(ours)]
    assert foreign == [], foreign
