"""``txdoctor chains --check`` for an Esplora endpoint: Bitcoin mainnet or not, and its tip.

Esplora has no chain id; the genesis block stands for one: ``GET /block/:hash`` of
mainnet's genesis answers 200 on a mainnet server and 404 on testnet or signet ones.
"""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.families.bitcoin.fetch_shapes import parse_tip
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

MAINNET_GENESIS = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one endpoint for its tip height and whether it knows mainnet's genesis block."""
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        tip = transport.get_json([url], "/blocks/tip/height")
        genesis = transport.get_json([url], f"/block/{MAINNET_GENESIS}", not_found_ok=True)
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    latency = (time.perf_counter() - started) * 1000
    try:
        latest = parse_tip(tip.body)
    except MalformedAnswer:
        return EndpointHealth(
            chain.name, shown, True, latency_ms=latency, error="no tip height in the answer"
        )
    on_mainnet = genesis.status != 404
    return EndpointHealth(
        chain.name,
        shown,
        True,
        chain_id_ok=on_mainnet,
        latest_block=latest,
        latency_ms=latency,
        error=None if on_mainnet else "not Bitcoin mainnet (no mainnet genesis block)",
    )
