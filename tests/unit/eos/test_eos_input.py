"""EOS identifiers: the 64-hex id shared with Bitcoin and Tron, account names (only candidates,
and only for a whole paste), public keys, bloks.io links, and EOS private keys refused."""

from __future__ import annotations

import pytest

from txdoctor.input import Family, InputKind, Problem, classify

TX_ID = "4c66c16b364ba919281b0388f3048ec04afec2b5ed5704bb2169772783d84cc3"
BLOKS = "https://bloks.io"


def test_a_bare_id_is_asked_of_every_family_with_that_shape() -> None:
    result = classify(TX_ID)
    assert result.kind is InputKind.TRANSACTION
    assert result.families == (Family.EVM, Family.BITCOIN, Family.TRON, Family.EOS)


@pytest.mark.parametrize("name", ["binancecleos", "eosio.token", "a", "cordialsysaa", "b1.x5"])
def test_a_whole_paste_of_the_name_shape_is_an_account_candidate(name: str) -> None:
    result = classify(name)
    assert (result.kind, result.value, result.families) == (InputKind.ADDRESS, name, (Family.EOS,))
    assert result.detail["form"] == "account_name"


@pytest.mark.parametrize(
    "text",
    [
        "toolongname12x",  # 14 characters
        "Binancecleos",  # upper case
        "name6",  # 6 is not in the alphabet
        "12345",  # a number
        "bitcoin",  # a coin's name
        "deadbeef",  # a piece of a hash
        "vitalik.eth",  # an ENS name
        "send binancecleos please",  # a word inside a sentence
        ".abc",
    ],
)
def test_other_text_is_not_an_eos_account(text: str) -> None:
    assert Family.EOS not in classify(text).families


@pytest.mark.parametrize(
    ("key", "prefix"),
    [
        ("EOS6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5GDW5CV", "EOS"),
        ("PUB_K1_6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5BLDuCE", "PUB_K1_"),
    ],
)
def test_a_public_key_is_refused_with_what_it_is(key: str, prefix: str) -> None:
    result = classify(key)
    assert result.problem is Problem.PUBLIC_KEY
    assert result.detail["prefix"] == prefix


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP79zkvFD3", Problem.WIF_KEY),
        ("PVT_K1_2bfGi9rYsXQSXXTvJbDAPhHLQUojjaNLomdm3cEJ1XTzMqUt3V", Problem.PRIVATE_KEY),
        (
            "my key PVT_R1_2bfGi9rYsXQSXXTvJbDAPhHLQUojjaNLomdm3cEJ1XTzMqUt3V ok",
            Problem.PRIVATE_KEY,
        ),
    ],
)
def test_eos_private_keys_are_secrets(text: str, problem: Problem) -> None:
    result = classify(text)
    assert (result.kind, result.problem, result.raw) == (InputKind.SECRET, problem, "[redacted]")


def test_a_bloks_transaction_link_names_eos_only() -> None:
    result = classify(f"{BLOKS}/transaction/{TX_ID.upper()}")
    assert (result.kind, result.value, result.families, result.chain_hint) == (
        InputKind.TRANSACTION,
        TX_ID,
        (Family.EOS,),
        "eos",
    )


def test_a_bloks_account_link_is_an_account_without_the_candidate_mark() -> None:
    result = classify(f"{BLOKS}/account/binancecleos?loadContract=true")
    assert (result.kind, result.value, result.families) == (
        InputKind.ADDRESS,
        "binancecleos",
        (Family.EOS,),
    )
    assert "form" not in result.detail


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        (f"{BLOKS}/transaction/abc", Problem.MALFORMED),
        (f"{BLOKS}/account/Not_A_Name", Problem.MALFORMED),
        (f"{BLOKS}/block/123", Problem.UNKNOWN_EXPLORER_PATH),
        ("https://jungle4.bloks.io/account/binancecleos", Problem.TESTNET),
        ("https://wax.bloks.io/account/binancecleos", Problem.UNSUPPORTED_CHAIN),
    ],
)
def test_other_bloks_links_are_refused_with_the_reason(link: str, problem: Problem) -> None:
    assert classify(link).problem is problem
