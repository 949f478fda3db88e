"""``txdoctor chains --check`` for an EVM endpoint: its chain id and latest block."""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core.hexqty import parse_quantity
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.fetch.transport import AllEndpointsFailed, Transport


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one endpoint for its chain id and latest block."""
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        reply = transport.rpc([url], [("eth_chainId", []), ("eth_blockNumber", [])])
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    latency = (time.perf_counter() - started) * 1000
    chain_id, block = reply.results
    cid = parse_quantity(chain_id)
    if cid is None:
        return EndpointHealth(
            chain.name, shown, True, latency_ms=latency, error="no chain id in the answer"
        )
    latest = parse_quantity(block)
    return EndpointHealth(
        chain.name,
        shown,
        True,
        chain_id=cid,
        chain_id_ok=cid == chain.chain_id,
        latest_block=latest,
        latency_ms=latency,
    )
