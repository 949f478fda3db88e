"""bech32.py against the official test vectors.

Vectors copied from BIP-173 ("Test vectors" appendix) and BIP-350 ("Test
vectors for Bech32m" and "Test vectors for v0-v16 native segregated witness
addresses"), https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki and
https://github.com/bitcoin/bips/blob/master/bip-0350.mediawiki.
"""

from __future__ import annotations

import pytest

from txdoctor.core.bech32 import (
    Bech32Error,
    Encoding,
    Reason,
    bech32_decode,
    decode_segwit_address,
    encode_segwit_address,
)

# BIP-173: valid Bech32 strings.
VALID_BECH32 = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]

# BIP-350: valid Bech32m strings.
VALID_BECH32M = [
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
]

# BIP-173: invalid Bech32 strings, with the reason given by the BIP.
INVALID_BECH32 = [
    ("\x20" + "1nwldj5", "HRP character out of range"),
    ("\x7f" + "1axkwrx", "HRP character out of range"),
    ("\x80" + "1eym55h", "HRP character out of range"),
    (
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
        "overall max length exceeded",
    ),
    ("pzry9x0s0muk", "No separator character"),
    ("1pzry9x0s0muk", "Empty HRP"),
    ("x1b4n0q5v", "Invalid data character"),
    ("li1dgmt3", "Too short checksum"),
    ("de1lg7wt" + "\xff", "Invalid character in checksum"),
    ("A1G7SGD8", "checksum calculated with uppercase form of HRP"),
    ("10a06t8", "empty HRP"),
    ("1qzzfhee", "empty HRP"),
]

# BIP-350: invalid Bech32m strings.
INVALID_BECH32M = [
    ("\x20" + "1xj0phk", "HRP character out of range"),
    ("\x7f" + "1g6xzxy", "HRP character out of range"),
    ("\x80" + "1vctc34", "HRP character out of range"),
    (
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "overall max length exceeded",
    ),
    ("qyrz8wqd2c9m", "No separator character"),
    ("1qyrz8wqd2c9m", "Empty HRP"),
    ("y1b0jsk6g", "Invalid data character"),
    ("lt1igcx5c0", "Invalid data character"),
    ("in1muywd", "Too short checksum"),
    ("mm1crxm3i", "Invalid character in checksum"),
    ("au1s5cgom", "Invalid character in checksum"),
    ("M1VUXWEZ", "checksum calculated with uppercase form of HRP"),
    ("16plkw9", "empty HRP"),
    ("1p2gdwpf", "empty HRP"),
]

# BIP-350: valid segwit addresses and their scriptPubKey.
VALID_ADDRESSES = [
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
    (
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
    ),
    (
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
    ),
    ("BC1SW50QGDZ25J", "6002751e"),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"),
    (
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
        "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
        "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    ),
    (
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    ),
]

# BIP-350: invalid segwit addresses, with the reason given by the BIP.
INVALID_ADDRESSES_BIP350 = [
    ("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", Reason.WRONG_HRP),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", Reason.WRONG_ENCODING),
    ("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", Reason.WRONG_ENCODING),
    ("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", Reason.WRONG_ENCODING),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", Reason.WRONG_ENCODING),
    ("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", Reason.WRONG_ENCODING),
    ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", Reason.BAD_CHARACTER),
    ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", Reason.BAD_WITNESS_VERSION),
    ("bc1pw5dgrnzv", Reason.BAD_PROGRAM_LENGTH),
    (
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        Reason.BAD_PROGRAM_LENGTH,
    ),
    ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", Reason.BAD_PROGRAM_LENGTH),
    ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", Reason.MIXED_CASE),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", Reason.BAD_PADDING),
    ("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", Reason.BAD_PADDING),
    ("bc1gmk9yu", Reason.EMPTY_DATA),
]

# BIP-173: invalid segwit addresses. The v1+ ones are BIP-173-era bech32 and so
# also invalid under BIP-350.
INVALID_ADDRESSES_BIP173 = [
    "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
    "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
    "bc1rw5uspcuh",
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
    "bc1gmk9yu",
    # BIP-173's v1+ "valid" vectors, now invalid: BIP-350 requires bech32m for them.
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
    "BC1SW50QA3JX3S",
    "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
]

# BIP-350 reference tests: encoding these must fail.
INVALID_ENCODE = [("BC", 0, 20), ("bc", 0, 21), ("bc", 17, 32), ("bc", 1, 1), ("bc", 16, 41)]


def _flip_after_separator(text: str) -> str:
    pos = text.rfind("1")
    return text[: pos + 1] + chr(ord(text[pos + 1]) ^ 1) + text[pos + 2 :]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(t, Encoding.BECH32) for t in VALID_BECH32] + [(t, Encoding.BECH32M) for t in VALID_BECH32M],
)
def test_valid_strings_decode_with_their_encoding(text: str, encoding: Encoding) -> None:
    assert bech32_decode(text).encoding is encoding
    with pytest.raises(Bech32Error):
        bech32_decode(_flip_after_separator(text))


@pytest.mark.parametrize(("text", "why"), INVALID_BECH32 + INVALID_BECH32M)
def test_invalid_strings_are_rejected(text: str, why: str) -> None:
    with pytest.raises(Bech32Error):
        bech32_decode(text)


@pytest.mark.parametrize(("address", "script_hex"), VALID_ADDRESSES)
def test_valid_addresses_decode_to_their_script(address: str, script_hex: str) -> None:
    decoded = decode_segwit_address(address)
    op_version = decoded.version + 0x50 if decoded.version else 0
    script = bytes([op_version, len(decoded.program)]) + decoded.program
    assert script.hex() == script_hex
    assert decoded.hrp in ("bc", "tb")
    assert encode_segwit_address(decoded.hrp, decoded.version, decoded.program) == address.lower()


@pytest.mark.parametrize(("address", "reason"), INVALID_ADDRESSES_BIP350)
def test_invalid_addresses_fail_for_the_bips_reason(address: str, reason: Reason) -> None:
    hrp = "bc" if reason is Reason.WRONG_HRP else None
    with pytest.raises(Bech32Error) as raised:
        decode_segwit_address(address, hrp)
    assert raised.value.reason is reason


@pytest.mark.parametrize("address", INVALID_ADDRESSES_BIP173)
def test_bip173_invalid_addresses_fail_for_both_networks(address: str) -> None:
    for hrp in ("bc", "tb"):
        with pytest.raises(Bech32Error):
            decode_segwit_address(address, hrp)


@pytest.mark.parametrize(("hrp", "version", "length"), INVALID_ENCODE)
def test_invalid_programs_cannot_be_encoded(hrp: str, version: int, length: int) -> None:
    with pytest.raises(Bech32Error):
        encode_segwit_address(hrp, version, bytes(length))


def test_bad_character_reports_its_position() -> None:
    address = "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4"
    with pytest.raises(Bech32Error) as raised:
        decode_segwit_address(address)
    assert raised.value.position == address.index("o")
