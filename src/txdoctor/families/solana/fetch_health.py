"""``txdoctor chains --check`` for a Solana endpoint: which cluster it serves, and its slot."""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError, Transport

# The genesis hash of mainnet-beta: what an endpoint of the mainnet cluster answers.
MAINNET_GENESIS = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d"


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one endpoint for its genesis hash (the cluster's identity) and its slot."""
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        reply = transport.rpc(
            [url], [("getGenesisHash", []), ("getSlot", [{"commitment": "confirmed"}])]
        )
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    latency = (time.perf_counter() - started) * 1000
    genesis, slot = reply.results
    if isinstance(genesis, RpcError) or not isinstance(genesis, str):
        return EndpointHealth(
            chain.name, shown, True, latency_ms=latency, error="no genesis hash in the answer"
        )
    latest = slot if isinstance(slot, int) and not isinstance(slot, bool) else None
    on_mainnet = genesis == MAINNET_GENESIS
    return EndpointHealth(
        chain.name,
        shown,
        True,
        chain_id_ok=on_mainnet,
        latest_block=latest,
        latency_ms=latency,
        error=None if on_mainnet else f"not mainnet-beta (genesis {genesis})",
    )
