"""``chains --check`` for a toy endpoint: ``GET /tip``."""

from __future__ import annotations

from txdoctor.config import ChainConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.fetch.transport import AllEndpointsFailed, Transport


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """The toy endpoint's latest block."""
    try:
        reply = transport.get_json([url], "tip")
    except AllEndpointsFailed:
        return EndpointHealth(chain.name, redact_url(url), False, error="unreachable")
    return EndpointHealth(
        chain.name, redact_url(url), True, chain_id_ok=True, latest_block=reply.body["tip"]
    )
