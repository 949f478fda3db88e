"""A secret given to `txdoctor` is refused, never echoed, and never sent anywhere.

Every case runs the real CLI with a chains file pointing at a real loopback JSON-RPC
server that logs each request: a refused secret must leave it with no request at all,
and with other inputs in the same run, no request body may hold a piece of the secret.
How the classifier recognises secrets is tested in tests/unit/input; here the question is
what reaches the user's screen, the JSON, and the network, including secrets spread over
several arguments or stdin lines (a phrase typed without quotes, a label on the line
before its key).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hostile_support import LoopbackRpc, Run, assert_clean_exit, chain_entry, run_cli
from mnemonic import Mnemonic

from txdoctor.core import base58 as b58
from txdoctor.input import REDACTED

LANGUAGES = sorted(Mnemonic.list_languages())
CHINESE = ["chinese_simplified", "chinese_traditional"]
HASH_A = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
HASH_B = "0x" + hashlib.sha256(b"another").hexdigest()
KEY_HEX = "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d"
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"  # KEY_HEX, uncompressed
XPRV = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5"
    "kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
)  # BIP-32 test vector 1, chain m

NOT_FOUND_CHAIN = {"eth_chainId": "0x1", "eth_blockNumber": "0x100"}


def phrase(language: str, seed: int = 0, strength: int = 128) -> list[str]:
    mnemo = Mnemonic(language)
    entropy = random.Random(f"{language}/{seed}").randbytes(strength // 8)
    return mnemo.to_mnemonic(entropy).split(mnemo.delimiter)


@pytest.fixture
def endpoint(loopback: Callable[..., LoopbackRpc]) -> LoopbackRpc:
    return loopback(handler=lambda method, params: NOT_FOUND_CHAIN.get(method))


@pytest.fixture
def chains(endpoint: LoopbackRpc, chains_yaml: Callable[..., Path]) -> Path:
    return chains_yaml({"ethereum": chain_entry([endpoint.url])})


def diagnose(
    chains: Path, args: Sequence[str] = (), stdin: str | None = None, human: bool = False
) -> Run:
    mode = ["--color", "always"] if human else ["--json"]
    run = run_cli(
        "diagnose",
        "--chains-file",
        str(chains),
        "--timeout",
        "2",
        *mode,
        "--",
        *args,
        stdin=stdin,
        env={"NO_COLOR": ""} if human else None,
    )
    assert_clean_exit(run)
    return run


@pytest.fixture(scope="module")
def refusal_text() -> str:
    """Every text a refusal may print: a secret's word found in it is not a leak."""
    from txdoctor.advise import advise, safety_note
    from txdoctor.diagnose import Finding, Verdict

    texts = [safety_note("en")]
    for problem in ("recovery_phrase", "private_key", "extended_private_key", "wif_key"):
        params = {"input_problem": problem, "prefix": "xprv"}  # what classify provides
        advice = advise(Finding(Verdict.SECRET_REFUSED, params), "en")
        texts += [advice.title, advice.summary, *advice.steps]
    return "\n".join(texts) + " schema input kind secret value null chain verdict"


def assert_refused(
    run: Run, endpoint: LoopbackRpc, pieces: Sequence[str], baseline: str, reports: int = 1
) -> None:
    """Refused with exit 2, no request made, and no piece of the secret printed."""
    assert run.code == 2, run.both[-2000:]
    assert endpoint.seen == []
    if run.out.lstrip().startswith("{"):
        lines = run.json_lines()
        assert len(lines) == reports
        assert all(line["verdict"] == "SECRET_REFUSED" for line in lines)
        assert all(line["input"] == REDACTED and line["value"] is None for line in lines)
    else:
        assert run.out.count("Refused: this looks like a secret") == reports
        assert REDACTED in run.out
    assert_not_echoed(run.both, pieces, baseline)


def assert_not_echoed(text: str, pieces: Sequence[str], baseline: str) -> None:
    for piece in pieces:
        if piece in text:
            assert piece in baseline, f"secret piece {piece!r} shown"
    for first, second in itertools.pairwise(pieces):
        for separator in (" ", "", "\n", "\u3000"):
            assert f"{first}{separator}{second}" not in text


# ---------------------------------------------------------------- recovery phrases
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "form", ["one argument", "one word per argument", "one word per stdin line", "people's view"]
)
def test_phrase_of_every_language_is_refused_in_every_form(
    language: str, form: str, chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    words = phrase(language)
    delimiter = Mnemonic(language).delimiter
    if form == "one argument":
        run = diagnose(chains, [delimiter.join(words)])
    elif form == "one word per argument":
        run = diagnose(chains, words)
    elif form == "one word per stdin line":
        run = diagnose(chains, ["-"], stdin="\n".join(words) + "\n")
    else:
        run = diagnose(chains, [delimiter.join(words)], human=True)
    assert_refused(run, endpoint, words, refusal_text)


@pytest.mark.parametrize("language", CHINESE)
@pytest.mark.parametrize("strength", [128, 256])
@pytest.mark.parametrize("how", ["argument", "stdin", "one character per line"])
def test_chinese_phrase_without_spaces(
    language: str, strength: int, how: str, chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    words = phrase(language, seed=3, strength=strength)
    if how == "argument":
        run = diagnose(chains, ["".join(words)])
    elif how == "stdin":
        run = diagnose(chains, ["-"], stdin="".join(words) + "\n")
    else:
        run = diagnose(chains, ["-"], stdin="\n".join(words))
    assert_refused(run, endpoint, words, refusal_text)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang not in CHINESE])
def test_phrase_with_two_typos_is_refused(
    language: str, chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    words = phrase(language, seed=5)
    rng = random.Random(language)
    for index in rng.sample(range(len(words)), 2):
        word = words[index]
        cut = rng.randrange(1, len(word))
        words[index] = word[:cut] + word[cut + 1 :] if len(word) > 4 else word + "x"
    run = diagnose(chains, [" ".join(words)])
    assert_refused(run, endpoint, words, refusal_text)
    run = diagnose(chains, words)  # and typed without quotes
    assert_refused(run, endpoint, words, refusal_text)


def test_phrase_numbered_one_word_per_argument(
    chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    words = phrase("english", seed=9, strength=256)
    args = [piece for i, w in enumerate(words, 1) for piece in (f"{i}.", w)]
    assert_refused(diagnose(chains, args), endpoint, words, refusal_text)


# ---------------------------------------------------------------- keys
KEYS: list[tuple[str, list[str]]] = [
    (WIF, [WIF, WIF[5:25]]),
    (b58.encode_check(b"\x80" + bytes.fromhex(KEY_HEX) + b"\x01"), []),  # compressed WIF
    (b58.encode_check(b"\xef" + bytes.fromhex(KEY_HEX)), []),  # testnet WIF
    (XPRV, [XPRV, XPRV[10:40]]),
    (
        "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3Y"
        "cCUUdiKH6isR4Pwy3U5y5egddBr16m",
        [],
    ),
    (f"private key: {KEY_HEX}", [KEY_HEX, KEY_HEX[:20]]),
    (f"私钥：0x{KEY_HEX}", [KEY_HEX]),
    (f"pk={KEY_HEX}", [KEY_HEX]),
    (f"my seed is {KEY_HEX}", [KEY_HEX]),
    (f"Privater Schlüssel {KEY_HEX}", [KEY_HEX]),
    ("[" + ",".join(str(b) for b in hashlib.sha512(b"k").digest()) + "]", []),
]


@pytest.mark.parametrize(("secret", "pieces"), KEYS, ids=lambda v: str(v)[:16])
@pytest.mark.parametrize("human", [False, True])
def test_keys_are_refused_without_echo_or_request(
    secret: str,
    pieces: list[str],
    human: bool,
    chains: Path,
    endpoint: LoopbackRpc,
    refusal_text: str,
) -> None:
    run = diagnose(chains, [secret], human=human)
    assert_refused(run, endpoint, pieces or [secret], refusal_text)


@pytest.mark.parametrize("label", ["private key:", "私钥", "Private Key", "pk ="])
def test_key_on_the_line_after_its_label_is_never_looked_up(
    label: str, chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    # Alone, the second line is a valid-looking transaction hash.
    run = diagnose(chains, ["-"], stdin=f"{label}\n0x{KEY_HEX}\n")
    assert_refused(run, endpoint, [KEY_HEX, KEY_HEX[:16]], refusal_text)
    run = diagnose(chains, [label, KEY_HEX])
    assert_refused(run, endpoint, [KEY_HEX], refusal_text)


# ---------------------------------------------------------------- secrets among real inputs
def test_secrets_in_a_batch_are_refused_and_never_reach_the_endpoint(
    chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    words = phrase("english", seed=21)
    chinese = phrase("chinese_traditional", seed=21)
    stdin = "\n".join(
        [
            HASH_A,
            *words,
            HASH_B,
            "private key:",
            KEY_HEX,
            WIF,
            "".join(chinese),
            HASH_A,
            "not a hash",
            "",
        ]
    )
    run = diagnose(chains, ["-"], stdin=stdin)
    lines = run.json_lines()
    verdicts = [line["verdict"] for line in lines]
    assert verdicts == [
        "NOT_FOUND",
        "SECRET_REFUSED",
        "NOT_FOUND",
        "SECRET_REFUSED",
        "SECRET_REFUSED",
        "SECRET_REFUSED",
        "NOT_FOUND",
        "INVALID_INPUT",
    ]
    assert run.code == 2
    sent = endpoint.bodies()
    assert HASH_A in sent and HASH_B in sent  # the real inputs were looked up
    for piece in [KEY_HEX, KEY_HEX[:16], WIF, WIF[4:20], *words, "".join(chinese[:2])]:
        assert piece not in sent
    assert [line["input"] for line in lines] == [
        HASH_A,
        REDACTED,
        HASH_B,
        REDACTED,
        REDACTED,
        REDACTED,
        HASH_A,
        "not a hash",
    ]
    # The other reports say "found" and more: only whole secrets and word pairs count here.
    assert_not_echoed(run.both, [KEY_HEX, WIF], refusal_text)
    assert_not_echoed(run.both, [" ".join(words[:2]), "".join(chinese[:2])], refusal_text)


def test_ordinary_words_around_hashes_are_not_swallowed(
    chains: Path, endpoint: LoopbackRpc
) -> None:
    # The guard joins only pieces that together are a secret: notes stay separate inputs.
    stdin = "\n".join(["tx from yesterday:", HASH_A, "and this one", HASH_B, "thanks"])
    run = diagnose(chains, ["-"], stdin=stdin)
    assert [line["input"] for line in run.json_lines()] == [
        "tx from yesterday:",
        HASH_A,
        "and this one",
        HASH_B,
        "thanks",
    ]
    assert len(endpoint.seen) >= 2


def _params_of(run: Run) -> list[Any]:
    return [f["params"] for line in run.json_lines() for f in line["findings"]]


def test_refusal_details_hold_no_secret(chains: Path, endpoint: LoopbackRpc) -> None:
    words = phrase("spanish", seed=2)
    run = diagnose(chains, [" ".join(words)])
    (params,) = _params_of(run)
    assert params["input_problem"] == "recovery_phrase" and params["words"] == 12
    assert set(params) <= {"input_problem", "words", "language", "form"}
    assert not any(w in str(v) for v in params.values() for w in words if len(w) > 4)


# ---------------------------------------------------------------- other commands
@pytest.mark.parametrize(
    "command", [["watch"], ["explain"], ["batch"], ["chains", "--chain"], ["--debug", "watch"], []]
)
@pytest.mark.parametrize("secret", ["phrase", "wif", "labelled key"])
def test_a_secret_on_the_command_line_of_another_command_is_refused_unechoed(
    command: list[str], secret: str, chains: Path, endpoint: LoopbackRpc, refusal_text: str
) -> None:
    words = phrase("english", seed=31)
    args = {"phrase": words, "wif": [WIF], "labelled key": ["private", "key:", KEY_HEX]}[secret]
    run = run_cli(*command, *args, "--chains-file", str(chains))
    assert_clean_exit(run)
    assert run.code == 2 and "Refused: this looks like a secret" in run.err
    assert endpoint.seen == []
    assert_not_echoed(run.both, [*args, KEY_HEX[:16], WIF[4:20]], refusal_text)


def test_keys_inside_endpoint_urls_are_not_mistaken_for_secrets_typed(chains: Path) -> None:
    url = f"https://rpc.example/?secret={KEY_HEX}"
    run = run_cli("chains", "--json", "--chains-file", str(chains), "--rpc", f"ethereum={url}")
    assert_clean_exit(run)
    assert run.code == 0 and KEY_HEX not in run.out


def test_a_secret_as_a_file_name_in_an_existing_folder_is_still_refused(
    chains: Path, endpoint: LoopbackRpc, tmp_path: Path, refusal_text: str
) -> None:
    run = run_cli("batch", str(tmp_path / WIF), "--chains-file", str(chains))
    assert run.code == 2 and "Refused: this looks like a secret" in run.err
    assert_not_echoed(run.both, [WIF[4:20]], refusal_text)
