"""JSON Lines for scripts: one object per input, written straight to the stream."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import is_dataclass
from decimal import Decimal
from enum import Enum
from typing import IO, Any

from txdoctor.advise.report import SCHEMA_VERSION, Report
from txdoctor.facts import Amount, TokenTransfer, TxFacts
from txdoctor.render import json_fields
from txdoctor.render.found import safety_notes
from txdoctor.render.json_fields import JSON_FIELDS, RAW_UNITS


def _plain(value: Any, key: str = "") -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        names = JSON_FIELDS.get(type(value))
        if names is None:
            raise TypeError(f"{type(value).__name__} has no JSON fields in render/json_fields.py")
        out = {name: _plain(getattr(value, name), name) for name in names}
        if key in ("value", "fee_paid", "balance", "amount") and isinstance(value, Amount):
            out["amount"] = _plain(value.value)
        if key == "transfers" and isinstance(value, TokenTransfer):
            out["amount"] = _plain(value.amount)
        if key == "" and isinstance(value, TxFacts):
            out["confirmations"] = value.confirmations
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, Mapping):
        return {str(k): _plain(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and key in RAW_UNITS:
        return str(value)
    return value


# JSON escapes C0 controls itself. These are escaped too (same decoded value), so JSON read
# in a terminal cannot carry C1 controls, bidi overrides or line separators from chain data,
# and lone surrogates (undecodable bytes in argv or stdin) cannot break UTF-8 output.
_TERMINAL_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def terminal_safe_json(value: Any) -> str:
    """``value`` as one line of UTF-8 JSON in which no character can act on a terminal."""
    text = json.dumps(value, ensure_ascii=False)
    return _TERMINAL_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def report_dict(report: Report) -> dict[str, Any]:
    """The documented JSON object of a report (docs/json-schema.md)."""
    return {
        "schema": SCHEMA_VERSION,
        "input": report.input,
        "kind": report.kind,
        "value": report.value,
        "chain": report.chain,
        "verdict": report.verdict.value,
        "severity": report.severity.value,
        "summary": report.main.summary,
        "notes": [note for advice in report.advice for note in advice.agent_notes],
        "steps": [*report.main.steps, *report.main.agent_steps],
        "findings": [
            {
                "code": f.code.value,
                "severity": f.severity.value,
                "title": a.title,
                "summary": a.summary,
                "steps": [*a.steps, *a.agent_steps],
                "params": _plain(dict(f.params)),
            }
            for f, a in zip(report.findings, report.advice, strict=True)
        ],
        "checked": _plain(dict(report.checked)) if report.checked is not None else {},
        "facts": _facts(report),
        "explorer_url": report.explorer_url,
        "safety": safety_notes(report),
        "lang": report.lang,
    }


def _facts(report: Report) -> Any:
    if report.facts is not None:
        json_fields.add_family(report.facts.family)
        return _plain(report.facts)
    for address in report.addresses:
        json_fields.add_family(address.family)
    if report.addresses:
        return {"addresses": {a.chain: _plain(a) for a in report.addresses}}
    return None


def write_jsonl(report: Report, stream: IO[str]) -> None:
    """One line of JSON, flushed, so a pipe sees each result as it is ready."""
    stream.write(terminal_safe_json(report_dict(report)) + "\n")
    stream.flush()
