"""REST calls through the transport: URL joining, 404 handling, POST bodies, failover."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from support import http_mock
from txdoctor.fetch.transport import AllEndpointsFailed, JsonReply, Transport

TRON = "https://api.trongrid.io"
SCAN = "https://api.scan.test/api?apikey=K3yK3yK3y"
MEMPOOL = "https://mempool.test/api/"
BLOCKSTREAM = "https://blockstream.test/api"
TX = "ab" * 32


@pytest.fixture
def mock() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport(sleep=lambda _: None) as shared:
        yield shared


def test_path_is_appended_to_the_base_and_its_api_key_query_is_kept(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(
        http_mock.GET,
        "https://api.scan.test/api/tx",
        json={"status": "1"},
        match=[http_mock.query_param_matcher({"apikey": "K3yK3yK3y", "txhash": TX})],
    )
    reply = transport.get_json([SCAN], "/tx", params={"txhash": TX})
    assert reply == JsonReply(200, {"status": "1"}, "https://api.scan.test/…", reply.attempts)


def test_slashes_between_base_and_path_do_not_matter(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.GET, f"https://mempool.test/api/tx/{TX}", json={"txid": TX})
    assert transport.get_json([MEMPOOL], f"/tx/{TX}").body == {"txid": TX}


def test_404_is_an_answer_when_not_found_is_expected(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.GET, f"{BLOCKSTREAM}/tx/{TX}", status=404, body="Transaction not found")
    reply = transport.get_json([BLOCKSTREAM, MEMPOOL], f"tx/{TX}", not_found_ok=True)
    assert (reply.status, reply.body, reply.endpoint) == (404, None, BLOCKSTREAM)
    assert len(mock.calls) == 1


def test_404_otherwise_moves_on_to_the_next_base(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.GET, f"{BLOCKSTREAM}/tx/{TX}", status=404, body="Transaction not found")
    mock.add(http_mock.GET, f"https://mempool.test/api/tx/{TX}", json={"txid": TX})
    reply = transport.get_json([BLOCKSTREAM, MEMPOOL], f"tx/{TX}")
    assert reply.endpoint == MEMPOOL
    assert reply.attempts[0].error == "HTTP 404: Transaction not found"


def test_post_sends_the_body_as_json(mock: http_mock.HttpMock, transport: Transport) -> None:
    seen: list[Any] = []

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        seen.append((request.headers["Content-Type"], json.loads(request.body)))
        return 200, {}, json.dumps({"txID": TX, "ret": [{"contractRet": "SUCCESS"}]})

    mock.add_callback(http_mock.POST, f"{TRON}/wallet/gettransactionbyid", callback=callback)
    reply = transport.post_json([TRON], "/wallet/gettransactionbyid", {"value": TX})
    assert reply.body["ret"] == [{"contractRet": "SUCCESS"}]
    assert seen == [("application/json", {"value": TX})]


def test_check_can_reject_a_rest_answer(mock: http_mock.HttpMock, transport: Transport) -> None:
    mock.add(http_mock.GET, f"{BLOCKSTREAM}/blocks/tip/height", body="1")
    mock.add(http_mock.GET, "https://mempool.test/api/blocks/tip/height", body="870000")

    def recent(height: Any) -> str | None:
        return None if height > 800_000 else f"stuck at block {height}"

    reply = transport.get_json([BLOCKSTREAM, MEMPOOL], "blocks/tip/height", check=recent)
    assert (reply.body, reply.endpoint) == (870000, MEMPOOL)
    assert reply.attempts[0].error == "rejected: stuck at block 1"


def test_rest_server_errors_are_retried_and_reported(mock: http_mock.HttpMock) -> None:
    mock.add(http_mock.GET, f"{TRON}/wallet/getnowblock", status=503)
    with pytest.raises(AllEndpointsFailed) as failed:
        Transport(retries=1, sleep=lambda _: None).get_json([TRON], "/wallet/getnowblock")
    assert [(a.endpoint, a.error, a.tries) for a in failed.value.attempts] == [
        (TRON, "HTTP 503", 2)
    ]


EOS = "https://eos.test"
EOS_OTHER = "https://eos-other.test"
UNKNOWN_ACCOUNT = {"code": 400, "message": "Account lookup", "error": {"code": 3060002}}


def test_a_status_named_an_answer_comes_back_with_its_body_once(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, f"{EOS}/v1/chain/get_account", status=400, json=UNKNOWN_ACCOUNT)
    reply = transport.post_json(
        [EOS, EOS_OTHER], "/v1/chain/get_account", {"account_name": "x"}, answer_statuses=(400,)
    )
    assert (reply.status, reply.body, reply.endpoint) == (400, UNKNOWN_ACCOUNT, EOS)
    assert len(mock.calls) == 1  # neither retried nor asked elsewhere


def test_the_same_status_is_a_failure_when_not_named(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, f"{EOS}/v1/chain/get_account", status=400, json=UNKNOWN_ACCOUNT)
    with pytest.raises(AllEndpointsFailed) as failed:
        transport.post_json([EOS], "/v1/chain/get_account", {"account_name": "x"})
    assert failed.value.attempts[0].error == "HTTP 400: Account lookup"


def test_the_check_still_judges_an_answer_status(
    mock: http_mock.HttpMock, transport: Transport
) -> None:
    mock.add(http_mock.POST, f"{EOS}/v1/chain/get_account", status=400, json={"error": "other"})
    mock.add(http_mock.POST, f"{EOS_OTHER}/v1/chain/get_account", json={"account_name": "x"})
    reply = transport.post_json(
        [EOS, EOS_OTHER],
        "/v1/chain/get_account",
        {"account_name": "x"},
        check=lambda body: None if "account_name" in body else "not an account",
        answer_statuses=(400,),
    )
    assert (reply.status, reply.endpoint) == (200, EOS_OTHER)
