"""``txdoctor chains --check`` for a Tron endpoint: does it answer, and with which block."""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.families.tron.fetch_api import TronApi
from txdoctor.families.tron.fetch_decode import block_number
from txdoctor.families.tron.fetch_key import api_key
from txdoctor.fetch.transport import AllEndpointsFailed, Transport


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one Tron endpoint for its latest block header.

    Tron has no chain id to compare; a well-formed block header is the check.
    """
    shown = redact_url(url)
    api = TronApi(transport, [url], has_key=api_key() is not None)
    started = time.perf_counter()
    try:
        body = api.wallet("wallet/getblock", {"detail": False})
    except AllEndpointsFailed as exc:
        return EndpointHealth(chain.name, shown, False, error=api.failure_reason(exc.attempts))
    latency = (time.perf_counter() - started) * 1000
    latest = block_number(body)
    if latest is None:
        return EndpointHealth(
            chain.name, shown, True, latency_ms=latency, error="no block header in the answer"
        )
    return EndpointHealth(
        chain.name, shown, True, chain_id_ok=True, latest_block=latest, latency_ms=latency
    )
