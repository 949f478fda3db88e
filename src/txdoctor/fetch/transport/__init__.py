"""The one place that does HTTP for every chain family: failover, retries, limits, redaction."""

from txdoctor.fetch.transport._client import JsonCheck, RpcCheck, Transport
from txdoctor.fetch.transport._health import STATE_FILE, Remembered
from txdoctor.fetch.transport._hedge import MOOT
from txdoctor.fetch.transport.model import (
    AllEndpointsFailed,
    Attempt,
    JsonReply,
    RpcError,
    RpcReply,
    TransportError,
)

__all__ = [
    "MOOT",
    "STATE_FILE",
    "AllEndpointsFailed",
    "Attempt",
    "JsonCheck",
    "JsonReply",
    "Remembered",
    "RpcCheck",
    "RpcError",
    "RpcReply",
    "Transport",
    "TransportError",
]
