"""``terminal_safe_json``: JSON whose text cannot act on a terminal, and otherwise plain JSON."""

from __future__ import annotations

import json

import pytest

from txdoctor.render.jsonl import terminal_safe_json


def test_plain_text_is_the_json_itself() -> None:
    value = {"summary": "Confirmed: 16 blocks", "fee": "0.00003", "steps": ["a", "b"], "n": 1}
    assert terminal_safe_json(value) == json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("\x7f", "\\u007f"),  # DEL: ASCII, but a control character
        ("\x9b", "\\u009b"),  # C1 CSI
        ("\u202e", "\\u202e"),  # right-to-left override
        ("\u2028", "\\u2028"),  # line separator
        ("\ud800", "\\ud800"),  # a lone surrogate
    ],
)
def test_characters_that_act_on_a_terminal_are_escaped(char: str, escaped: str) -> None:
    line = terminal_safe_json({"name": f"USD{char}T", "note": "ok"})
    assert char not in line and escaped in line
    assert json.loads(line) == {"name": f"USD{char}T", "note": "ok"}


def test_other_text_stays_readable() -> None:
    assert terminal_safe_json({"title": "已确认 ✓"}) == '{"title": "已确认 ✓"}'
