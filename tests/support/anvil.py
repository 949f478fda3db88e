"""Start and drive a real local anvil node for integration tests.

Everything talks to 127.0.0.1 only. The npm-installed ``anvil`` is a Node wrapper around the
native binary; ``native_binary`` runs the native one directly when it can find it. Either way
the node runs in its own process group and ``stop()`` signals the whole group, so no anvil
process outlives the node object (atexit stops any node a test forgot).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

import urllib3

REPO_ROOT = Path(__file__).resolve().parents[2]
ANVIL_ENV = "TXDOCTOR_ANVIL"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
RPC_TIMEOUT = 10.0

# Dev accounts (unlocked, 10000 ETH each); 20 so every scenario can own one (anvil's default: 10).
DEFAULT_ACCOUNTS = 20


class AnvilError(RuntimeError):
    """The anvil binary is missing, did not start, or an RPC call failed."""


class RpcError(AnvilError):
    """A JSON-RPC call answered with an ``error`` object."""

    def __init__(self, method: str, error: dict[str, Any]) -> None:
        self.method = method
        self.error = error
        self.code: int | None = error.get("code")
        self.message: str = str(error.get("message", ""))
        self.data: Any = error.get("data")
        super().__init__(f"{method} failed: [{self.code}] {self.message} (data={self.data!r})")


def find_anvil() -> str:
    """Locate anvil: $TXDOCTOR_ANVIL, then <repo>/.tools/node_modules/.bin/anvil, then PATH.

    Raises AnvilError (never skips): the test command installs anvil, so a missing binary is a
    setup bug that must be loud.
    """
    candidates: list[str] = []
    env = os.environ.get(ANVIL_ENV)
    if env:
        if not _is_executable(Path(env)):
            raise AnvilError(f"${ANVIL_ENV}={env!r} is not an executable file")
        return env
    local = REPO_ROOT / ".tools" / "node_modules" / ".bin" / "anvil"
    candidates.append(str(local))
    if _is_executable(local):
        return str(local)
    on_path = shutil.which("anvil")
    if on_path:
        return on_path
    candidates.append("anvil on $PATH")
    raise AnvilError(
        "anvil binary not found (looked at $" + ANVIL_ENV + ", " + ", ".join(candidates) + "). "
        "The integration tests need a real anvil: install Foundry's anvil into "
        "<repo>/.tools (npm i --prefix .tools @foundry-rs/anvil) or set $" + ANVIL_ENV + "."
    )


def native_binary(anvil: str) -> str:
    """The native anvil executable behind ``anvil`` if it is the npm Node wrapper.

    ``@foundry-rs/anvil``'s ``bin.mjs`` spawns ``@foundry-rs/anvil-<os>-<arch>/bin/anvil`` (or
    ``dist/anvil``) and exits on SIGTERM without waiting for it, which orphans the native
    process (a zombie if init does not reap). Running the native binary directly makes this
    process its parent, so stop() reaps it. Anything else is returned unchanged.
    """
    real = Path(anvil).resolve()
    if real.suffix not in (".mjs", ".js", ".cjs"):
        return anvil
    scope = real.parent.parent  # node_modules/@foundry-rs
    candidates = [
        *sorted(scope.glob(f"{real.parent.name}-*/bin/{real.parent.name}")),
        real.parent / "dist" / real.parent.name,
    ]
    for candidate in candidates:
        if _is_executable(candidate):
            return str(candidate)
    return anvil


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def free_port() -> int:
    """Ask the kernel for a currently free loopback TCP port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


_LIVE: set[AnvilNode] = set()  # strong refs: a forgotten node is still stopped at exit


@atexit.register
def _stop_all() -> None:
    for node in list(_LIVE):
        node.stop()


class AnvilNode:
    """A running anvil process plus a tiny JSON-RPC client for it."""

    def __init__(
        self, process: subprocess.Popen[bytes], port: int, chain_id: int, log: IO[bytes]
    ) -> None:
        self.process = process
        self._log = log
        self.port = port
        self.chain_id = chain_id
        self.url = f"http://127.0.0.1:{port}"
        self._http = urllib3.PoolManager(maxsize=8, retries=False)  # no env proxy: loopback
        self._next_id = 0

    # ---------------------------------------------------------------- lifecycle
    @classmethod
    def start(
        cls,
        chain_id: int,
        port: int | None = None,
        extra_args: Sequence[str] = (),
        accounts: int = DEFAULT_ACCOUNTS,
        timeout: float = START_TIMEOUT,
    ) -> AnvilNode:
        """Start anvil on 127.0.0.1 and wait (bounded) until eth_chainId answers."""
        binary = native_binary(find_anvil())
        for attempt in range(3):
            chosen = port if port is not None else free_port()
            if port is None and _port_in_use(chosen):
                continue
            node = cls._spawn(binary, chain_id, chosen, accounts, extra_args)
            try:
                node._wait_ready(timeout)
                return node
            except AnvilError:
                node.stop()
                if port is not None or attempt == 2:
                    raise
        raise AnvilError("could not find a free port for anvil")  # pragma: no cover

    @classmethod
    def _spawn(
        cls, binary: str, chain_id: int, port: int, accounts: int, extra_args: Sequence[str]
    ) -> AnvilNode:
        cmd = [
            binary,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--chain-id", str(chain_id),
            "--accounts", str(accounts),
            "--quiet",
            *extra_args,
        ]  # fmt: skip
        log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the node; closed in stop()
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,  # a file, not a pipe: a chatty node can never block on a full pipe
            start_new_session=True,  # own process group: stop() signals wrapper + native child
        )
        node = cls(process, port, chain_id, log)
        _LIVE.add(node)
        return node

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AnvilError(
                    f"anvil exited with code {self.process.returncode} before answering on "
                    f"{self.url}: {self.output()[-2000:]}"
                )
            try:
                answer = int(self.rpc("eth_chainId"), 16)
            except (urllib3.exceptions.HTTPError, AnvilError) as exc:
                last_error = str(exc)
                time.sleep(0.05)
                continue
            if answer != self.chain_id or self.process.poll() is not None:
                # someone else owns the port (our node died on bind, or a stranger answered)
                raise AnvilError(f"{self.url} answered chain id {answer}, expected {self.chain_id}")
            return
        raise AnvilError(
            f"anvil did not answer eth_chainId on {self.url} in {timeout}s: {last_error}"
        )

    def stop(self) -> None:
        """Terminate the node's process group, then kill it if it does not exit in time."""
        _LIVE.discard(self)
        self._http.clear()
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)
        # The wrapper may be gone while the native child lingers: sweep the group regardless.
        self._signal_group(signal.SIGKILL)
        self._log.close()

    def output(self) -> str:
        """What the node wrote to stderr so far (for error messages)."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode(errors="replace").strip()

    def _signal_group(self, sig: signal.Signals) -> None:
        if sys.platform == "win32":  # pragma: no cover - not supported by the harness
            self.process.kill()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"AnvilNode(chain_id={self.chain_id}, url={self.url!r})"

    # ---------------------------------------------------------------- JSON-RPC
    def rpc_raw(self, method: str, *params: Any) -> dict[str, Any]:
        """Send one JSON-RPC request and return the whole response (``result`` or ``error``)."""
        self._next_id += 1
        payload = {"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": list(params)}
        response = self._http.request(
            "POST",
            self.url,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            timeout=RPC_TIMEOUT,
        )
        if response.status != 200:
            raise AnvilError(f"{self.url} answered HTTP {response.status} to {method}")
        body: dict[str, Any] = json.loads(response.data)
        return body

    def rpc(self, method: str, *params: Any) -> Any:
        """Send one JSON-RPC request and return ``result``; raise RpcError on an ``error``."""
        body = self.rpc_raw(method, *params)
        if "error" in body:
            raise RpcError(method, body["error"])
        return body.get("result")

    # ---------------------------------------------------------------- conveniences
    def accounts(self) -> list[str]:
        result: list[str] = self.rpc("eth_accounts")
        return result

    def block_number(self) -> int:
        return int(self.rpc("eth_blockNumber"), 16)

    def mine(self, blocks: int = 1) -> None:
        self.rpc("anvil_mine", hex(blocks))

    def set_automine(self, enabled: bool) -> None:
        self.rpc("evm_setAutomine", enabled)

    def nonce(self, address: str, block: str = "latest") -> int:
        return int(self.rpc("eth_getTransactionCount", address, block), 16)

    def receipt(self, tx_hash: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = self.rpc("eth_getTransactionReceipt", tx_hash)
        return result

    def automine(self) -> bool:
        return bool(self.rpc("anvil_getAutomine"))

    def wait_for_receipt(
        self, tx_hash: str, timeout: float = RPC_TIMEOUT, mine_if_paused: bool = True
    ) -> dict[str, Any]:
        """Receipt of ``tx_hash`` once mined (bounded wait).

        With automine on, ``eth_sendTransaction`` can return before the receipt is queryable,
        so this polls instead of mining (mining here would add an unwanted extra block). With
        automine off and ``mine_if_paused``, it mines one block first.
        """
        if mine_if_paused and not self.automine():
            self.mine(1)
        deadline = time.monotonic() + timeout
        while (receipt := self.receipt(tx_hash)) is None:
            if time.monotonic() > deadline:
                raise AnvilError(f"{tx_hash} not mined after {timeout}s on {self.url}")
            time.sleep(0.01)
        return receipt

    def transaction(self, tx_hash: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = self.rpc("eth_getTransactionByHash", tx_hash)
        return result

    def next_base_fee(self) -> int:
        """The base fee of the next (pending) block, as eth_feeHistory reports it."""
        history = self.rpc("eth_feeHistory", "0x1", "latest", [])
        return int(history["baseFeePerGas"][-1], 16)
