"""Credentials in endpoint URLs never reach what a user sees."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from txdoctor.core.redact import (
    echoes_url,
    redact_text,
    redact_url,
    register_secret,
    secrets_in_url,
)

INFURA_KEY = "0123456789abcdef0123456789abcdef"
ALCHEMY_KEY = "AbCdEfGhIjKlMnOpQrStUvWx_yz-"  # no digit: only its position gives it away
QUICKNODE_TOKEN = "3f9a2c4e8b1d7f6a5c3e9b2d4f8a1c6e7b5d3f2a"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"https://mainnet.infura.io/v3/{INFURA_KEY}", "https://mainnet.infura.io/…"),
        (
            f"https://eth-mainnet.g.alchemy.com/v2/{ALCHEMY_KEY}",
            "https://eth-mainnet.g.alchemy.com/…",
        ),
        (
            f"https://withered-bitter-butterfly.quiknode.pro/{QUICKNODE_TOKEN}/",
            "https://withered-bitter-butterfly.quiknode.pro/…",
        ),
        ("https://alice:s3cret-pw@node.example:8545/", "https://node.example:8545/"),
        (
            "https://api.etherscan.io/api?module=account&apikey=ABC123XYZ&action=txlist",
            "https://api.etherscan.io/…",
        ),
        ("https://lb.drpc.org/ogrpc?network=ethereum&dkey=Zz9yY8xX", "https://lb.drpc.org/…"),
        # Shapes no rule could list (issue 12, case 7): a short key, any query, ;params, #frag.
        ("https://node.example/rpc/MyShortKey99", "https://node.example/…"),
        ("https://node.example/?k=abc", "https://node.example/…"),
        ("https://node.example/rpc;jsessionid=Zz9yY8xX", "https://node.example/…"),
        ("https://node.example/#frag=Zz9yY8xX", "https://node.example/…"),
    ],
)
def test_known_key_locations_are_masked(url: str, shown: str) -> None:
    assert redact_url(url) == shown


@pytest.mark.parametrize(
    "name", ["key", "apikey", "api_key", "token", "access_token", "auth", "secret", "API-KEY"]
)
def test_secret_query_params_are_masked_whatever_their_exact_name(name: str) -> None:
    shown = redact_url(f"https://node.example/rpc?chain=1&{name}=hunter2hunter2")
    assert shown == "https://node.example/…"


@pytest.mark.parametrize(
    "url",
    [
        "https://cloudflare-eth.com",
        "https://rpc.ankr.com/eth",
        "https://bsc-dataseed.binance.org/",
        "https://api.trongrid.io/wallet",
        "https://api.avax.network/ext/bc/C/rpc",
        "https://mempool.space/api",
        "https://eth.example/tx/0x" + "ab12" * 16,  # a tx hash is public and worth showing
        "http://127.0.0.1:8545",
    ],
)
def test_public_urls_are_left_readable(url: str) -> None:
    assert redact_url(url) == url


def test_requests_style_messages_are_scrubbed_using_the_url_secrets() -> None:
    url = f"https://mainnet.infura.io/v3/{INFURA_KEY}?apikey=XYZ987abc"
    message = (
        "HTTPSConnectionPool(host='mainnet.infura.io', port=443): Max retries exceeded with "
        f"url: /v3/{INFURA_KEY}?apikey=XYZ987abc (Caused by NewConnectionError(...))"
    )
    scrubbed = redact_text(message, secrets_in_url(url))
    assert INFURA_KEY not in scrubbed
    assert "XYZ987abc" not in scrubbed
    assert "host='mainnet.infura.io'" in scrubbed


def test_full_urls_inside_text_are_redacted_without_eating_punctuation() -> None:
    text = f"could not reach https://mainnet.infura.io/v3/{INFURA_KEY}: refused."
    assert redact_text(text) == "could not reach https://mainnet.infura.io/…: refused."


def test_percent_encoded_forms_of_a_secret_are_masked_too() -> None:
    secret = "p@ss/w0rd+key"
    text = "sent p%40ss%2Fw0rd%2Bkey and p%40ss%2Fw0rd%2Bkey"
    assert redact_text(text, [secret]) == "sent *** and ***"


def test_registered_secrets_are_masked_everywhere() -> None:
    register_secret("  TRONkey-5f1c0b7e  \n")
    assert redact_text("header TRONkey-5f1c0b7e was refused") == "header *** was refused"
    assert redact_url("https://api.example/TRONkey-5f1c0b7e/x") == "https://api.example/…"
    assert redact_url("https://TRONkey-5f1c0b7e.example/") == "https://***.example/"


def test_a_secret_registered_after_a_url_was_shown_is_masked_from_then_on() -> None:
    url = f"https://SHOWNkey-0b7e5f1c.example:8545/v3/{INFURA_KEY}"
    shown = "https://SHOWNkey-0b7e5f1c.example:8545/…"  # the host alone is not known a key
    assert redact_url(url) == shown and redact_url(url) == shown
    pieces = secrets_in_url(url)
    assert INFURA_KEY in pieces
    pieces.clear()
    assert INFURA_KEY in secrets_in_url(url)  # each caller gets its own list
    register_secret("SHOWNkey-0b7e5f1c")
    assert redact_url(url) == "https://***.example:8545/…"


def test_very_short_values_are_not_treated_as_secrets() -> None:
    register_secret("0x")
    assert redact_text("tx 0x12 failed", ["a"]) == "tx 0x12 failed"


def test_unparseable_urls_are_hidden_entirely() -> None:
    assert redact_url(f"http://[::1/v3/{INFURA_KEY}") == "<unparseable URL>"


# 0x-prefixed hex is shown on purpose (hashes, addresses), so keys never look like that here.
_keys = st.text(string.ascii_letters + string.digits, min_size=20, max_size=64).filter(
    lambda k: (
        any(c.isdigit() for c in k)
        and any(c.isalpha() for c in k)
        and not re.fullmatch("0x[0-9a-fA-F]*", k)
    )
)


@given(key=_keys)
def test_generated_keys_never_survive_in_any_usual_position(key: str) -> None:
    for url in (
        f"https://mainnet.infura.io/v3/{key}",
        f"https://eth-mainnet.g.alchemy.com/v2/{key}",
        f"https://name.quiknode.pro/{key}/",
        f"https://api.example/api?module=x&apikey={key}",
        f"https://user:{key}@node.example/",
    ):
        shown = redact_url(url)
        assert key not in shown
        assert key not in redact_text(f"GET {url} failed", secrets_in_url(url))


def test_server_messages_quoting_any_piece_of_the_url_are_recognised() -> None:
    url = "https://node.example/rpc/MyShortKey99?k=Zz9yY8xX"
    assert echoes_url("no route for /rpc/MyShortKey99", url)
    assert echoes_url("unknown key myshortkey", url)  # part of it, in another case
    assert echoes_url("bad k=Zz9yY8xX", url)
    assert not echoes_url("internal error", url)
    assert not echoes_url("rpc is down", "https://node.example/rpc")  # keyless words only
