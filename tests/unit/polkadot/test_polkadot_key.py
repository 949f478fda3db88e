"""The optional Subscan key goes to Subscan over https only, merged with the other
families' keys into the one transport's headers, and is never printed."""

from __future__ import annotations

from txdoctor.core.redact import redact_text
from txdoctor.families.polkadot.fetch_key import KEY_HEADER, key_headers
from txdoctor.fetch.keys import key_headers as every_family

KEY = "subscan-key-9f8e7d6c5b4a"


def test_the_key_goes_to_subscan_over_https_only() -> None:
    headers = key_headers({"SUBSCAN_API_KEY": KEY})
    assert headers("https://assethub-polkadot.api.subscan.io") == {KEY_HEADER: KEY}
    assert headers("https://polkadot.api.subscan.io/api/scan/extrinsic") == {KEY_HEADER: KEY}
    for other in (
        "http://polkadot.api.subscan.io",  # plain http: readable on the way
        "https://subscan.io.evil.example",
        "https://evil.example/?https://polkadot.api.subscan.io",
        "https://api.trongrid.io",
    ):
        assert headers(other) == {}, other


def test_no_key_no_header() -> None:
    assert key_headers({})("https://polkadot.api.subscan.io") == {}
    assert key_headers({"SUBSCAN_API_KEY": "  "})("https://polkadot.api.subscan.io") == {}


def test_the_transport_gets_each_familys_key_for_its_own_provider_only() -> None:
    headers = every_family({"SUBSCAN_API_KEY": KEY, "TRON_PRO_API_KEY": "tron-key-0a1b2c3d"})
    assert headers("https://polkadot.api.subscan.io") == {KEY_HEADER: KEY}
    assert headers("https://api.trongrid.io") == {"TRON-PRO-API-KEY": "tron-key-0a1b2c3d"}
    assert headers("https://ethereum-rpc.publicnode.com") == {}


def test_the_key_is_masked_wherever_it_would_be_shown() -> None:
    key_headers({"SUBSCAN_API_KEY": KEY})
    assert KEY not in redact_text(f"request failed: X-API-Key: {KEY}")
