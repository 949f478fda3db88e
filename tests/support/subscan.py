"""A recorded Subscan API on 127.0.0.1: the bodies of tests/fixtures/polkadot by request.

``Subscan().start()`` answers ``POST /api/scan/extrinsic`` (by ``hash`` or
``extrinsic_index``), ``POST /api/v2/scan/search`` (by ``key``) and ``POST
/api/scan/metadata`` from what a test put in ``extrinsics``, ``accounts`` and ``metadata``;
an unknown extrinsic or account gets the answer without ``data`` (``not_found_assembled.json``,
README). Every request's path, JSON body and headers are kept in ``requests``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.loopback import Upstream

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "polkadot"
JSON = {"Content-Type": "application/json"}


def fixture(name: str) -> Any:
    """One recorded (or marked assembled) body of tests/fixtures/polkadot."""
    return json.loads((FIXTURES / name).read_text())


class Subscan:
    """The recorded Subscan of one chain: fill its maps, then point a chain at ``url``."""

    def __init__(self, metadata: str = "metadata_docs.json") -> None:
        self.metadata: Any = fixture(metadata)
        self.extrinsics: dict[str, Any] = {}  # by hash (lower case) or extrinsic index
        self.accounts: dict[str, Any] = {}  # by the key searched
        self.requests: list[tuple[str, Any, dict[str, str]]] = []
        self.status: int | None = None  # answer every request with this HTTP status instead
        self._upstream = Upstream(self._answer)

    @property
    def url(self) -> str:
        return self._upstream.url

    def start(self) -> Subscan:
        self._upstream.start()
        return self

    def stop(self) -> None:
        self._upstream.stop()

    def bodies(self, path: str) -> list[Any]:
        """The JSON bodies posted to ``path``."""
        return [body for p, body, _ in self.requests if p == path]

    def answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        """The callback for ``support.loopback.Upstream`` (also behind a fault proxy)."""
        return self._answer(request)

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = request.path_url.split("?")[0].rstrip("/")
        body = json.loads(request.body) if request.body else {}
        self.requests.append((path, body, dict(request.headers)))
        if self.status is not None:
            return self.status, JSON, json.dumps({"message": "Invalid authentication credentials"})
        found: Any = None
        if path == "/api/scan/metadata":
            found = self.metadata
        elif path == "/api/scan/extrinsic":
            key = body.get("extrinsic_index") or str(body.get("hash", "")).lower()
            found = self.extrinsics.get(key)
        elif path == "/api/v2/scan/search":
            found = self.accounts.get(body.get("key", ""))
        else:
            return 404, JSON, json.dumps({"message": "no route"})
        if found is None:
            found = fixture("not_found_assembled.json")
        return 200, JSON, json.dumps(found)
