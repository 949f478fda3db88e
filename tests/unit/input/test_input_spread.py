"""Joining the pieces of a secret spread over several inputs (input/spread.py), and reading
lines with a length limit (input/lines.py)."""

from __future__ import annotations

import io

import pytest

from txdoctor.input.lines import bounded_lines
from txdoctor.input.secrets import find_secret
from txdoctor.input.spread import join_json_documents, join_spread_secrets

HASH_A = "0x" + "a1" * 32
HASH_B = "0x" + "b2" * 32
KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


def joined(*inputs: str) -> list[str]:
    return list(join_spread_secrets(inputs))


@pytest.mark.parametrize(
    "pieces",
    [
        ["private", "key:", KEY],
        ["my", "private", "key", "is", KEY],
        ["wallet", "key:", KEY],
        ["my", "key", "is", KEY],
        ["key=", KEY],
        ["private:", KEY],
        [KEY, "(private key)"],
        [KEY, "(private", "key)"],
    ],
)
def test_a_label_and_its_key_become_one_input(pieces: list[str]) -> None:
    result = joined("hello", *pieces, HASH_B)
    assert result[0] == "hello" and result[-1] == HASH_B
    (with_key,) = [text for text in result if KEY in text]
    assert find_secret(with_key) is not None and with_key != KEY  # refused, with its label


def test_a_label_between_two_keys_refuses_both_rather_than_guess() -> None:
    # "my private key" may label the hash before it, "private key is" the key after it.
    pieces = [HASH_A, "my", "private", "key", "is", KEY]
    assert joined(*pieces, HASH_B) == [" ".join(pieces), HASH_B]


def test_a_forward_label_after_a_hash_belongs_to_the_next_input() -> None:
    assert joined(HASH_A, "private key:", KEY) == [HASH_A, f"private key: {KEY}"]


def test_a_bracketed_label_names_the_key_before_it_not_the_input_after() -> None:
    assert joined(KEY, "(private", "key)", HASH_A) == [f"{KEY} (private key)", HASH_A]


@pytest.mark.parametrize("label", ["is my private key", "- secret key", "priv key"])
def test_an_unbracketed_label_between_two_ids_refuses_both(label: str) -> None:
    assert joined(KEY, *label.split(), HASH_A) == [f"{KEY} {label} {HASH_A}"]


def test_ordinary_notes_and_hashes_are_left_as_they_are() -> None:
    inputs = ["tx from yesterday:", HASH_A, "thanks", HASH_B, "is it stuck?"]
    assert joined(*inputs) == inputs


def test_a_held_key_shaped_input_is_released_at_the_end() -> None:
    assert joined("hello", HASH_A) == ["hello", HASH_A]
    assert joined(HASH_A) == [HASH_A]


def test_a_json_document_over_several_lines_is_one_input() -> None:
    lines = ["{", '  "crypto": {', '    "ciphertext": "ab"', "  }", "}", HASH_A]
    assert list(join_json_documents(lines)) == [(5, "\n".join(lines[:5])), (1, HASH_A)]


def test_brackets_inside_strings_do_not_count() -> None:
    lines = ['{"note": "}}}",', '"x": 1}', HASH_A]
    assert list(join_json_documents(lines)) == [(2, "\n".join(lines[:2])), (1, HASH_A)]


@pytest.mark.parametrize("line", ["[tx] " + HASH_A, "[1, 2,", "{never closed"])
def test_lines_that_do_not_form_a_closed_document_stay_lines(line: str) -> None:
    assert list(join_json_documents([line, HASH_A])) == [(1, line), (1, HASH_A)]


def test_lines_are_cut_to_the_limit_and_the_rest_of_a_long_line_is_dropped() -> None:
    stream = io.StringIO("short\n" + "x" * 25 + "\nnext\r\nlast")
    assert list(bounded_lines(stream, 10)) == ["short\n", "x" * 10, "next\r\n", "last"]
