"""What surrounds the id: whitespace, quotes, invisible and look-alike characters,
full-width forms, labels, sentences, and over-long input."""

from __future__ import annotations

import pytest

from txdoctor.input import MAX_INPUT_CHARS, REDACTED, Family, InputKind, Problem, classify

EVM_HASH = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
EVM_ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
BTC_TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
TRON_ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


@pytest.mark.parametrize(
    "wrapped",
    [
        f"  {EVM_HASH}\n",
        f"\t{EVM_HASH}\r\n",
        f"\u00a0{EVM_HASH}\u2003",  # no-break space, em space
        f"\u3000{EVM_HASH}\u3000",  # ideographic space
        f"\u200b{EVM_HASH}\ufeff",  # zero-width space, BOM
        f"\u200e{EVM_HASH}\u200f",  # LTR / RTL marks
        f"'{EVM_HASH}'",
        f'"{EVM_HASH}"',
        f"`{EVM_HASH}`",
        f"“{EVM_HASH}”",
        f"‘{EVM_HASH}’",
        f"「{EVM_HASH}」",
        f"<{EVM_HASH}>",
        f"({EVM_HASH})",
        f"[{EVM_HASH}]",
        f"**{EVM_HASH}**",
        f"{EVM_HASH}.",
        f"{EVM_HASH},",
        f"{EVM_HASH}!?",
        f"{EVM_HASH}。",
        f"- {EVM_HASH}",
        f' "{EVM_HASH}". ',
    ],
)
def test_surroundings_are_stripped(wrapped: str) -> None:
    result = classify(wrapped)
    assert (result.kind, result.value) == (InputKind.TRANSACTION, EVM_HASH)
    assert result.raw == wrapped


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u200b", '""', "“”"])
def test_empty(text: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.EMPTY


@pytest.mark.parametrize(
    ("text", "position", "char"),
    [
        (EVM_HASH[:10] + "\u200b" + EVM_HASH[10:], 11, "U+200B"),
        (EVM_HASH[:3] + "\u200d" + EVM_HASH[3:], 4, "U+200D"),
        (EVM_ADDRESS[:20] + "\u2060" + EVM_ADDRESS[20:], 21, "U+2060"),
        (TRON_ADDRESS[:5] + "\u202e" + TRON_ADDRESS[5:], 6, "U+202E"),
        (TRON_ADDRESS[:5] + "\u00ad" + TRON_ADDRESS[5:], 6, "U+00AD"),
    ],
)
def test_invisible_characters_inside_are_refused(text: str, position: int, char: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.INVISIBLE_CHARACTERS
    assert (result.detail["position"], result.detail["char"]) == (position, char)
    assert "glyph" not in result.detail


@pytest.mark.parametrize(
    ("text", "position", "char", "looks_like"),
    [
        (EVM_ADDRESS[:5] + "а" + EVM_ADDRESS[6:], 6, "U+0430", "a"),  # Cyrillic a
        (EVM_HASH[:9] + "е" + EVM_HASH[10:], 10, "U+0435", "e"),  # Cyrillic ie
        ("0х" + EVM_HASH[2:], 2, "U+0445", "x"),  # Cyrillic ha in the prefix
        ("0" + "ο" + EVM_HASH[2:], 2, "U+03BF", "o"),  # Greek omicron
        (EVM_HASH[:9] + "с" + EVM_HASH[10:], 10, "U+0441", "c"),  # Cyrillic es
        ("Т" + TRON_ADDRESS[1:], 1, "U+0422", "T"),  # Cyrillic Te
        (EVM_HASH[:9] + "𝟎" + EVM_HASH[10:], 10, "U+1D7CE", "0"),  # mathematical digit
    ],
)
def test_lookalikes_are_named_not_fixed(
    text: str, position: int, char: str, looks_like: str
) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.LOOKALIKE_CHARACTERS
    assert result.detail["position"] == position
    assert result.detail["char"] == char
    assert result.detail["looks_like"] == looks_like


def test_other_foreign_character_in_an_id_is_a_bad_character() -> None:
    result = classify(EVM_HASH[:9] + "ж" + EVM_HASH[10:])
    assert result.problem is Problem.BAD_CHARACTERS
    assert result.detail["char"] == "U+0436"


def test_fullwidth_input_from_an_ime_is_normalised() -> None:
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) for ch in EVM_HASH)
    result = classify(fullwidth)
    assert (result.kind, result.value) == (InputKind.TRANSACTION, EVM_HASH)
    assert result.detail["normalised"] == "fullwidth"
    assert result.raw == fullwidth


def test_partly_fullwidth_address_is_normalised() -> None:
    text = "０ｘ" + EVM_ADDRESS[2:]
    result = classify(text)
    assert (result.kind, result.value) == (InputKind.ADDRESS, EVM_ADDRESS)


@pytest.mark.parametrize(
    "text",
    [
        f"txid: {BTC_TXID}",
        f"TxHash:{EVM_HASH}",
        f"Transaction Hash: {EVM_HASH}",
        f"my tx is {EVM_HASH} please check",
        f"请帮我查一下这笔交易{EVM_HASH}",
        f"交易哈希：{EVM_HASH}",
        f"{EVM_HASH} (Ethereum)",
        f"{EVM_HASH}\n{EVM_HASH}",  # same id twice
    ],
)
def test_one_id_inside_a_sentence_is_found(text: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.TRANSACTION
    assert result.value in (EVM_HASH, BTC_TXID)


def test_two_different_ids_are_refused() -> None:
    result = classify(f"from {EVM_ADDRESS} tx {EVM_HASH}")
    assert result.problem is Problem.MULTIPLE_CANDIDATES
    assert result.detail["count"] == 2


def test_a_sentence_without_id() -> None:
    result = classify("my usdt transfer is stuck please help me check this transaction")
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.UNRECOGNIZED


def test_a_broken_id_in_a_sentence_keeps_its_problem() -> None:
    result = classify(f"address {EVM_ADDRESS[:-1]} is wrong?")
    assert result.problem is Problem.BAD_LENGTH


@pytest.mark.parametrize(
    "text",
    [
        f"{EVM_HASH[:34]} {EVM_HASH[34:]}",
        f"{EVM_HASH[:40]}\n{EVM_HASH[40:]}",
        f"{BTC_TXID[:32]}\r\n{BTC_TXID[32:]}",
    ],
)
def test_an_id_broken_by_a_line_wrap_is_rejoined(text: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.TRANSACTION
    assert result.value in (EVM_HASH, BTC_TXID)
    assert result.detail["repaired"] == "removed_spaces"


def test_sentence_words_are_never_rejoined_into_an_id() -> None:
    # 44 base58 letters would decode to 32 bytes: a "Solana address" if joined.
    text = "where was my money sent yesterday by the exchange support team"
    assert classify(text).kind is InputKind.INVALID


def test_too_long_input() -> None:
    text = "x" * (MAX_INPUT_CHARS + 1)
    result = classify(text)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.TOO_LONG
    assert result.detail == {"length": MAX_INPUT_CHARS + 1, "maximum": MAX_INPUT_CHARS}


def test_very_long_input_is_not_kept() -> None:
    result = classify("y" * 200_000)
    assert result.problem is Problem.TOO_LONG
    assert result.raw == REDACTED


def test_max_length_input_is_still_classified() -> None:
    text = EVM_HASH + " " * (MAX_INPUT_CHARS - len(EVM_HASH))
    assert classify(text).kind is InputKind.TRANSACTION


def test_families_of_bare_hash_are_ordered_evm_first() -> None:
    assert classify(BTC_TXID).families == (Family.EVM, Family.BITCOIN, Family.TRON, Family.EOS)


def test_non_string_input_does_not_raise() -> None:
    result = classify(None)  # type: ignore[arg-type]
    assert result.kind is InputKind.INVALID


@pytest.mark.parametrize("text", ["0x5c50…2060", "0x5c504e...b22060", "TR7NHq…jLj6t"])
def test_shortened_display_form_is_called_truncated(text: str) -> None:
    assert classify(text).problem is Problem.TRUNCATED


def test_prefix_typed_apart_from_the_digits() -> None:
    result = classify("0x " + EVM_ADDRESS[2:])
    assert (result.kind, result.value) == (InputKind.ADDRESS, EVM_ADDRESS)
