"""Every safety rule of a shared ``txdoctor serve``, one test each, without any chain: a Host
allow-list, token or proxy identity, CSRF, CSP and framing, body limits, rate limits, logs
without bodies or query strings."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from support.serve import csrf_of, serve_client
from txdoctor.serve.security import SESSION_COOKIE

TOKEN = "correct-horse-battery-staple-42"
SAME_ORIGIN = {"sec-fetch-site": "same-origin"}


@pytest.fixture
def chains(tmp_path: Path) -> Path:
    """One chain whose endpoint refuses connections: nothing here needs a node."""
    path = tmp_path / "chains.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "chains": {
                    "ethereum": {
                        "family": "evm",
                        "chain_id": 1,
                        "rpc": ["http://127.0.0.1:9/"],
                        "confirmations": 12,
                        "block_time": 12,
                        "native": "ETH",
                        "explorer": "https://etherscan.io/tx/{hash}",
                    }
                }
            }
        )
    )
    return path


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    return path


@pytest.fixture
def client(chains: Path, tmp_path: Path) -> Iterator[TestClient]:
    with serve_client(chains, tmp_path / "data") as c:
        yield c


def test_unknown_host_names_are_refused_against_dns_rebinding(chains: Path, tmp_path: Path) -> None:
    with serve_client(chains, tmp_path / "data", allowed_hosts=("desk.example.com",)) as c:
        rebound = c.get("/", headers={"host": "attacker.example"})
        api = c.post(
            "/api/diagnose", json={"inputs": ["0xzz"]}, headers={"host": "attacker.example:8000"}
        )
        allowed = c.get("/", headers={"host": "desk.example.com"})
        local = c.get("/healthz", headers={"host": "localhost:8000"})
    assert rebound.status_code == 400 and api.status_code == 400
    assert "not one this service answers to" in rebound.json()["error"]["message"]
    assert allowed.status_code == 200 and local.status_code == 200


def test_a_token_is_needed_and_compared_whole(
    chains: Path, tmp_path: Path, token_file: Path
) -> None:
    with serve_client(
        chains,
        tmp_path / "data",
        host="0.0.0.0",
        allowed_hosts=("127.0.0.1",),
        token_file=str(token_file),
    ) as c:
        none = c.post("/api/diagnose", json={"inputs": ["0xzz"]})
        wrong = c.post(
            "/api/diagnose",
            json={"inputs": ["0xzz"]},
            headers={"authorization": "Bearer " + TOKEN[:-1]},
        )
        longer = c.post(
            "/api/diagnose",
            json={"inputs": ["0xzz"]},
            headers={"authorization": "Bearer " + TOKEN + "x"},
        )
        right = c.post(
            "/api/diagnose", json={"inputs": ["0xzz"]}, headers={"authorization": "Bearer " + TOKEN}
        )
        page = c.get("/", follow_redirects=False)
        in_query = c.get("/api/codes", params={"token": TOKEN})
        health = c.get("/healthz")
    assert [none.status_code, wrong.status_code, longer.status_code] == [401, 401, 401]
    assert "Authorization: Bearer" in none.json()["error"]["message"]
    assert right.status_code == 200 and '"INVALID_INPUT"' in right.text
    assert page.status_code == 303 and page.headers["location"] == "/login"
    assert in_query.status_code == 401  # a token in a URL is never accepted
    assert health.status_code == 200


def test_signing_in_on_the_page_sets_a_session_that_is_not_the_token(
    chains: Path, tmp_path: Path, token_file: Path
) -> None:
    with serve_client(
        chains,
        tmp_path / "data",
        host="0.0.0.0",
        allowed_hosts=("127.0.0.1",),
        token_file=str(token_file),
    ) as c:
        form = c.get("/login").text
        bad = c.post("/login", data={"token": "guess", "csrf": csrf_of(form)}, headers=SAME_ORIGIN)
        good = c.post(
            "/login",
            data={"token": TOKEN, "csrf": csrf_of(form)},
            headers=SAME_ORIGIN,
            follow_redirects=False,
        )
        session = c.cookies.get(SESSION_COOKIE)
        page = c.get("/")
    assert bad.status_code == 401
    assert good.status_code == 303 and session and TOKEN not in session
    assert "httponly" in good.headers["set-cookie"].lower()
    assert "samesite=strict" in good.headers["set-cookie"].lower()
    assert page.status_code == 200 and 'id="check-form"' in page.text


def test_a_trusted_proxy_header_names_the_agent(chains: Path, tmp_path: Path) -> None:
    with serve_client(
        chains,
        tmp_path / "data",
        host="10.0.0.5",
        allowed_hosts=("127.0.0.1",),
        trusted_user_header="X-Email",
    ) as c:
        anonymous = c.get("/api/codes")
        named = c.get("/api/codes", headers={"x-email": "mei@example.com"})
    assert anonymous.status_code == 401 and named.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://attacker.example"},
        {"origin": "null"},
        {},  # neither header and no double-submit token: refused
    ],
)
def test_cross_site_form_posts_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    client.get("/")  # the CSRF cookie
    answer = client.post("/", data={"text": "0xzz"}, headers=headers)
    assert answer.status_code == 403
    assert "another site" in answer.text
    assert 'class="card' not in answer.text.split("<template", 1)[0]


def test_a_form_post_passes_on_fetch_metadata_origin_or_double_submit_token(
    client: TestClient,
) -> None:
    token = csrf_of(client.get("/").text)
    fetch_metadata = client.post("/", data={"text": "0xzz"}, headers=SAME_ORIGIN)
    origin = client.post("/", data={"text": "0xzz"}, headers={"origin": "http://127.0.0.1:8000"})
    double_submit = client.post("/", data={"text": "0xzz", "csrf": token})
    wrong_token = client.post("/", data={"text": "0xzz", "csrf": token[:-2] + "xx"})
    assert [fetch_metadata.status_code, origin.status_code, double_submit.status_code] == [
        200,
        200,
        200,
    ]
    assert wrong_token.status_code == 403


def test_api_posts_from_another_site_are_refused(client: TestClient) -> None:
    cross = client.post(
        "/api/diagnose", json={"inputs": ["0xzz"]}, headers={"sec-fetch-site": "cross-site"}
    )
    form_bodied = client.post(
        "/api/diagnose", content=b'{"inputs": ["0xzz"]}', headers={"content-type": "text/plain"}
    )
    script = client.post("/api/diagnose", json={"inputs": ["0xzz"]})  # curl, a help desk app
    assert cross.status_code == 403 and form_bodied.status_code == 403
    assert script.status_code == 200


def test_strict_content_security_policy_and_framing(
    chains: Path, tmp_path: Path, client: TestClient
) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert csp.startswith("default-src 'none';")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline
    assert 'src="/static/app.js"' in page.text
    with serve_client(
        chains, tmp_path / "data2", frame_ancestors=("https://acme.zendesk.com",)
    ) as embedded:
        framed = embedded.get("/")
    assert "frame-ancestors https://acme.zendesk.com" in framed.headers["content-security-policy"]
    assert "x-frame-options" not in framed.headers


def test_bodies_over_the_limit_are_refused(chains: Path, tmp_path: Path) -> None:
    with serve_client(chains, tmp_path / "data", max_body_bytes=1000) as c:
        declared = c.post("/api/diagnose", json={"text": "0xzz\n" * 400})

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"text": "'
            for _ in range(50):
                yield b"0xzz\\n" * 10
            yield b'"}'

        streamed = c.post(
            "/api/diagnose", content=chunks(), headers={"content-type": "application/json"}
        )
        small = c.post("/api/diagnose", json={"text": "0xzz"})
    assert declared.status_code == 413 and streamed.status_code == 413
    assert "1000" in declared.json()["error"]["message"]
    assert small.status_code == 200


def test_rate_limit_per_client_with_retry_after(chains: Path, tmp_path: Path) -> None:
    with serve_client(
        chains,
        tmp_path / "data",
        host="10.0.0.5",
        allowed_hosts=("127.0.0.1",),
        trusted_user_header="X-Email",
        rate_limit=3,
    ) as c:
        mei = [c.get("/api/codes", headers={"x-email": "mei"}).status_code for _ in range(4)]
        limited = c.get("/api/codes", headers={"x-email": "mei", "accept-language": "zh-CN"})
        li = c.get("/api/codes", headers={"x-email": "li"})
        health = c.get("/healthz", headers={"x-email": "mei"})
    assert mei == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert "秒" in limited.json()["error"]["message"]
    assert li.status_code == 200 and health.status_code == 200


def test_logs_never_hold_bodies_query_strings_or_credentials(
    chains: Path, tmp_path: Path, token_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    marker = "0x" + "5eed" * 16
    with (
        caplog.at_level(logging.DEBUG),
        serve_client(
            chains,
            tmp_path / "data",
            host="0.0.0.0",
            allowed_hosts=("127.0.0.1",),
            token_file=str(token_file),
        ) as c,
    ):
        auth = {"authorization": "Bearer " + TOKEN}
        c.post("/api/diagnose", json={"inputs": [marker, "0xzz"]}, headers=auth)
        c.get("/api/explain/CONFIRMED", params={"lang": "en", "q": "query-marker"}, headers=auth)
        c.get("/api/codes?ticket=query-marker", headers=auth)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("txdoctor")]
    assert any("POST /api/diagnose 200" in line and "inputs=2" in line for line in ours)
    assert any("GET /api/explain/{code} 200" in line for line in ours)
    text = "\n".join(ours)
    assert marker not in text and "query-marker" not in text and TOKEN not in text
    assert "0xzz" not in text
