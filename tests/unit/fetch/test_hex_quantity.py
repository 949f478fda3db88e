"""One strict parser of JSON-RPC hex quantities for every answer txdoctor reads."""

from __future__ import annotations

import pytest

from txdoctor.core.hexqty import parse_quantity


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0x0", 0),
        ("0x1a", 26),
        ("0xFF", 255),
        ("0x" + "f" * 64, 2**256 - 1),
        ("0x01", 1),
    ],
)
def test_quantities(text: str, number: int) -> None:
    assert parse_quantity(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "0x1_0",
        " 0x10",
        "0x10 ",
        "-0x1",
        "+10",
        "10",
        "0x",
        "0x" + "1" * 65,
        "0xg",
        "0X10",
        "0x１０",  # fullwidth digits: int() takes them, the protocol does not
    ],
)
def test_anything_else_is_not_a_quantity(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize("value", [None, 16, 1.5, True, ["0x1"], {"0x1": 1}])
def test_non_text_is_not_a_quantity(value: object) -> None:
    assert parse_quantity(value) is None
