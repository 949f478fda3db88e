"""Whatever is pasted, `txdoctor diagnose` answers with a verdict or a clear error (exit 2),
never a traceback; invalid input never reaches the network.

The classifier's own properties are in tests/unit/input; these go through the whole CLI
(argument parsing, the spread-secret guard, the pipeline, both renderers) against a
`http_mock`-mocked chain, so nothing leaves the machine.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_support import Run, assert_clean_exit, chain_entry, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from support import http_mock
from support.rpc_mock import serve_rpc
from txdoctor.diagnose import Verdict
from txdoctor.input import REDACTED

RPC = "https://rpc.hostile.test/"
HASH = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
VERDICTS = {v.value for v in Verdict}
# An SGR colour sequence is the only escape sequence txdoctor itself may write.
SGR = re.compile(r"\x1b\[[0-9;]*m")

EMPTY_CHAIN = {
    "eth_chainId": "0x1",
    "eth_blockNumber": "0x100",
    "eth_getBalance": "0x0",
    "eth_getTransactionCount": "0x0",
    "eth_getCode": "0x",
}


def empty_chain(method: str, params: list[Any]) -> Any:
    return EMPTY_CHAIN.get(method)  # tx and receipt: null, i.e. unknown


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import yaml

    path = tmp_path_factory.mktemp("chains") / "chains.yaml"
    path.write_text(yaml.safe_dump({"chains": {"ethereum": chain_entry([RPC])}}))
    return path


class Mocked:
    """The mocked chain and the requests made to it during one run."""

    def __init__(self) -> None:
        self.mock = http_mock.HttpMock(assert_all_requests_are_fired=False)

    def __enter__(self) -> Mocked:
        self.mock.__enter__()
        serve_rpc(self.mock, RPC, empty_chain)
        return self

    def __exit__(self, *exc: object) -> None:
        self.mock.__exit__(None, None, None)

    @property
    def requests(self) -> int:
        return len(self.mock.calls)


def diagnose(
    chains: Path,
    *inputs: str,
    human: bool = False,
    stdin: str | None = None,
) -> tuple[Run, int]:
    args = ["diagnose", "--chains-file", str(chains), "--timeout", "2"]
    args += ["--color", "always"] if human else ["--json"]
    with Mocked() as mocked:
        run = run_cli(*args, "--", *inputs, stdin=stdin, env={"NO_COLOR": ""} if human else None)
        return run, mocked.requests


def assert_answered_one_by_one(run: Run, requests: int, inputs: list[str]) -> None:
    """One JSON line per input, a known verdict, and bad input costing no request."""
    assert_clean_exit(run)
    lines = run.json_lines()
    assert len(lines) == len(inputs), run.both[-2000:]
    for raw, line in zip(inputs, lines, strict=True):
        assert line["verdict"] in VERDICTS
        assert line["input"] in (raw, REDACTED)
    verdicts = {line["verdict"] for line in lines}
    if verdicts <= {"INVALID_INPUT", "SECRET_REFUSED"}:
        assert run.code == 2
        assert requests == 0
    elif verdicts & {"INVALID_INPUT", "SECRET_REFUSED"}:
        assert run.code == 2


def assert_inert_terminal_output(text: str) -> None:
    """Colour codes only: no other escape sequence, no bidi override, no C1 control."""
    plain = SGR.sub("", text)
    assert "\x1b" not in plain
    assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]", plain)


# ------------------------------------------------------------------ what gets pasted
def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


LOOKALIKES = {"a": "а", "e": "е", "o": "о", "c": "с", "x": "х", "B": "В", "E": "Е", "0": "О"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066"]
SPACES = [" ", "\t", "\u00a0", "\u3000", "\u2003", "\r", "\x0b", "\x0c", "\u2028", "\u0085"]


DAMAGE = ("lookalike", "invisible", "space", "fullwidth", "cut", "junk")
KEEPING = ("lookalike", "invisible", "space", "fullwidth")  # every character is still there


@st.composite
def disguised_ids(draw: st.DrawFn, damages: tuple[str, ...] = DAMAGE) -> str:
    """A real hash or address, then damaged the ways pasted text gets damaged."""
    text = draw(
        st.sampled_from(
            [
                HASH,
                ADDRESS,
                HASH.upper().replace("0X", "0x"),
                "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            ]
        )
    )
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(text)))
        damage = draw(st.sampled_from(damages))
        if damage == "lookalike":
            swaps = [i for i, c in enumerate(text) if c in LOOKALIKES]
            if swaps:
                i = draw(st.sampled_from(swaps))
                text = text[:i] + LOOKALIKES[text[i]] + text[i + 1 :]
        elif damage == "invisible":
            text = text[:where] + draw(st.sampled_from(INVISIBLE)) + text[where:]
        elif damage == "space":
            text = text[:where] + draw(st.sampled_from(SPACES)) + text[where:]
        elif damage == "fullwidth":
            text = _fullwidth(text[:where]) + text[where:]
        elif damage == "cut":
            text = text[:where]
        else:
            text = text[:where] + draw(st.text(max_size=4)) + text[where:]
    return text


@st.composite
def junk_urls(draw: st.DrawFn) -> str:
    host = draw(
        st.sampled_from(
            [
                "etherscan.io",
                "bscscan.com",
                "tronscan.org/#",
                "evil.example",
                "xn--thrscan-6ya.io",
                "127.0.0.1:9",
                "user:pass@etherscan.io",
                "",
            ]
        )
    )
    path = draw(st.sampled_from(["/tx/", "/address/", "/token/", "/#/transaction/", "/"]))
    tail = draw(
        st.sampled_from(
            ["", "?a=1&b=<script>", "#%00%1b]8;;", "/../../etc", "?utm=" + "x" * 3000, "%E2%80%AE"]
        )
    )
    scheme = draw(st.sampled_from(["https://", "http://", "HTTPS://", "javascript:", ""]))
    return scheme + host + path + draw(st.sampled_from([HASH, ADDRESS, "", "0x12"])) + tail


pastes = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=80),
    disguised_ids(),
    junk_urls(),
    st.lists(
        st.sampled_from([HASH, ADDRESS, *SPACES, *INVISIBLE, "0x", "ｘ", "tx:"]), max_size=6
    ).map("".join),
    st.integers(4000, 70_000).map(lambda n: "0x" + "ab" * (n // 2)),
)


# "-" alone is the documented way to say "read stdin", not a paste.
pastes = pastes.filter(lambda raw: raw != "-")


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=pastes)
def test_any_single_paste_gets_a_verdict_or_a_clear_error(chains: Path, raw: str) -> None:
    run, requests = diagnose(chains, raw)
    assert_answered_one_by_one(run, requests, [raw])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raws=st.lists(pastes, min_size=1, max_size=6))
def test_any_paste_renders_inert_for_people(chains: Path, raws: list[str]) -> None:
    run, _ = diagnose(chains, *raws, human=True)
    assert_clean_exit(run)
    assert_inert_terminal_output(run.out)
    assert run.out.strip(), run.err


ORIGINALS = {HASH: HASH, ADDRESS: ADDRESS.lower(), HASH.upper().replace("0X", "0x"): HASH}


def _same_id(value: str, original: str) -> bool:
    return value.lower().removeprefix("0x") == original.lower().removeprefix("0x")


@settings(max_examples=500, deadline=None)
@given(raw=disguised_ids(KEEPING))
@example(raw=HASH[:42] + " " + HASH[42:])  # wrapped after 40 hex digits: not an address
@example(raw=HASH[:42] + "\n" + HASH[42:])
@example(raw=HASH[:42] + " " + HASH[42:61] + " " + HASH[61:])  # broken twice: the rest is short
def test_classify_never_turns_a_damaged_id_into_another_id(raw: str) -> None:
    from txdoctor.input import classify

    result = classify(raw)
    if result.value is not None and result.value.startswith(("0x", "0X")):
        assert any(_same_id(result.value, o) for o in ORIGINALS), (raw, result)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=disguised_ids(KEEPING))
@example(raw=HASH[:42] + " " + HASH[42:])
def test_a_damaged_id_is_refused_or_looked_up_as_itself(chains: Path, raw: str) -> None:
    run, requests = diagnose(chains, raw)
    assert_answered_one_by_one(run, requests, [raw])
    (line,) = run.json_lines()
    if line["value"] is not None and line["value"].startswith("0x"):
        assert any(_same_id(line["value"], o) for o in ORIGINALS)
    if line["verdict"] == "INVALID_INPUT":
        assert requests == 0


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (ADDRESS.replace("a", "а", 1), "lookalike_characters"),
        (HASH.replace("e", "е", 1), "lookalike_characters"),
        (HASH[:12] + "\u200b" + HASH[12:], "invisible_characters"),
        (HASH[:40], "bad_length"),
        ("https://etherscan.io/tx/" + HASH[:30], None),
    ],
)
def test_damaged_ids_are_named_as_such_and_never_looked_up(
    chains: Path, raw: str, problem: str | None
) -> None:
    run, requests = diagnose(chains, raw)
    assert_clean_exit(run)
    (line,) = run.json_lines()
    assert (run.code, line["verdict"], requests) == (2, "INVALID_INPUT", 0)
    if problem:
        assert line["findings"][0]["params"]["input_problem"] == problem


@pytest.mark.parametrize(
    "raw",
    [
        "０ｘ" + HASH[2:],
        _fullwidth(HASH),
        "\u3000 " + HASH + " \t\u00a0",
        f"https://etherscan.io/tx/{HASH}?junk=<b>&x=%1b#frag",
    ],
)
def test_recoverable_pastes_are_looked_up_under_the_real_hash(chains: Path, raw: str) -> None:
    run, requests = diagnose(chains, raw)
    assert_clean_exit(run)
    (line,) = run.json_lines()
    assert line["value"] == HASH and line["verdict"] == "NOT_FOUND"
    assert requests > 0 and run.code == 1


def test_undecodable_bytes_in_arguments_are_invalid_and_json_stays_utf8(chains: Path) -> None:
    raw = b"0x\xff\xfe\xc3".decode("utf-8", "surrogateescape")  # what Python makes of argv
    run, requests = diagnose(chains, raw)
    assert_clean_exit(run)
    (line,) = run.json_lines()
    assert line["verdict"] == "INVALID_INPUT" and requests == 0
    run.out.encode("utf-8")  # no lone surrogate reaches the output


# ------------------------------------------------------------------ stdin at scale
def _stdin_lines(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    makers: list[Callable[[], str]] = [
        lambda: "0x" + rng.randbytes(32).hex(),
        lambda: "0x" + rng.randbytes(20).hex(),
        lambda: "0x" + rng.randbytes(rng.randint(1, 40)).hex(),
        lambda: "".join(rng.choice("zq9#&%/-ЖжＺ\u200b\u202e\x1b[") for _ in range(12)),
        lambda: f"https://etherscan.io/tx/0x{rng.randbytes(32).hex()}?x={rng.random()}",
        lambda: _fullwidth("0x" + rng.randbytes(32).hex()),
        lambda: "  \t" + "0x" + rng.randbytes(32).hex().replace("a", "а", 1) + " \u3000",
    ]
    for _ in range(count):
        yield rng.choice(makers)()


def test_thousands_of_stdin_lines_each_get_exactly_one_answer(chains: Path) -> None:
    lines = list(_stdin_lines(2500, seed=7))
    stdin = "\r\n".join(lines) + "\n\n   \n"
    run, requests = diagnose(chains, "-", stdin=stdin)
    assert_clean_exit(run)
    out = run.json_lines()
    assert len(out) == len(lines)
    assert [o["input"] for o in out] == [line.rstrip("\r") for line in lines]
    assert run.code == 2  # some lines are invalid, and bad input outranks the rest
    looked_up = sum(1 for o in out if o["verdict"] not in ("INVALID_INPUT", "FAMILY_NOT_SUPPORTED"))
    assert looked_up > 500 and requests >= looked_up


def test_thousands_of_stdin_lines_render_inert_for_people(chains: Path) -> None:
    lines = list(_stdin_lines(1000, seed=11))
    run, _ = diagnose(chains, "-", stdin="\n".join(lines), human=True)
    assert_clean_exit(run)
    assert_inert_terminal_output(run.out)
    assert run.out.count("What to do:") >= len(lines) // 2


def test_a_huge_stdin_line_is_refused_as_too_long_without_echoing_it(chains: Path) -> None:
    raw = "0x" + "7" * 2_000_000
    run, requests = diagnose(chains, "-", stdin=raw + "\n" + HASH + "\n")
    assert_clean_exit(run)
    first, second = run.json_lines()
    assert first["verdict"] == "INVALID_INPUT" and first["input"] == REDACTED
    assert first["findings"][0]["params"]["input_problem"] == "too_long"
    assert second["verdict"] == "NOT_FOUND"
    assert len(run.out) < 20_000 and requests > 0


@pytest.mark.parametrize("prefix", ["Оx", "Ox"])  # Cyrillic О, Latin O
def test_a_hash_broken_after_a_mistyped_prefix_is_not_read_as_its_last_40_digits(
    prefix: str,
) -> None:
    from txdoctor.input import InputKind, classify

    digits = HASH[2:]
    result = classify(f"{prefix} {digits[:24]} {digits[24:]}")
    assert result.kind is InputKind.INVALID and result.value is None


@pytest.mark.parametrize(
    "raw",
    [
        HASH[:42] + " " + HASH[42:61] + " " + HASH[61:],  # a hash broken twice
        "see " + HASH[2:26] + " " + HASH[26:],  # its last 40 digits after 24 broken off
    ],
)
def test_an_id_that_is_only_part_of_a_broken_longer_one_is_not_taken(raw: str) -> None:
    from txdoctor.input import InputKind, classify

    assert classify(raw).kind is InputKind.INVALID


@pytest.mark.parametrize("raw", [f"send 100 USDT to {ADDRESS} please", f"{ADDRESS} 100"])
def test_an_id_beside_ordinary_numbers_is_still_read(raw: str) -> None:
    from txdoctor.input import classify

    assert classify(raw).value == ADDRESS
