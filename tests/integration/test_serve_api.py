"""The JSON API of ``txdoctor serve`` on real anvil nodes: the same verdicts and JSON as the
command line, streamed as each input concludes; every bad request answered with a 4xx in the
asked language; secrets refused before anything is asked, stored or logged."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import scenarios as sc
from support.anvil import AnvilNode
from support.proxy import RpcProxy
from support.scenarios import ChainEntry
from support.serve import json_lines, serve_client, sse_events
from txdoctor.commands.cli import app

pytestmark = pytest.mark.anvil

PHRASE = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)


def cli_json(chains: Path, *inputs: str, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        app,
        ["diagnose", *inputs, "--json", "--chains-file", str(chains), *extra],
        env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    return json_lines(result.stdout)


@pytest.fixture
def two_chains(anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any) -> Path:
    return chains_file(
        {
            "ethereum": ChainEntry(anvil_a, confirmations=5),
            "bsc": ChainEntry(
                anvil_b, confirmations=5, native="BNB", explorer="https://bscscan.com/tx/{hash}"
            ),
        }
    )


def test_results_are_the_cli_json_objects_with_their_index(
    anvil_a: AnvilNode, anvil_b: AnvilNode, two_chains: Path, tmp_path: Path
) -> None:
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    reverted = sc.reverted_with_message(anvil_a)
    elsewhere = sc.confirmed_transfer(anvil_b, confirmations_after=6)
    inputs = [confirmed.hash, reverted.hash, sc.random_hash(), "0xzz"]
    expected = cli_json(two_chains, *inputs)
    with serve_client(two_chains, tmp_path / "data") as client:
        answer = client.post("/api/diagnose", json={"inputs": inputs})
        wrong = client.post(
            "/api/diagnose", json={"inputs": [elsewhere.hash], "expect_chain": "ethereum"}
        )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    assert answer.headers["cache-control"] == "no-store"
    lines = sorted(json_lines(answer.text), key=lambda line: line["index"])
    assert [line.pop("index") for line in lines] == [0, 1, 2, 3]
    assert lines == expected
    assert [line["verdict"] for line in lines] == [
        "CONFIRMED",
        "FAILED_REVERTED",
        "NOT_FOUND",
        "INVALID_INPUT",
    ]
    assert json_lines(wrong.text)[0]["verdict"] == "WRONG_NETWORK"


def test_each_result_is_sent_as_soon_as_its_input_concludes(
    anvil_a: AnvilNode, chains_file: Any, tmp_path: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    with RpcProxy(anvil_a.url, latency=0.5) as slow:
        chains = chains_file({"ethereum": ChainEntry(anvil_a, extra={"rpc": [slow.url]})})
        with (
            serve_client(chains, tmp_path / "data") as client,
            client.stream("POST", "/api/diagnose", json={"inputs": [case.hash, "0xzz"]}) as answer,
        ):
            order = [json.loads(line)["index"] for line in answer.iter_lines() if line]
    assert order == [1, 0]  # the invalid input needs no network: it comes first


def test_server_sent_events_when_asked(
    anvil_a: AnvilNode, two_chains: Path, tmp_path: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    with serve_client(two_chains, tmp_path / "data") as client:
        answer = client.post(
            "/api/diagnose",
            json={"text": f"{case.hash}\n", "lang": "zh-TW"},
            headers={"accept": "text/event-stream"},
        )
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = sse_events(answer.text)
    assert [(e, i) for e, i, _ in events] == [("result", "0"), ("done", None)]
    result = events[0][2]
    assert result["verdict"] == "CONFIRMED" and result["lang"] == "zh-TW"
    assert events[1][2] == {"count": 1}


def test_reply_format_is_the_cli_reply_in_the_customers_language(
    anvil_a: AnvilNode, two_chains: Path, tmp_path: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    cli = CliRunner().invoke(
        app,
        [
            "diagnose",
            case.hash,
            "--format",
            "reply",
            "--lang",
            "zh-CN",
            "--chains-file",
            str(two_chains),
        ],
        env={"NO_COLOR": "1"},
    )
    with serve_client(two_chains, tmp_path / "data") as client:
        answer = client.post(
            "/api/diagnose", json={"inputs": [case.hash], "lang": "zh-CN", "format": "reply"}
        )
    (line,) = json_lines(answer.text)
    assert line["text"] == cli.stdout
    assert line["verdict"] == "CONFIRMED" and "已确认" in line["text"]


def test_a_second_lookup_is_served_from_the_shared_cache_in_every_language(
    anvil_a: AnvilNode, chains_file: Any, tmp_path: Path
) -> None:
    case = sc.reverted_with_message(anvil_a)
    with RpcProxy(anvil_a.url) as counting:
        chains = chains_file({"ethereum": ChainEntry(anvil_a, extra={"rpc": [counting.url]})})
        with serve_client(chains, tmp_path / "data") as client:
            first = json_lines(client.post("/api/diagnose", json={"inputs": [case.hash]}).text)
            asked = counting.requests
            again = json_lines(
                client.post("/api/diagnose", json={"inputs": [case.hash], "lang": "zh-TW"}).text
            )
    assert asked > 0 and counting.requests == asked  # nothing asked the second time
    assert first[0]["verdict"] == again[0]["verdict"] == "FAILED_REVERTED"
    assert again[0]["lang"] == "zh-TW" and again[0]["summary"] != first[0]["summary"]


def test_a_secret_is_refused_before_anything_is_asked_stored_or_logged(
    anvil_a: AnvilNode, chains_file: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    key = "0x" + "4c0883a69102937d6231471b5dbb6204fe512961708279f1d4a1e2c1b0a9c8d7"
    with RpcProxy(anvil_a.url) as counting, caplog.at_level(logging.DEBUG):
        chains = chains_file({"ethereum": ChainEntry(anvil_a, extra={"rpc": [counting.url]})})
        with serve_client(chains, tmp_path / "data") as client:
            answers = [
                client.post(
                    "/api/diagnose", json={"text": f"{case.hash}\n{PHRASE}", "lang": "zh-CN"}
                ),
                client.post("/api/diagnose", json={"inputs": PHRASE.split()}),  # one per line
                client.post("/api/diagnose", json={"inputs": [f"private key: {key}"]}),
                client.post(
                    "/",
                    data={"text": f"{case.hash}\n{PHRASE}"},
                    headers={"sec-fetch-site": "same-origin"},
                ),
            ]
            recent = client.get("/api/recent").json()
    assert [a.status_code for a in answers] == [422, 422, 422, 422]
    assert (
        "助记词" in answers[0].json()["error"]["message"]
        or "私钥" in answers[0].json()["error"]["message"]
    )
    assert counting.requests == 0
    assert recent == []
    for answer in answers:
        assert "abandon" not in answer.text and key[2:] not in answer.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "abandon" not in logged and key[2:] not in logged and case.hash not in logged
    assert "refused" in logged
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("serve.sqlite3*"))
    assert b"abandon" not in stored and key[2:].encode() not in stored


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, "JSON"),
        (b"[1, 2]", 400, "JSON"),
        (json.dumps({"inputs": "0xabc"}).encode(), 400, "JSON"),
        (json.dumps({"inputs": [1, 2]}).encode(), 400, "JSON"),
        (json.dumps({"text": "  \n \n", "lang": "zh-CN"}).encode(), 400, "哈希"),
        (json.dumps({"inputs": ["0xzz"], "lang": "fr"}).encode(), 400, "fr"),
        (json.dumps({"inputs": ["0xzz"], "format": "xml", "lang": "zh-TW"}).encode(), 400, "xml"),
        (
            json.dumps({"inputs": ["0xzz"], "expect_chain": "mars", "lang": "zh-CN"}).encode(),
            400,
            "mars",
        ),
        (json.dumps({"inputs": ["0xzz"] * 201}).encode(), 400, "201"),
    ],
)
def test_bad_requests_get_a_4xx_with_a_clear_message(
    two_chains: Path, tmp_path: Path, body: bytes, status: int, words: str
) -> None:
    with serve_client(two_chains, tmp_path / "data") as client:
        answer = client.post(
            "/api/diagnose", content=body, headers={"content-type": "application/json"}
        )
    assert answer.status_code == status
    message = answer.json()["error"]["message"]
    assert words in message
    assert "Traceback" not in answer.text
    if b'"lang": "zh' in body:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # in Chinese


def test_codes_explain_chains_and_healthz(
    anvil_a: AnvilNode, anvil_b: AnvilNode, two_chains: Path, tmp_path: Path
) -> None:
    with serve_client(two_chains, tmp_path / "data") as client:
        codes = client.get("/api/codes", params={"lang": "zh-CN"}).json()
        article = client.get("/api/explain/pending-low-fee", params={"lang": "zh-TW"}).json()
        unknown = client.get("/api/explain/NOPE", params={"lang": "zh-CN"})
        bad_lang = client.get("/api/codes", params={"lang": "klingon"})
        chains = client.get("/api/chains").json()
        health = client.get("/healthz")
        schema = client.get("/openapi.json").json()
    assert {row["code"] for row in codes} >= {"CONFIRMED", "PENDING_LOW_FEE", "SECRET_REFUSED"}
    assert all(row["title"] and row["meaning"] for row in codes)
    assert article["code"] == "PENDING_LOW_FEE" and article["lang"] == "zh-TW"
    assert article["actions"] and article["severity_code"] == "warning"
    assert unknown.status_code == 404 and "NOPE" in unknown.json()["error"]["message"]
    assert bad_lang.status_code == 400
    assert [c["name"] for c in chains] == ["ethereum", "bsc"]
    (eth_health,) = chains[0]["health"]
    assert eth_health["reachable"] and eth_health["chain_id"] == anvil_a.chain_id
    assert eth_health["chain_id_ok"] is True
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert "/api/diagnose" in schema["paths"] and "/api/explain/{code}" in schema["paths"]


def test_recent_lookups_of_the_team(anvil_a: AnvilNode, two_chains: Path, tmp_path: Path) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    with serve_client(two_chains, tmp_path / "data", trusted_user_header="X-Email") as client:
        client.post(
            "/api/diagnose",
            json={"inputs": [case.hash, "0xzz"]},
            headers={"x-email": "mei@example.com"},
        )
        recent = client.get("/api/recent", headers={"x-email": "li@example.com"}).json()
    assert [(r["value"], r["verdict"], r["agent"], r["chain"]) for r in recent] == [
        (case.hash, "CONFIRMED", "mei@example.com", "ethereum")
    ]  # invalid input not kept


def test_a_pasted_ticket_keeps_its_hashes_and_damaged_ones_not_its_prose(
    anvil_a: AnvilNode, two_chains: Path, tmp_path: Path
) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=6)
    ticket = (
        f"Hello,\nmy USDT never arrived!!\nTx: {case.hash}\nalso this one {case.hash[:40]}"
        "\nThanks, Mei"
    )
    with serve_client(two_chains, tmp_path / "data") as client:
        answer = json_lines(client.post("/api/diagnose", json={"text": ticket}).text)
        prose_only = json_lines(client.post("/api/diagnose", json={"text": "Hello"}).text)
    verdicts = sorted((line["index"], line["verdict"]) for line in answer)
    assert verdicts == [(0, "CONFIRMED"), (1, "INVALID_INPUT")]
    assert [line["verdict"] for line in prose_only] == ["INVALID_INPUT"]  # said, not dropped
