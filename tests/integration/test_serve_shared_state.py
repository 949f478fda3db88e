"""A team on one machine (workers sharing SQLite) and beyond it (hosts sharing a real
redis-server): one cache of results (final verdicts long, the rest seconds), one rate limit
per client, one list of recent lookups."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from support import scenarios as sc
from support.anvil import AnvilNode
from support.proxy import RpcProxy
from support.redis_server import RedisServer
from support.scenarios import ChainEntry
from support.serve import json_lines, serve_client
from support.serve_process import ServeProcess
from txdoctor.serve.app import load_config
from txdoctor.serve.lookups import Lookups
from txdoctor.serve.settings import ServeSettings
from txdoctor.serve.store import Recent, RedisStore, SqliteStore, Store

pytestmark = pytest.mark.anvil


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis") as server:
        yield server


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def stores(kind: str, tmp_path: Path, redis_url: str, clock: Clock) -> tuple[Store, Store]:
    """Two handles on one shared state, as two workers or two hosts hold them."""
    if kind == "sqlite":
        path = tmp_path / "shared" / "serve.sqlite3"
        return SqliteStore(path, clock=clock), SqliteStore(path, clock=clock)
    return RedisStore(redis_url, clock=clock), RedisStore(redis_url, clock=clock)


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def test_every_handle_sees_one_cache_one_counter_and_one_recent_list(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("redis_server").url if kind == "redis" else ""
    clock = Clock()
    first, second = stores(kind, tmp_path, url, clock)
    first.cache_put("k", {"verdict": "CONFIRMED"}, ttl=5)
    assert second.cache_get("k") == {"verdict": "CONFIRMED"}
    waits = [store.hit("agent-1", limit=3, window=60) for store in (first, second) * 2]
    assert waits[:3] == [None, None, None] and waits[3] is not None and waits[3] > 0
    assert second.hit("agent-2", limit=3, window=60) is None  # another client
    first.remember(Recent(clock.now, "mei", "0xabc", "ethereum", "CONFIRMED"))
    assert [r.value for r in second.recent(5)] == ["0xabc"]
    if kind == "sqlite":  # Redis expires by its own clock: checked on the server below
        clock.now += 6
        assert second.cache_get("k") is None
    first.close()
    second.close()


def lookups_on(chains: Path, store: Store, **options: Any) -> Lookups:
    settings = ServeSettings(chains_file=str(chains), **options)
    return Lookups(settings, load_config(settings), store)


def test_final_verdicts_are_kept_long_pending_ones_seconds(
    start_anvil: Any, chains_file: Any, tmp_path: Path
) -> None:
    node: AnvilNode = start_anvil()
    done = sc.confirmed_transfer(node, confirmations_after=6)
    waiting = sc.pending_transfer(node)
    clock = Clock()
    with RpcProxy(node.url) as counting:
        chains = chains_file(
            {"ethereum": ChainEntry(node, confirmations=5, extra={"rpc": [counting.url]})}
        )
        store = SqliteStore(tmp_path / "data" / "serve.sqlite3", clock=clock)
        lookups = lookups_on(chains, store, pending_ttl=5, final_ttl=600)
        try:
            verdicts = [
                lookups.result(h, None, "en", "")["report"]["verdict"]
                for h in (done.hash, waiting.hash)
            ]
            asked = counting.requests
            clock.now += 10  # past the pending TTL, well within the final one
            lookups.result(done.hash, None, "en", "")
            assert counting.requests == asked  # the confirmed one: still cached
            lookups.result(waiting.hash, None, "en", "")
            assert counting.requests > asked  # the pending one: asked again
        finally:
            lookups.close()
            store.close()
    assert verdicts == ["CONFIRMED", "PENDING"]


@pytest.mark.redis
def test_two_hosts_share_cache_rate_limit_and_recent_lookups_on_redis(
    anvil_a: AnvilNode, chains_file: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    case = sc.reverted_with_message(anvil_a)
    with RpcProxy(anvil_a.url) as counting:
        chains = chains_file({"ethereum": ChainEntry(anvil_a, extra={"rpc": [counting.url]})})
        options = {"redis_url": redis_server.url, "rate_limit": 4}
        with (
            serve_client(chains, tmp_path / "a", **options) as host_a,
            serve_client(chains, tmp_path / "b", **options) as host_b,
        ):
            first = json_lines(host_a.post("/api/diagnose", json={"inputs": [case.hash]}).text)
            asked = counting.requests
            second = json_lines(
                host_b.post("/api/diagnose", json={"inputs": [case.hash], "lang": "zh-CN"}).text
            )
            recent = host_b.get("/api/recent").json()
            statuses = [host_a.get("/api/codes").status_code, host_b.get("/api/codes").status_code]
    assert first[0]["verdict"] == second[0]["verdict"] == "FAILED_REVERTED"
    assert counting.requests == asked  # host B answered from host A's lookup
    assert [r["value"] for r in recent] == [case.hash]
    assert statuses == [200, 429]  # 5 requests by one client across both hosts: over 4
    assert not list((tmp_path / "a").glob("serve.sqlite3*"))  # nothing kept locally


@pytest.mark.redis
def test_redis_expires_pending_results_by_itself(redis_server: RedisServer) -> None:
    store = RedisStore(redis_server.url)
    store.cache_put("pending", {"verdict": "PENDING"}, ttl=0.2)
    import redis as redis_client

    raw = redis_client.Redis.from_url(redis_server.url)
    ttl_ms = raw.pttl("txdoctor:cache:pending")
    assert 0 < int(ttl_ms) <= 200  # type: ignore[arg-type]
    raw.close()
    store.close()


def test_workers_of_one_machine_share_the_rate_limit(anvil_a: AnvilNode, chains_file: Any) -> None:
    chains = chains_file({"ethereum": ChainEntry(anvil_a)})
    with ServeProcess(
        "--chains-file", str(chains), "--workers", "2", "--rate-limit", "6"
    ) as server:
        statuses = []
        for _ in range(8):  # a new connection each time: the kernel spreads them over workers
            with httpx2.Client(timeout=30) as client:
                statuses.append(client.get(server.url + "api/codes").status_code)
    assert statuses == [200] * 6 + [429] * 2
