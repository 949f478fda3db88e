"""``txdoctor serve --port 0`` started as a user would, in its own process group.

The URL is read from the first line the command prints (bounded wait); ``stop()`` ends the
whole group, so no worker outlives the test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Self

START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class ServeProcess:
    """A running ``txdoctor serve``; ``url`` ends with a slash."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        command = Path(sys.executable).with_name("txdoctor")
        self._process = subprocess.Popen(
            [str(command), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        self.pid = self._process.pid
        self.stderr_lines: list[str] = []
        self.url = self._read_url()
        self._drain = threading.Thread(target=self._collect_stderr, daemon=True)
        self._drain.start()

    def _read_url(self) -> str:
        found: list[str] = []

        def read() -> None:
            assert self._process.stdout is not None
            found.append(self._process.stdout.readline())

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        line = found[0] if found else ""
        if not line.startswith("txdoctor serve: http://"):
            self.stop()
            assert self._process.stderr is not None
            raise RuntimeError(
                f"txdoctor serve did not start: {line!r} {self._process.stderr.read()[-2000:]}"
            )
        return line.split(": ", 1)[1].strip()

    def _collect_stderr(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self.stderr_lines.append(line)

    def stop(self) -> None:
        """End the server and its workers."""
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(STOP_TIMEOUT)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
