"""``txdoctor chains --check`` for an EOS chain API: its chain id and last irreversible block."""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.families.eos.fetch_shapes import parse_info
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

# EOS mainnet's chain id (``get_info``); Jungle 4 testnet is 73e4385a…6c4d.
MAINNET_CHAIN_ID = "aca376f206b8fc25a6ed44dbdc66547c36c6c33e3a119ffbeaef943642f0e906"


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one endpoint ``POST /v1/chain/get_info``: EOS mainnet, and how far it is."""
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        reply = transport.post_json([url], "/v1/chain/get_info", {})
        info = parse_info(reply.body)
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    except MalformedAnswer as exc:
        return EndpointHealth(chain.name, shown, True, error=f"malformed answer: {exc}")
    latency = (time.perf_counter() - started) * 1000
    ok = info.chain_id == MAINNET_CHAIN_ID
    return EndpointHealth(
        chain.name,
        shown,
        True,
        chain_id_ok=ok,
        latest_block=info.head_block,
        latency_ms=latency,
        error=None if ok else f"chain id {info.chain_id[:8]}…, not EOS mainnet",
    )
