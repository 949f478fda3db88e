"""Where an endpoint URL leads (txdoctor/urls.py), and which URLs the chains file refuses."""

from __future__ import annotations

import pytest

from txdoctor.config import endpoint_problem
from txdoctor.core.urls import connected_origin, gets_api_key, split_host


def test_the_connected_host_is_the_http_clients_reading_not_urlsplits() -> None:
    url = "http://127.0.0.1:8090\\@api.trongrid.io/"
    assert connected_origin(url) == ("http", "127.0.0.1")
    assert split_host(url) == "api.trongrid.io"  # what a urlsplit-based check would trust
    assert not gets_api_key(url, "trongrid.io")


@pytest.mark.parametrize(
    ("url", "gets"),
    [
        ("https://api.trongrid.io", True),
        ("https://nile.trongrid.io/wallet", True),
        ("https://API.TronGrid.io./", True),
        ("http://api.trongrid.io", False),
        ("https://trongrid.io.evil.example", False),
        ("https://evil.example/#@api.trongrid.io", False),
        ("https://eviltrongrid.io", False),
    ],
)
def test_a_key_goes_over_https_to_its_domain_only(url: str, gets: bool) -> None:
    assert gets_api_key(url, "trongrid.io") is gets


@pytest.mark.parametrize(
    "url",
    [
        "https://ethereum-rpc.publicnode.com",
        "https://api.avax.network/ext/bc/C/rpc",
        "http://127.0.0.1:8545",
        "http://[::1]:8545/",
        "https://user:pw@node.example/",
        "https://mainnet.infura.io/v3/0123456789abcdef",
    ],
)
def test_ordinary_endpoints_are_accepted(url: str) -> None:
    assert endpoint_problem(url) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:1\\@api.trongrid.io/", "backslash"),
        ("https://node.example/ rpc", "space"),
        ("https://node.example/\x00", "control"),
        ("https://user:pw@api.trongrid.io", "user info"),
        ("https://node.example:99999/", "not a valid URL"),
    ],
)
def test_ambiguous_or_key_leaking_endpoints_are_refused(url: str, words: str) -> None:
    problem = endpoint_problem(url)
    assert problem is not None and words in problem
