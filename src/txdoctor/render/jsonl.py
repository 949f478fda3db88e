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

_LEAVES = frozenset({str, float, bool, type(None)})
_WITH_AMOUNT = frozenset({"value", "fee_paid", "balance", "amount"})


def _plain(value: Any, key: str = "") -> Any:
    """``value`` as JSON data: the listed fields of facts (``JSON_FIELDS``), enums by value,
    decimals as text, raw units (``RAW_UNITS``) as text so JavaScript keeps them exact."""
    kind = type(value)
    if kind in _LEAVES:  # most values: decided by their exact type, no reflection
        return value
    if kind is int:
        return str(value) if key in RAW_UNITS else value
    names = JSON_FIELDS.get(kind)
    if names is not None:
        out = {}
        for name in names:  # _plain of each field, without a call for the plain ones
            field = getattr(value, name)
            field_kind = type(field)
            if field_kind in _LEAVES or (field_kind is int and name not in RAW_UNITS):
                out[name] = field
            else:
                out[name] = _plain(field, name)
        if kind is Amount and key in _WITH_AMOUNT:
            out["amount"] = _plain(value.value)
        elif kind is TokenTransfer and key == "transfers":
            out["amount"] = _plain(value.amount)
        elif kind is TxFacts and key == "":
            out["confirmations"] = value.confirmations
        return out
    if kind is tuple or kind is list:
        return [_plain(v, key) for v in value]
    if kind is dict:  # a finding's params, the chains checked
        return _plain_mapping(value)
    return _plain_other(value, key)


def _plain_mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    out = {}
    for k, v in value.items():
        name = str(k)
        kind = type(v)
        out[name] = (
            v if kind in _LEAVES or (kind is int and name not in RAW_UNITS) else _plain(v, name)
        )
    return out


def _plain_other(value: Any, key: str) -> Any:
    """The rarer values: enums, decimals, mappings, subclasses of the plain types."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, Mapping):
        return _plain_mapping(value)
    if is_dataclass(value) and not isinstance(value, type):
        raise TypeError(f"{type(value).__name__} has no JSON fields in render/json_fields.py")
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
    if text.isascii() and "\x7f" not in text:  # most lines: nothing to escape, no scan
        return text
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
