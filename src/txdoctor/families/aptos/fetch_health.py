"""``txdoctor chains --check`` for an Aptos fullnode: its chain id and latest version."""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.families.aptos.fetch_shapes import parse_ledger
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

MAINNET_CHAIN_ID = 1  # the ledger info's chain_id on mainnet (testnet 2); a file may set another


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one fullnode for its ledger info (``GET /v1``): its chain id and latest version."""
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        reply = transport.get_json([url], "")
        ledger = parse_ledger(reply.body)
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    except MalformedAnswer as exc:
        return EndpointHealth(chain.name, shown, True, error=f"malformed answer: {exc}")
    latency = (time.perf_counter() - started) * 1000
    expected = chain.chain_id or MAINNET_CHAIN_ID
    ok = ledger.chain_id == expected
    return EndpointHealth(
        chain.name,
        shown,
        True,
        chain_id=ledger.chain_id,
        chain_id_ok=ok,
        latest_block=ledger.ledger_version,
        latency_ms=latency,
        error=None if ok else f"chain id {ledger.chain_id}, not {expected}",
    )
