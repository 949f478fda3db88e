"""``txdoctor chains --check``: is each endpoint up, on the right chain, and how far along."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from txdoctor.config import ChainConfig
from txdoctor.core import registry
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.fetch.transport import Transport

__all__ = ["EndpointHealth", "check_all", "check_endpoint"]


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one endpoint who it is and how far along, the way its family's API allows."""
    check = registry.part(chain.family, "fetch_health", "check_endpoint")
    if check is None:
        return EndpointHealth(chain.name, redact_url(url), False, error="family not supported yet")
    result: EndpointHealth = check(chain, url, transport)
    return result


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
            health = replace(
                health,
                tried_last=bad,
                recent_error=old.error if bad else None,
                usual_latency_ms=old.latency_ms,
            )
        shown.append(health)
    return shown
