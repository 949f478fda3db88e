"""Property tests: classify never raises, and secrets never survive in its result."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from txdoctor.core import base58 as b58
from txdoctor.input import REDACTED, Classified, InputKind, classify
from txdoctor.input.classify import _classify

LANGUAGES = sorted(Mnemonic.list_languages())
_WORDLISTS = {language: Mnemonic(language) for language in LANGUAGES}

# Characters that exercise the interesting paths: hex, base58, bech32, URL and
# label punctuation, look-alikes, invisible and full-width characters, CJK.
INTERESTING = (
    "0123456789abcdefABCDEFxXTbcqpl1OIl:/.#?=&@-_ \n\t'\"“”「」<>"
    "аеохсοΟ０ｘ１\u200b\u200d\ufeff\u202e\u3000\x00\x1b的一是한국"
)
PIECES = [
    "0x",
    "https://",
    "etherscan.io/tx/",
    "tronscan.org/#/transaction/",
    "explorer.solana.com/tx/",
    "?cluster=devnet",
    "bc1q",
    "bc1p",
    "private key: ",
    "abandon ",
    "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "ethereum:",
    "@56",
]

texts = st.one_of(
    st.text(),
    st.text(alphabet=INTERESTING, max_size=120),
    st.lists(st.sampled_from(PIECES) | st.text(INTERESTING, max_size=8), max_size=8).map("".join),
)


def check_invariants(result: Classified, raw: str) -> None:
    assert isinstance(result, Classified)
    assert result.kind in set(InputKind)
    assert all(isinstance(v, str | int) for v in result.detail.values())
    if result.kind is InputKind.INVALID:
        assert result.problem is not None
        assert result.value is None
    elif result.kind is InputKind.SECRET:
        assert result.problem is not None
        assert result.raw == REDACTED
        assert result.value is None
    elif result.kind is InputKind.PUSH_ERROR:  # a wallet's error text: no id unless it names one
        assert result.problem is None
        assert result.families
        assert "push_error" in result.detail
    else:
        assert result.problem is None
        assert result.value
        assert result.families
    if result.raw != REDACTED:
        assert result.raw == raw


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_arbitrary_text_never_raises(raw: str) -> None:
    # _classify has no catch-all, so a bug shows up here instead of being absorbed.
    check_invariants(_classify(raw), raw)
    check_invariants(classify(raw), raw)


def _phrase(language: str, entropy: bytes) -> list[str]:
    mnemo = _WORDLISTS[language]
    return mnemo.to_mnemonic(entropy).split(mnemo.delimiter)


separators = st.sampled_from([" ", "  ", "\n", ", ", ",", " - ", "\u3000", "\t"])
surroundings = st.sampled_from(["", "my seed: ", "help! ", "「", '"', "1. "])


@settings(max_examples=200, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    entropy=st.sampled_from([16, 20, 24, 28, 32]).flatmap(
        lambda n: st.binary(min_size=n, max_size=n)
    ),
    separator=separators,
    before=surroundings,
    after=st.sampled_from(["", " thanks", "\n", "?"]),
)
def test_recovery_phrases_are_refused_and_dropped(
    language: str, entropy: bytes, separator: str, before: str, after: str
) -> None:
    words = _phrase(language, entropy)
    secret = separator.join(words)
    result = _classify(before + secret + after)
    assert result.kind is InputKind.SECRET
    text = repr(result)
    assert secret not in text
    for first, second in itertools.pairwise(words):
        assert f"{first}{separator}{second}" not in text


@settings(max_examples=200)
@given(
    key=st.binary(min_size=32, max_size=32),
    version=st.sampled_from([0x80, 0xEF]),
    compressed=st.booleans(),
    before=surroundings,
)
def test_wif_keys_are_refused_and_dropped(
    key: bytes, version: int, compressed: bool, before: str
) -> None:
    wif = b58.encode_check(bytes([version]) + key + b"\x01" * compressed)
    result = _classify(before + wif)
    assert result.kind is InputKind.SECRET
    assert wif not in repr(result)
    assert wif[8:24] not in repr(result)


@settings(max_examples=100)
@given(
    body=st.binary(min_size=74, max_size=74),
    version=st.sampled_from(["0488ade4", "049d7878", "04b2430c", "04358394"]),
)
def test_extended_private_keys_are_refused_and_dropped(body: bytes, version: str) -> None:
    xprv = b58.encode_check(bytes.fromhex(version) + body)
    result = _classify(xprv)
    assert result.kind is InputKind.SECRET
    assert xprv not in repr(result)


@settings(max_examples=200)
@given(
    key=st.binary(min_size=32, max_size=32),
    label=st.sampled_from(["private key: ", "privkey=", "pk: 0x", "私钥：", "secret key "]),
)
def test_labelled_hex_keys_are_refused_and_dropped(key: bytes, label: str) -> None:
    result = _classify(label + key.hex())
    assert result.kind is InputKind.SECRET
    assert key.hex() not in repr(result)
    assert key.hex()[:20] not in repr(result)
