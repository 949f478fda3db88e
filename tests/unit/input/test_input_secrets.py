"""Secrets are refused and never kept: recovery phrases, private keys, WIF, xprv."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from mnemonic import Mnemonic

from txdoctor.core import base58 as b58
from txdoctor.input import REDACTED, Classified, InputKind, Problem, classify
from txdoctor.input.phrases import wordlists
from txdoctor.input.secrets import _KEY_LABEL

LANGUAGES = sorted(Mnemonic.list_languages())
EVM_HASH = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
KEY_HEX = "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d"
WIF_UNCOMPRESSED = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"  # same key as KEY_HEX
# BIP-32 test vector 1, chain m.
XPRV = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5"
    "kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
)
SOLANA_SECRET = b58.encode(hashlib.sha512(b"not a real key").digest())


def _phrase(language: str, strength: int = 128, seed: int = 0) -> list[str]:
    mnemo = Mnemonic(language)
    entropy = random.Random(f"{language}{strength}{seed}").randbytes(strength // 8)
    return mnemo.to_mnemonic(entropy).split(mnemo.delimiter)


def assert_secret(result: Classified, problem: Problem, *secret_parts: str) -> None:
    assert result.kind is InputKind.SECRET
    assert result.problem is problem
    assert result.raw == REDACTED
    assert result.value is None
    text = repr(result)
    for part in secret_parts:
        assert part not in text


# ---------------------------------------------------------------- recovery phrases


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("strength", [128, 160, 192, 224, 256])
def test_valid_phrases_of_every_language_and_length(language: str, strength: int) -> None:
    words = _phrase(language, strength)
    result = classify(" ".join(words))
    assert_secret(result, Problem.RECOVERY_PHRASE, *(w for w in words if len(w) > 3))
    assert result.detail["words"] == len(words)
    assert result.detail["language"] in (language, *LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_generated_phrases(language: str) -> None:
    phrase = Mnemonic(language).generate(128)
    assert_secret(classify(phrase), Problem.RECOVERY_PHRASE)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "layout",
    [
        lambda ws: ", ".join(ws),
        lambda ws: "\n".join(ws),
        lambda ws: " ".join(f"{i}. {w}" for i, w in enumerate(ws, 1)),
        lambda ws: "\n".join(f"{i}) {w}" for i, w in enumerate(ws, 1)),
        lambda ws: " | ".join(ws),
        lambda ws: "seed phrase: " + " ".join(ws) + " — please help me restore it",
        lambda ws: f'"{" ".join(ws)}"',
    ],
)
def test_phrase_layouts(language: str, layout: object) -> None:
    words = _phrase(language, seed=3)
    text = layout(words)  # type: ignore[operator]
    assert_secret(classify(text), Problem.RECOVERY_PHRASE)


def test_ideographic_space_japanese_phrase() -> None:
    assert_secret(classify("\u3000".join(_phrase("japanese"))), Problem.RECOVERY_PHRASE)


@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional"])
@pytest.mark.parametrize("strength", [128, 256])
def test_chinese_phrase_without_spaces(language: str, strength: int) -> None:
    words = _phrase(language, strength, seed=7)
    result = classify("".join(words))
    assert_secret(result, Problem.RECOVERY_PHRASE, "".join(words))
    assert result.detail["form"] == "unspaced"


def test_japanese_phrase_without_spaces() -> None:
    words = _phrase("japanese", seed=5)
    result = classify("".join(words))
    assert_secret(result, Problem.RECOVERY_PHRASE)


@pytest.mark.parametrize("language", ["english", "spanish", "french", "italian", "czech"])
@pytest.mark.parametrize("typos", [1, 2])
def test_phrases_with_typos(language: str, typos: int) -> None:
    words = _phrase(language, seed=11)
    rng = random.Random(typos)
    for index in rng.sample(range(len(words)), typos):
        word = words[index]
        cut = rng.randrange(1, len(word))
        words[index] = word[:cut] + word[cut + 1 :] if len(word) > 4 else word + "x"
    assert_secret(classify(" ".join(words)), Problem.RECOVERY_PHRASE)


def test_swapped_letters_and_capitals() -> None:
    words = _phrase("english", seed=13)
    words[2] = words[2][1] + words[2][0] + words[2][2:]
    words[5] = words[5].upper()
    assert_secret(classify(" ".join(words).title()), Problem.RECOVERY_PHRASE)


def test_accents_left_out() -> None:
    words = _phrase("french", seed=17)
    plain = " ".join(words).translate(str.maketrans("éèêàâîïôûùç", "eeeaaiiouuc"))
    assert_secret(classify(plain), Problem.RECOVERY_PHRASE)


@pytest.mark.parametrize("count", [10, 11, 13, 14, 23, 25])
def test_wrong_word_count_is_still_a_phrase(count: int) -> None:
    words = (_phrase("english", 256, seed=19) * 2)[:count]
    assert_secret(classify(" ".join(words)), Problem.RECOVERY_PHRASE)


def test_abbreviated_phrase() -> None:
    words = [w[:4] for w in _phrase("english", seed=23)]
    result = classify(" ".join(words))
    assert_secret(result, Problem.RECOVERY_PHRASE)


def test_phrase_in_a_long_text_is_caught() -> None:
    words = _phrase("english", seed=29)
    text = "lorem ipsum " * 500 + " ".join(words) + " dolor sit amet" * 100
    assert len(text) > 4096
    assert_secret(classify(text), Problem.RECOVERY_PHRASE, " ".join(words))


def test_phrase_next_to_a_hash_is_refused() -> None:
    words = _phrase("english", seed=31)
    assert_secret(classify(EVM_HASH + "\n" + " ".join(words)), Problem.RECOVERY_PHRASE)


@pytest.mark.parametrize(
    "sentence",
    [
        "my usdt transfer is stuck please help me check this transaction",
        "I sent money to my friend but the transfer never arrived can you tell me why",
        "the quick brown fox jumps over the lazy dog",
        "hello i need help finding where my bitcoin went after i sent it from binance",
        "please help, my deposit has not arrived after two hours, the exchange says done",
        "you can also say that they will come over when you want to know about this",
        "can you help me find out what happened to the money I sent to this address",
        "I have a problem with my wallet, the balance shows zero after the last update",
        "why is my transaction still pending after three hours and how much gas do I need",
        "mi transferencia de usdt no ha llegado todavía, por favor ayúdenme a revisar",
        "mon virement est bloqué depuis hier, pouvez-vous vérifier cette transaction",
        "la mia transazione è ancora in attesa, potete controllare per favore",
        "minha transferência ainda não chegou na carteira, podem verificar por favor",
        "моя транзакция зависла уже три часа, помогите пожалуйста проверить",
        "işlemim hala beklemede, lütfen kontrol eder misiniz çok acil",
        "moje transakce stále čeká na potvrzení, můžete to prosím zkontrolovat",
        "送金がまだ届いていません。確認してもらえますか",
        "송금한 코인이 아직 도착하지 않았습니다 확인 부탁드립니다",
        "请帮我查一下这笔交易为什么还没到账",
        "我的转账已经三个小时了还没有到账怎么办",
        "請幫我查一下這筆交易為什麼還沒到帳",
    ],
)
def test_ordinary_sentences_are_not_phrases(sentence: str) -> None:
    assert classify(sentence).kind is not InputKind.SECRET


# ---------------------------------------------------------------- private keys


@pytest.mark.parametrize(
    "text",
    [
        f"private key: {KEY_HEX}",
        f"Private Key: 0x{KEY_HEX}",
        f"privkey={KEY_HEX}",
        f"PRIVATE_KEY={KEY_HEX}",
        f"pk: 0x{KEY_HEX}",
        f"secret {KEY_HEX}",
        f"私钥：{KEY_HEX}",
        f"私鑰 {KEY_HEX}",
        f"秘密鍵 {KEY_HEX}",
        f"clave privada: {KEY_HEX}",
        f"приватный ключ {KEY_HEX}",
        f"{KEY_HEX} is my private key",
        f"0x{KEY_HEX} (private key)",
        f"my private key is\n{KEY_HEX}",
    ],
)
def test_labelled_hex_keys(text: str) -> None:
    assert_secret(classify(text), Problem.PRIVATE_KEY, KEY_HEX, KEY_HEX[:16])


def test_every_key_label_holds_a_letter_no_hex_text_has() -> None:
    """The label search is skipped for text of hex digits and "x" only (input/secrets.py):
    right only while every label needs some other letter."""
    for label in _KEY_LABEL.pattern.split("|"):
        letters = {ch for ch in re.sub(r"\\.", "", label) if ch.isalpha()}  # not \s, \b, \w
        assert letters - set("0123456789abcdefxABCDEFX"), label


def test_bare_64_hex_is_a_hash_not_a_key() -> None:
    assert classify(KEY_HEX).kind is InputKind.TRANSACTION
    assert classify("0x" + KEY_HEX).kind is InputKind.TRANSACTION


def test_theft_story_with_a_hash_is_not_refused() -> None:
    text = (
        "my private key was stolen last night and the thief drained my wallet, "
        f"this is the transaction: {EVM_HASH}"
    )
    assert classify(text).kind is InputKind.TRANSACTION


def test_labelled_solana_secret_key() -> None:
    text = f"Phantom private key: {SOLANA_SECRET}"
    assert_secret(classify(text), Problem.PRIVATE_KEY, SOLANA_SECRET)


def test_unlabelled_64_byte_base58_is_a_signature() -> None:
    assert classify(SOLANA_SECRET).kind is InputKind.TRANSACTION


def test_solana_keypair_file() -> None:
    numbers = list(hashlib.sha512(b"keypair").digest())
    text = "[" + ",".join(str(n) for n in numbers) + "]"
    assert_secret(classify(text), Problem.PRIVATE_KEY, ",".join(str(n) for n in numbers[:8]))
    spaced = "[ " + ", ".join(str(n) for n in numbers) + " ]"
    assert_secret(classify(spaced), Problem.PRIVATE_KEY)


def test_keystore_json() -> None:
    text = '{"crypto": {"cipher": "aes-128-ctr", "ciphertext": "ab12", "kdf": "scrypt"}}'
    assert_secret(classify(text), Problem.PRIVATE_KEY, "ab12")


# ---------------------------------------------------------------- WIF and extended keys


def _wif(version: int, compressed: bool) -> str:
    return b58.encode_check(bytes([version]) + bytes.fromhex(KEY_HEX) + b"\x01" * compressed)


@pytest.mark.parametrize(
    ("wif", "network"),
    [
        (WIF_UNCOMPRESSED, "mainnet"),
        (_wif(0x80, True), "mainnet"),  # K…/L…
        (_wif(0xEF, False), "testnet"),  # 9…
        (_wif(0xEF, True), "testnet"),  # c…
    ],
)
def test_wif_keys(wif: str, network: str) -> None:
    result = classify(wif)
    assert_secret(result, Problem.WIF_KEY, wif, wif[:12])
    assert result.detail["network"] == network
    assert_secret(classify(f"import this: {wif} thanks"), Problem.WIF_KEY, wif)


def test_damaged_wif_is_still_a_key() -> None:
    damaged = WIF_UNCOMPRESSED[:20] + "z" + WIF_UNCOMPRESSED[21:]
    assert_secret(classify(damaged), Problem.WIF_KEY, damaged)


def test_wif_with_a_zero_width_space_inside() -> None:
    text = WIF_UNCOMPRESSED[:25] + "\u200b" + WIF_UNCOMPRESSED[25:]
    assert_secret(classify(text), Problem.WIF_KEY, WIF_UNCOMPRESSED[:25])


def test_extended_private_keys() -> None:
    result = classify(XPRV)
    assert_secret(result, Problem.EXTENDED_PRIVATE_KEY, XPRV, XPRV[4:20])
    assert result.detail["prefix"] == "xprv"
    for prefix in ("yprv", "zprv", "tprv"):
        forged = prefix + XPRV[4:]
        other = classify(forged)
        assert_secret(other, Problem.EXTENDED_PRIVATE_KEY, forged)
        assert other.detail["prefix"] == prefix


def test_fullwidth_secret_is_still_caught() -> None:
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) for ch in WIF_UNCOMPRESSED)
    assert_secret(classify(fullwidth), Problem.WIF_KEY, fullwidth)


def test_secret_in_an_overlong_input_is_caught() -> None:
    text = "a " * 5000 + XPRV
    assert_secret(classify(text), Problem.EXTENDED_PRIVATE_KEY, XPRV)


def test_detail_of_a_secret_holds_no_secret() -> None:
    words = _phrase("english", seed=37)
    result = classify(" ".join(words))
    for value in result.detail.values():
        assert str(value) not in words


def test_russian_word_damaged_in_the_shipped_wordlist() -> None:
    # mnemonic's russian.txt stores "снова" as "сно\ufffd\ufffdа"; accept both spellings.
    russian = next(w for w in wordlists() if w.language == "russian")
    assert russian.index["снова"] == russian.index["сно\ufffd\ufffdа"]
    words = _phrase("russian", seed=41)
    for spelling in ("снова", "сно\ufffd\ufffdа"):
        text = " ".join([spelling, *words[1:]])
        assert_secret(classify(text), Problem.RECOVERY_PHRASE)


def test_no_wordlist_word_is_shorter_than_the_shortcut_assumes() -> None:
    """find_phrase skips the wordlists for text without enough letter runs of this length."""
    from txdoctor.input.phrases import SHORTEST_ASCII_WORD

    shortest = min(len(w) for wl in wordlists() for w in (*wl.index, *wl.prefixes) if w.isascii())
    assert shortest >= SHORTEST_ASCII_WORD
