"""Explorer APIs parsed from bodies in their documented shapes (tests/fixtures/explorer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import http_mock
from support.judged import judged_row
from txdoctor.config import ChainConfig, TokenConfig
from txdoctor.core.redact import redact_text
from txdoctor.facts import TokenStatus
from txdoctor.families.evm.fetch_explorer import ETHERSCAN_V2, NO_EXPLORER, recent_history
from txdoctor.fetch.transport import Transport

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "explorer"
BLOCKSCOUT = "https://eth.blockscout.test"
ADDRESS = "0xcc4e74eb7f0d2f3e8c86ac08a6b70689f564b226"
USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
KEY = "ABCDEF0123456789SECRETKEY"


def body(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def chain(explorer_api: str | None = BLOCKSCOUT) -> ChainConfig:
    return ChainConfig(
        name="ethereum",
        family="evm",
        rpc=("http://127.0.0.1:1",),
        confirmations=12,
        block_time=12,
        native="ETH",
        explorer="https://etherscan.io/tx/{hash}",
        chain_id=1,
        tokens=(TokenConfig("USDT", USDT, 6, "Tether USD"),),
        explorer_api=explorer_api,
    )


@pytest.fixture
def transport() -> Transport:
    return Transport(timeout=2, retries=0, sleep=lambda _: None)


@http_mock.activate
def test_blockscout_rows_become_recent_transfers_newest_first(transport: Transport) -> None:
    http_mock.get(
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/transactions",
        json=body("blockscout_address_transactions.json"),
    )
    http_mock.get(
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/token-transfers",
        json=body("blockscout_address_token_transfers.json"),
    )
    history = recent_history(chain(), transport, ADDRESS, environ={})
    assert history.source == "blockscout" and history.problem is None
    assert [r.timestamp for r in history.transfers] == sorted(
        (r.timestamp or 0 for r in history.transfers), reverse=True
    )
    rows = [judged_row(r, chain()) for r in history.transfers]
    usdt = next(r for r in rows if r.token and r.token.contract == USDT.lower())
    assert usdt.token is not None and usdt.token.status is TokenStatus.OFFICIAL
    assert usdt.amount is not None and usdt.amount.value == 830
    fake = next(r for r in rows if r.token and r.token.contract != USDT.lower())
    assert fake.token is not None and fake.token.status is TokenStatus.IMPOSTOR
    assert fake.token.symbol == "USDТ"  # Cyrillic Т, kept raw
    eth = [r for r in history.transfers if r.token is None]
    assert [(r.success, r.amount.raw if r.amount else None) for r in eth] == [
        (True, 250000000000000000),
        (False, 0),
    ]
    assert (
        eth[0].sender == ADDRESS
        and eth[0].recipient == "0xeb533ee5687044e622c69c58b1b12329f56ed9ad"
    )
    assert "type=ERC-20" in http_mock.calls[1].request.url


@http_mock.activate
def test_older_blockscout_field_names_are_read(transport: Transport) -> None:
    http_mock.get(
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/transactions",
        json={"items": [], "next_page_params": None},
    )
    http_mock.get(
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/token-transfers",
        json=body("blockscout_address_token_transfers_older.json"),
    )
    (row,) = recent_history(chain(), transport, ADDRESS, environ={}).transfers
    assert row.hash.startswith("0xe5dace25") and row.token is not None
    assert row.token.contract == "0xa6d2d34530874b92abc81500e5029050bd1a918a"
    assert row.token.status is TokenStatus.UNLISTED and row.amount is not None


@http_mock.activate
def test_an_unknown_address_is_an_empty_history(transport: Transport) -> None:
    http_mock.get(f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/transactions", status=404)
    http_mock.get(f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/token-transfers", status=404)
    history = recent_history(chain(), transport, ADDRESS, environ={})
    assert history.available and history.transfers == ()


@http_mock.activate
def test_malformed_rows_are_skipped_and_a_non_list_is_a_failure(transport: Transport) -> None:
    http_mock.get(
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/transactions",
        json={
            "items": [{"hash": "nope"}, 7, {"hash": "0x" + "1" * 64, "value": "-3", "from": "x"}]
        },
    )
    http_mock.get(
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/token-transfers",
        json={
            "items": [{"transaction_hash": "0x" + "2" * 64, "token": {}, "total": {"value": "1"}}]
        },
    )
    (row,) = recent_history(chain(), transport, ADDRESS, environ={}).transfers
    assert row.amount is None and row.sender is None
    http_mock.replace(
        http_mock.GET,
        f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/transactions",
        json={"message": "rate limited"},
    )
    history = recent_history(chain(), transport, ADDRESS, environ={})
    assert not history.available and "Blockscout failed" in (history.problem or "")


def test_without_explorer_or_key_nothing_is_asked(transport: Transport) -> None:
    with http_mock.HttpMock():  # any request would fail the test
        history = recent_history(chain(None), transport, ADDRESS, environ={})
    assert history.problem == NO_EXPLORER and not history.available


@http_mock.activate
def test_etherscan_v2_with_a_key(transport: Transport) -> None:
    http_mock.get(
        ETHERSCAN_V2,
        json=body("etherscan_txlist.json"),
        match=[http_mock.query_param_matcher({"action": "txlist"}, strict_match=False)],
    )
    http_mock.get(
        ETHERSCAN_V2,
        json=body("etherscan_tokentx.json"),
        match=[http_mock.query_param_matcher({"action": "tokentx"}, strict_match=False)],
    )
    address = "0x4e83362442b8d1bec281594cea3050c8eb01311c"
    history = recent_history(chain(None), transport, address, environ={"ETHERSCAN_API_KEY": KEY})
    assert history.source == "etherscan"
    assert [r.hash[:10] for r in history.transfers] == ["0xc52783ad", "0x7bc2f30b", "0x5f2cd76f"]
    assert history.transfers[1].success is False
    token_row = judged_row(history.transfers[2], chain(None))
    assert token_row.token is not None and token_row.token.status is TokenStatus.OFFICIAL
    assert token_row.amount is not None and token_row.amount.value == 250
    sent = http_mock.calls[0].request.url
    assert "chainid=1" in sent and "module=account" in sent and f"apikey={KEY}" in sent


@http_mock.activate
def test_etherscan_empty_and_refused_the_key_never_shows(transport: Transport) -> None:
    http_mock.get(ETHERSCAN_V2, json=body("etherscan_no_transactions.json"))
    history = recent_history(chain(None), transport, ADDRESS, environ={"ETHERSCAN_API_KEY": KEY})
    assert history.available and history.transfers == ()
    http_mock.replace(http_mock.GET, ETHERSCAN_V2, json=body("etherscan_notok.json"))
    history = recent_history(chain(None), transport, ADDRESS, environ={"ETHERSCAN_API_KEY": KEY})
    assert not history.available
    assert "Missing/Invalid API Key" in (history.problem or "")
    assert KEY not in (history.problem or "")
    assert KEY not in redact_text(f"https://api.etherscan.io/v2/api?apikey={KEY} failed")


@http_mock.activate
def test_blockscout_down_falls_back_to_etherscan_when_a_key_is_set(transport: Transport) -> None:
    http_mock.get(f"{BLOCKSCOUT}/api/v2/addresses/{ADDRESS}/transactions", status=503)
    http_mock.get(ETHERSCAN_V2, json=body("etherscan_no_transactions.json"))
    history = recent_history(chain(), transport, ADDRESS, environ={"ETHERSCAN_API_KEY": KEY})
    assert history.source == "etherscan"
