"""A result as the page shows it: one card, the same for the server's HTML and the script.

Every string from a chain or from the paste is cleaned (control, bidi and zero-width
characters become visible escapes) and bounded here; Jinja2 then escapes it for HTML and
the script only ever sets it as text.
"""

from __future__ import annotations

from typing import Any

from txdoctor.render.sanitize import clean
from txdoctor.serve.lookups import Payload

Card = dict[str, Any]
LIVE = frozenset({"CONFIRMING", "PENDING", "PENDING_LOW_FEE", "PENDING_NONCE_GAP", "NOT_FOUND"})
"""Verdicts the page checks again by itself until they settle (confirmations arriving, a
pending transaction mined or dropped, a transaction not seen yet)."""


def card(index: int, payload: Payload) -> Card:
    """The card of one input's result."""
    report = payload["report"]
    main, *others = report["findings"]
    url = report.get("explorer_url") or ""
    checked = ", ".join(f"{name}: {status}" for name, status in report["checked"].items())
    return {
        "index": index,
        "input": clean(report["input"], 300),
        "raw_input": report["input"],  # sent back as is to look it up in another language
        "lang": report["lang"],
        "verdict": report["verdict"],
        "severity": report["severity"],
        "title": clean(main["title"], 300),
        "summary": clean(report["summary"], 2000),
        "steps": [clean(step, 1000) for step in report["steps"]],
        "lines": [
            {"label": clean(label, 100), "value": clean(value, 300), "kind": kind}
            for label, value, kind in payload["lines"]
            if kind != "link"
        ],
        "explorer_url": url if url.startswith("https://") else "",
        "notes": [
            f"{f['code']} · {clean(f['title'], 300)}: {clean(f['summary'], 1000)}" for f in others
        ],
        "safety": [clean(note, 1000) for note in report["safety"]],
        "checked": clean(checked, 1000),
        "reply": payload["reply"],
        "live": report["verdict"] in LIVE and report["kind"] == "transaction",
    }
