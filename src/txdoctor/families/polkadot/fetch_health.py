"""``txdoctor chains --check`` for a Subscan endpoint: its network's SS58 prefix and head.

``POST /api/scan/metadata`` answers the best block (``blockNum``), the finalized one and
``addressType``, the SS58 prefix of the network Subscan indexes: 0 for Polkadot and its
Asset Hub (2 is Kusama, 42 a test network), so an endpoint of another network is caught.
"""

from __future__ import annotations

import time

from txdoctor.config import ChainConfig
from txdoctor.core import ss58
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.families.polkadot.fetch import METADATA_PATH, chain_head
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.transport import AllEndpointsFailed, Transport


def check_endpoint(chain: ChainConfig, url: str, transport: Transport) -> EndpointHealth:
    """Ask one Subscan endpoint for its metadata: network prefix, best block."""
    shown = redact_url(url)
    started = time.perf_counter()
    try:
        reply = transport.post_json([url], METADATA_PATH, {})
        head = chain_head(reply.body)
    except AllEndpointsFailed as exc:
        error = exc.attempts[-1].error if exc.attempts else "failed"
        return EndpointHealth(chain.name, shown, False, error=error)
    except MalformedAnswer as exc:
        return EndpointHealth(chain.name, shown, True, error=f"malformed answer: {exc}")
    latency = (time.perf_counter() - started) * 1000
    ok = head.ss58_prefix in (None, ss58.POLKADOT)
    return EndpointHealth(
        chain.name,
        shown,
        True,
        chain_id_ok=ok,
        latest_block=head.best,
        latency_ms=latency,
        error=None if ok else f"SS58 prefix {head.ss58_prefix}, not Polkadot's 0",
    )
