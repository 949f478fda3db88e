"""Reading a batch input: CSV or plain text, line numbers, carried columns, secrets."""

from __future__ import annotations

import io

import pytest

from txdoctor.commands.batch.rows import Row, count_rows, detect_layout, guard_secrets, read_rows

HASH_A = "0x" + "a1" * 32
HASH_B = "0x" + "b2" * 32
PHRASE = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)


def rows_of(text: str) -> list[Row]:
    _, rows = read_rows(io.StringIO(text, newline=""))
    return list(guard_secrets(rows))


@pytest.mark.parametrize("header", ["hash", "TX", " txid ", "Input", "\ufeffhash"])
def test_any_input_column_name_makes_a_csv(header: str) -> None:
    layout = detect_layout(f"ticket,{header},note")
    assert layout.is_csv and layout.input_column == 1
    assert layout.carried_names == ["ticket", "note"]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_common_delimiters_are_recognised(delimiter: str) -> None:
    rows = rows_of(f"ticket{delimiter}hash\nT-1{delimiter}{HASH_A}\n")
    assert [(r.text, r.columns) for r in rows] == [(HASH_A, {"ticket": "T-1"})]


def test_a_first_line_without_an_input_column_is_plain_text() -> None:
    assert not detect_layout(HASH_A).is_csv
    assert not detect_layout("ticket,note").is_csv
    rows = rows_of(f"{HASH_A}\n{HASH_B}\n")
    assert [(r.number, r.text, r.columns) for r in rows] == [(1, HASH_A, {}), (2, HASH_B, {})]


def test_plain_text_keeps_empty_and_junk_lines_as_rows_with_their_line_numbers() -> None:
    rows = rows_of(f"{HASH_A}\r\n\n  not a hash  \n{HASH_A}\n")
    assert [(r.number, r.text) for r in rows] == [
        (1, HASH_A),
        (2, ""),
        (3, "not a hash"),
        (4, HASH_A),
    ]


def test_csv_rows_carry_columns_and_expect_chain_and_number_the_line_they_start_on() -> None:
    text = (
        f'ticket,hash,expect_chain,note\nT-1,{HASH_A},Ethereum,"two\nlines"\nT-2,{HASH_B},,\nT-3\n'
    )
    rows = rows_of(text)
    assert [(r.number, r.text, r.expect_chain) for r in rows] == [
        (2, HASH_A, "ethereum"),
        (4, HASH_B, None),
        (5, "", None),
    ]
    assert rows[0].columns == {"ticket": "T-1", "expect_chain": "Ethereum", "note": "two\nlines"}
    assert rows[2].columns == {"ticket": "T-3", "expect_chain": "", "note": ""}


def test_duplicate_column_names_stay_apart() -> None:
    rows = rows_of(f"note,hash,note\na,{HASH_A},b\n")
    assert rows[0].columns == {"note": "a", "note_2": "b"}


def test_a_recovery_phrase_one_word_a_line_is_refused_on_every_one_of_its_rows() -> None:
    words = PHRASE.split()
    rows = rows_of("\n".join([HASH_A, *words, HASH_B]) + "\n")
    assert [r.number for r in rows] == list(range(1, len(words) + 3))
    assert rows[0].text == HASH_A and rows[-1].text == HASH_B
    assert all(r.text == PHRASE for r in rows[1:-1])  # each piece is judged as the whole


def test_a_secret_in_a_carried_column_is_not_carried() -> None:
    rows = rows_of(f'hash,note\n{HASH_A},"{PHRASE}"\n')
    assert rows[0].columns == {"note": "[redacted]"}


def test_count_rows_counts_what_read_rows_yields() -> None:
    assert count_rows(io.StringIO(f"hash\n{HASH_A}\n\n{HASH_B}\n")) == 3
    assert count_rows(io.StringIO("")) == 0


def test_a_key_on_the_line_after_its_label_is_refused_on_both_rows() -> None:
    key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    rows = rows_of(f"{HASH_A}\nprivate key:\n{key}\n{HASH_B}\n")
    assert [r.text for r in rows] == [HASH_A, f"private key: {key}", f"private key: {key}", HASH_B]
