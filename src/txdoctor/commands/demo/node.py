"""Find (or install) Foundry's anvil and run throwaway local nodes for the demo.

Where anvil comes from, in order: ``$TXDOCTOR_ANVIL``, ``anvil`` on PATH, a checkout's
``.tools/node_modules/.bin/anvil``, the user cache directory, else ``npm install
@foundry-rs/anvil@1.7.1`` into that cache directory (platformdirs). Each node runs in its own
process group on 127.0.0.1; ``stop`` ends the whole group, so no anvil outlives the demo.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from txdoctor.advise.i18n import N_
from txdoctor.core.errors import ExitStatus, TxDoctorError
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError, Transport

ANVIL_ENV = "TXDOCTOR_ANVIL"
ANVIL_PACKAGE = "@foundry-rs/anvil@1.7.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
ACCOUNTS = 10


class DemoError(TxDoctorError):
    """The demo could not get or run its local node; the message says what to do."""

    exit_status = ExitStatus.UNCHECKED


def cache_dir() -> Path:
    """Where the demo installs anvil from npm (the platform's user cache directory)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("txdoctor")) / "anvil"


def find_anvil(environ: dict[str, str] | None = None) -> str | None:
    """The anvil to run, without installing anything; None if there is none yet."""
    env = os.environ if environ is None else environ
    configured = env.get(ANVIL_ENV)
    if configured:
        if not _executable(Path(configured)):
            raise DemoError(
                N_("{variable}={path} is not an executable file"),
                variable=ANVIL_ENV,
                path=configured,
            )
        return configured
    candidates = [
        shutil.which("anvil", path=env.get("PATH")),
        str(Path(__file__).resolve().parents[3] / ".tools/node_modules/.bin/anvil"),
        str(cache_dir() / "node_modules/.bin/anvil"),
    ]
    return next((c for c in candidates if c and _executable(Path(c))), None)


def install_anvil() -> str:
    """``npm install`` anvil into the cache directory; a clear error if npm is missing."""
    npm = shutil.which("npm")
    if npm is None:
        raise DemoError(
            N_(
                "The demo needs anvil, and installing it needs Node.js with npm. "
                "Install Node.js (https://nodejs.org), or install Foundry's anvil "
                "(https://getfoundry.sh) and put it on PATH or in {variable}."
            ),
            variable=ANVIL_ENV,
        )
    target = cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(target),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            ANVIL_PACKAGE,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    anvil = target / "node_modules/.bin/anvil"
    if done.returncode != 0 or not _executable(anvil):
        raise DemoError(
            N_("npm could not install {package}: {error}"),
            package=ANVIL_PACKAGE,
            error=(done.stderr or done.stdout).strip()[-500:] or done.returncode,
        )
    return str(anvil)


def native_binary(anvil: str) -> str:
    """The native executable behind npm's Node wrapper, so stopping it stops the node.

    ``@foundry-rs/anvil``'s ``bin.mjs`` spawns ``@foundry-rs/anvil-<os>-<arch>/bin/anvil``
    and exits on SIGTERM without waiting for it; running the native binary directly avoids
    an orphaned node. Anything else is returned unchanged.
    """
    real = Path(anvil).resolve()
    if real.suffix not in (".mjs", ".js", ".cjs"):
        return anvil
    scope = real.parent.parent  # node_modules/@foundry-rs
    name = real.parent.name
    candidates = [*sorted(scope.glob(f"{name}-*/bin/{name}")), real.parent / "dist" / name]
    return next((str(c) for c in candidates if _executable(c)), anvil)


class LocalNode:
    """One running anvil on 127.0.0.1 and a JSON-RPC client for it (the shared Transport)."""

    def __init__(
        self, process: subprocess.Popen[bytes], port: int, chain_id: int, log: IO[bytes]
    ) -> None:
        self.process = process
        self.port = port
        self.chain_id = chain_id
        self.url = f"http://127.0.0.1:{port}"
        self._log = log
        # Refused connections are expected while the node starts: keep asking.
        self._transport = Transport(timeout=10.0, connect_timeout=2.0, retries=0, set_aside=False)

    @classmethod
    def start(cls, anvil: str, chain_id: int) -> LocalNode:
        """Start a node with its own process group and wait until it answers."""
        port = _free_port()
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            [
                native_binary(anvil),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--chain-id",
                str(chain_id),
                "--accounts",
                str(ACCOUNTS),
                "--quiet",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        node = cls(process, port, chain_id, log)
        try:
            node._wait_ready()
        except BaseException:
            node.stop()
            raise
        return node

    def call(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call; an error answer raises DemoError."""
        result = self._transport.rpc([self.url], [(method, list(params))], batch=False).results[0]
        if isinstance(result, RpcError):
            raise DemoError(
                N_("the local node refused {method}: {error}"), method=method, error=result.message
            )
        return result

    def stop(self) -> None:
        """End the node's process group (politely, then for sure)."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)
        self._signal(signal.SIGKILL)  # anything else left in the group
        self._transport.close()
        self._log.close()

    @property
    def pid(self) -> int:
        """The node's process id (also its process group id)."""
        return self.process.pid

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DemoError(
                    N_("anvil stopped right after starting: {output}"), output=self._output()[-500:]
                )
            try:
                if int(self.call("eth_chainId"), 16) == self.chain_id:
                    return
            except AllEndpointsFailed:
                time.sleep(0.05)
                continue
            raise DemoError(N_("port {port} answered for another chain"), port=self.port)
        raise DemoError(
            N_("anvil did not answer within {seconds} seconds"), seconds=int(START_TIMEOUT)
        )

    def _output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace").strip()

    def _signal(self, sig: signal.Signals) -> None:
        if sys.platform == "win32":  # pragma: no cover - no process groups there
            self.process.kill()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
