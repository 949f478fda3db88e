"""Spotting secrets (recovery phrases, private keys) in pasted text.

Runs on the whole input before anything else so that a secret is refused, and
dropped, before it can reach a log, a cache or a network call. When unsure
between a secret and a public id we only call it a secret on positive evidence:
a bare 64-hex is a transaction hash unless words around it call it a key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from txdoctor.core import base58 as b58

from .model import Detail, Problem, freeze
from .phrases import find_phrase
from .text import is_invisible

_B58 = "1-9A-HJ-NP-Za-km-z"

_EXTENDED_PRIVATE = re.compile(
    r"(?<![A-Za-z0-9])([xyztuvYZUV]prv)[A-Za-z0-9]{90,120}(?![A-Za-z0-9])"
)
# WIF: 0x80/0xef + 32-byte key (+0x01 when compressed) + checksum, base58.
_WIF = re.compile(rf"(?<![A-Za-z0-9])([59][{_B58}]{{50}}|[KLc][{_B58}]{{51}})(?![A-Za-z0-9])")
_WIF_VERSIONS = {0x80: "mainnet", 0xEF: "testnet"}
# EOS / Antelope private keys in the newer format (the legacy one is a WIF, above).
_EOS_PRIVATE = re.compile(rf"(?<![A-Za-z0-9_])PVT_(?:K1|R1)_[{_B58}]{{30,100}}(?![A-Za-z0-9])")
# Solana keypair file / wallet export: a JSON array of 64 bytes.
_BYTE_ARRAY = re.compile(r"\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*,?\s*\]")
_KEYSTORE = re.compile(r'"(?:ciphertext|cipherparams)"', re.IGNORECASE)
_KEYSTORE_KDF = re.compile(r'"kdf(?:params)?"', re.IGNORECASE)
_HEX_KEY = re.compile(
    r"(?<![0-9A-Za-z])(?:0[xX])?(?:[0-9a-fA-F]{60,68}|[0-9a-fA-F]{124,132})(?![0-9A-Za-z])"
)
# 64 bytes: 88 characters, fewer when the bytes start with zeros (each one a leading "1").
_BASE58_KEY = re.compile(rf"(?<![A-Za-z0-9])[{_B58}]{{64,90}}(?![A-Za-z0-9])")
# Words that call the value next to them a key. "key" alone is not enough
# ("public key"), nor is "private" ("private transaction" via a private mempool).
_KEY_LABEL = re.compile(
    r"priv(?:ate)?[\s_-]*key|privkey|\bpriv\b|secret|\bpk\b|\bpkey\b|\bseed\b|mnemonic|keypair"
    r"|wallet[\s_-]*key|\bmy\s+key\b|\bsk\b|(?<![\w-])key\s*=|\bprivate\s*:"
    r"|私钥|私鑰|秘钥|秘鑰|密钥|密鑰|秘密鍵|秘密キー|プライベートキー|개인\s*키|비밀\s*키"
    r"|clave\s+privada|chave\s+privada|cl[ée]\s+priv[ée]e|chiave\s+privata"
    r"|privater\s+schl[üu]ssel|приватн\w*\s+ключ|закрыт\w*\s+ключ|секретн\w*\s+ключ"
    r"|özel\s+anahtar|soukrom\w*\s+kl[íi]č|klucz\s+prywatny|khóa\s+riêng|助记词|助記詞",
    re.IGNORECASE,
)
# Every label above holds a letter that is neither a hex digit nor "x", in any case (the
# test of this module checks it): a text made only of those (a hash, a 0x value) holds no
# label, and the label search, the slowest pattern here, is skipped for it.
_HEX_ONLY = re.compile(r"[0-9a-fA-FxX]*")

# A keystore's or wallet export's fields, with the hex next to them (a pretty-printed
# keystore read line by line shows "ciphertext": "<hex>" alone on a line).
_SECRET_FIELD = re.compile(
    r"(?<![\w-])[\"']?(?:ciphertext|salt|mac|iv|private_?key|secret_?key|secret)[\"']?"
    r"\s*[:=]\s*[\"']?(?:0[xX])?[0-9a-fA-F]{16,}",
    re.IGNORECASE,
)
# A Solana keypair (Phantom, Solflare, solana-keygen): 64 bytes, seed ‖ public key,
# in base58 (87–88 characters) or hex; the same shape as a transaction signature.
_KEYPAIR_HEX = re.compile(r"(?<![0-9A-Za-z])(?:0[xX])?([0-9a-fA-F]{128})(?![0-9A-Za-z])")
ED25519_SEED_BYTES = 32
KEYPAIR_BYTES = 64


# A label counts when at most this much filler separates it from the key: victims
# telling how a key was stolen usually write more than that before the hash.
LABEL_GAP_CHARS = 20
LABEL_GAP_WORDS = 3
LABEL_SEARCH_CHARS = 80
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class SecretFinding:
    """What kind of secret was found; `detail` never holds any of it."""

    problem: Problem
    detail: Detail


def _for_scanning(text: str) -> str:
    """NFKC (full-width forms to ASCII) with invisible characters removed, so that a
    key cannot slip through with a zero-width space in it."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(ch for ch in text if not is_invisible(ch))


def _wif(text: str) -> SecretFinding | None:
    for match in _WIF.finditer(text):
        candidate = match.group(1)
        payload = b58.check_payload(b58.decode(candidate))
        network = "mainnet" if candidate[0] in "5KL" else "testnet"
        if payload is not None and payload[0] in _WIF_VERSIONS:
            network = _WIF_VERSIONS[payload[0]]
        # A damaged WIF is still a key: no public id has this shape.
        return SecretFinding(Problem.WIF_KEY, freeze(network=network))
    return None


def _byte_array(text: str) -> SecretFinding | None:
    for match in _BYTE_ARRAY.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match.group())]
        if all(n <= 255 for n in numbers):
            return SecretFinding(Problem.PRIVATE_KEY, freeze(format="byte_array"))
    return None


def is_ed25519_keypair(raw: bytes) -> bool:
    """True when ``raw`` is 64 bytes whose last 32 are the Ed25519 public key of the first 32:
    a Solana secret key. A signature has that shape too, but never that relation."""
    if len(raw) != KEYPAIR_BYTES:
        return False
    # Imported here: only a 64-byte candidate pays for it (start-up time matters).
    from Crypto.PublicKey import ECC

    seed, public = raw[:ED25519_SEED_BYTES], raw[ED25519_SEED_BYTES:]
    try:
        # pycryptodome's stub says int, but Ed25519 takes the 32-byte seed (its documentation).
        key = ECC.construct(curve="Ed25519", seed=seed)  # type: ignore[arg-type]
        derived = key.public_key().export_key(format="raw")
    except ValueError:
        return False
    return bytes(derived) == public


def _keypair(text: str) -> SecretFinding | None:
    for match in _BASE58_KEY.finditer(text):
        if is_ed25519_keypair(b58.decode(match.group())):
            return SecretFinding(Problem.PRIVATE_KEY, freeze(format="solana_keypair"))
    for match in _KEYPAIR_HEX.finditer(text):
        if is_ed25519_keypair(bytes.fromhex(match.group(1))):
            return SecretFinding(Problem.PRIVATE_KEY, freeze(format="solana_keypair"))
    return None


def _is_close(gap: str) -> bool:
    """True when the text between a label and a key is short filler ("key: ", " is my ")."""
    return len(gap) <= LABEL_GAP_CHARS and len(_WORD.findall(gap)) <= LABEL_GAP_WORDS


def _labelled(text: str, start: int, end: int) -> bool:
    """True when a key label stands right before or right after text[start:end]."""
    before = text[max(0, start - LABEL_SEARCH_CHARS) : start]
    for label in _KEY_LABEL.finditer(before):
        if _is_close(before[label.end() :]):
            return True
    after = text[end : end + LABEL_SEARCH_CHARS]
    following = _KEY_LABEL.search(after)
    return following is not None and _is_close(after[: following.start()])


def _labelled_key(text: str) -> SecretFinding | None:
    if _HEX_ONLY.fullmatch(text) or not _KEY_LABEL.search(text):
        return None
    for match in _HEX_KEY.finditer(text):
        if _labelled(text, match.start(), match.end()):
            return SecretFinding(Problem.PRIVATE_KEY, freeze(format="hex"))
    for match in _BASE58_KEY.finditer(text):
        if len(b58.decode(match.group())) == 64 and _labelled(text, match.start(), match.end()):
            return SecretFinding(Problem.PRIVATE_KEY, freeze(format="base58"))
    return None


def find_secret(text: str) -> SecretFinding | None:
    """The first kind of secret found in `text`, or None."""
    text = _for_scanning(text)
    extended = _EXTENDED_PRIVATE.search(text)
    if extended:
        return SecretFinding(Problem.EXTENDED_PRIVATE_KEY, freeze(prefix=extended.group(1)))
    if _EOS_PRIVATE.search(text):
        return SecretFinding(Problem.PRIVATE_KEY, freeze(format="eos"))
    if (_KEYSTORE.search(text) and _KEYSTORE_KDF.search(text)) or _SECRET_FIELD.search(text):
        return SecretFinding(Problem.PRIVATE_KEY, freeze(format="keystore_json"))
    found = _wif(text) or _byte_array(text) or _keypair(text) or _labelled_key(text)
    if found is not None:
        return found
    phrase = find_phrase(text)
    if phrase is not None:
        detail = freeze(words=phrase.words, language=phrase.language, form=phrase.form)
        return SecretFinding(Problem.RECOVERY_PHRASE, detail)
    return None
