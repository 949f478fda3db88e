"""A real ``redis-server`` (Debian package, installed by the test command) on 127.0.0.1.

Started on a free port with no persistence, in its own process group; ``stop()`` ends it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

import redis

from support.anvil import free_port

START_TIMEOUT = 20.0


class RedisServer:
    """One redis-server; ``url`` is ``redis://127.0.0.1:PORT/0``."""

    def __init__(self, folder: Path) -> None:
        binary = os.environ.get("TXDOCTOR_REDIS_SERVER") or shutil.which("redis-server")
        if not binary or not os.access(binary, os.X_OK):
            raise RuntimeError(
                "redis-server is missing: the test command installs Debian's "
                "redis-server (setup bug)"
            )
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        folder.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        client = redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=1.0, socket_connect_timeout=1.0
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                client.close()
                return
            except redis.RedisError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """End the server."""
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(10)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
