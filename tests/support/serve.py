"""Build the ``txdoctor serve`` application for tests, as the command would."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from txdoctor.serve.app import create_app
from txdoctor.serve.settings import ServeSettings

BASE_URL = "http://127.0.0.1:8000"


@contextmanager
def serve_client(chains: Path, data: Path, **options: Any) -> Iterator[TestClient]:
    """A TestClient on the app for ``chains``, its SQLite store under ``data``."""
    settings = ServeSettings(chains_file=str(chains), data_dir=str(data), **options)
    with TestClient(create_app(settings), base_url=BASE_URL) as client:
        yield client


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every line of a JSON Lines answer, parsed."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def sse_events(text: str) -> list[tuple[str, str | None, Any]]:
    """``(event, id, data)`` of every server-sent event of an answer."""
    events = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            name, _, value = line.partition(": ")
            fields[name] = value
        if fields:
            events.append(
                (fields.get("event", "message"), fields.get("id"), json.loads(fields["data"]))
            )
    return events


def csrf_of(page: str) -> str:
    """The double-submit token in a page's forms."""
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match is not None, "no CSRF field in the page"
    return match.group(1)


def cards_of(page: str) -> list[dict[str, str]]:
    """Each verdict card of a server-rendered page: index, language, verdict code, reply
    (unescaped, as the agent would copy it)."""
    cards = []
    shown = page.split('<template id="card-template">', 1)[0]  # not the script's blank card
    for block in re.findall(r'<article class="card.*?</article>', shown, re.S):
        index = re.search(r'data-index="(\d+)"', block)
        lang = re.search(r'data-lang="([^"]+)"', block)
        verdict = re.search(r'data-field="verdict">([^<]*)<', block)
        reply = re.search(r'data-field="reply">(.*?)</textarea>', block, re.S)
        assert index and lang and verdict and reply, block
        cards.append(
            {
                "index": index.group(1),
                "lang": lang.group(1),
                "verdict": verdict.group(1),
                "reply": html.unescape(reply.group(1)),
                "html": block,
            }
        )
    return cards
