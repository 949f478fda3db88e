"""``txdoctor chains --check``: is each endpoint up, on the right chain, and how far along."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from txdoctor.config import ChainConfig
from txdoctor.fetch.redact import redact_url
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError, Transport


@dataclass(frozen=True)
class EndpointHealth:
    """One endpoint's answer to "who are you and where are you"."""

    chain: str
    endpoint: str  # redacted
    reachable: bool
    chain_id: int | None = None
    chain_id_ok: bool | None = None
    latest_block: int | None = None
    latency_ms: float | None = None
    error: str | None = None
    # What recent runs left (the state file): tried last because of ``recent_error``, and
    # the usual answer time that sets its stall delay.
    tried_last: bool = False
    recent_error: str | None = None
    usual_latency_ms: float | None = None


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one endpoint for its chain id and latest block."""
    shown = redact_url(url)
    if chain.family == "tron":
        from txdoctor.fetch.tron_health import check_tron_endpoint

        return check_tron_endpoint(chain, url, transport)
    if chain.family == "solana":
        from txdoctor.fetch.solana_health import check_solana_endpoint

        return check_solana_endpoint(chain, url, transport)
    if chain.family == "bitcoin":
        from txdoctor.fetch.bitcoin_health import check_bitcoin_endpoint

        return check_bitcoin_endpoint(chain, url, transport)
    if chain.family != "evm":
        return EndpointHealth(chain.name, shown, False, error="family not supported yet")
    started = time.perf_counter()
    try:
        reply = transport.rpc([url], [("eth_chainId", []), ("eth_blockNumber", [])])
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    latency = (time.perf_counter() - started) * 1000
    chain_id, block = reply.results
    cid = _quantity(chain_id)
    if cid is None:
        return EndpointHealth(chain.name, shown, True, latency_ms=latency,
                              error="no chain id in the answer")
    latest = _quantity(block)
    return EndpointHealth(chain.name, shown, True, chain_id=cid,
                          chain_id_ok=cid == chain.chain_id, latest_block=latest,
                          latency_ms=latency)


def _quantity(value: object) -> int | None:
    """A hex quantity from an endpoint's answer, or None when it is not one."""
    if isinstance(value, RpcError) or not isinstance(value, str) or len(value) > 66:
        return None
    try:
        return int(value, 16) if value.startswith("0x") else None
    except ValueError:
        return None


def check_all(chains: list[ChainConfig], transport: Transport) -> list[EndpointHealth]:
    """Every endpoint of every chain, checked at once, in configuration order."""
    jobs = [(c, url) for c in chains for url in c.rpc]
    now = time.time()
    recent = {url: transport.book.remembered(url) for _, url in jobs}
    with ThreadPoolExecutor(max_workers=max(1, min(16, len(jobs)))) as pool:
        results = list(pool.map(lambda job: check_endpoint(job[0], job[1], transport), jobs))
    shown = []
    for (_, url), health in zip(jobs, results, strict=True):
        old = recent[url]
        if old is not None:
            bad = old.bad_until > now
            health = replace(health, tried_last=bad, recent_error=old.error if bad else None,
                             usual_latency_ms=old.latency_ms)
        shown.append(health)
    return shown
