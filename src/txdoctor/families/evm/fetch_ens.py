"""Resolve an ENS name to an address, on the chain named ``ethereum`` (I/O).

EIP-137: the name's ``namehash`` (keccak-256 folded over its labels, from the right) is the
key. The ENS registry (``0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e``, the same address on
every network where ENS is deployed) gives the name's resolver (``resolver(bytes32)``); the
resolver gives its Ethereum address (``addr(bytes32)``). Two JSON-RPC round trips, each an
``eth_call``. Wildcard resolution (ENSIP-10) and off-chain lookups (CCIP-read) are not
followed: a name that needs them is reported as not pointing to an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.hexqty import parse_quantity
from txdoctor.families.evm import fetch_abi as evm_abi
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError, Transport

REGISTRY = "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e"
RESOLVER_CALL = "0x0178b8bf"  # resolver(bytes32)
ADDR_CALL = "0x3b3b57de"  # addr(bytes32)
ZERO = "0x" + "0" * 40


@dataclass(frozen=True)
class EnsAnswer:
    """The address a name points to, or why there is none.

    ``problem``: ``no_resolver``, ``no_address`` or ``unreachable`` (then ``reason``).
    """

    name: str
    address: str | None = None
    problem: str | None = None
    reason: str | None = None


def namehash(name: str) -> bytes:
    """EIP-137 namehash of a normalised name (``namehash("eth")`` = 0x93cd…c4ae)."""
    from eth_hash.auto import keccak  # only on this path: keeps the CLI's start fast

    node = b"\0" * 32
    if name:
        for label in reversed(name.split(".")):
            node = keccak(node + keccak(label.encode()))
    return node


def checksum_address(address: str) -> str:
    """EIP-55 mixed-case form of a 0x address."""
    from eth_hash.auto import keccak

    plain = address.lower()[2:]
    digest = keccak(plain.encode()).hex()
    return "0x" + "".join(
        c.upper() if int(d, 16) >= 8 else c for c, d in zip(plain, digest[:40], strict=True)
    )


def resolve(chain: ChainConfig, transport: Transport, name: str) -> EnsAnswer:
    """The address ``name`` points to on ``chain`` (Ethereum); never raises."""
    node = "0x" + namehash(name).hex()
    try:
        resolver = _call(chain, transport, REGISTRY, RESOLVER_CALL + node[2:])
        if resolver is None:
            return EnsAnswer(name, problem="no_resolver")
        target = _call(chain, transport, resolver, ADDR_CALL + node[2:])
    except AllEndpointsFailed as exc:
        reason = "; ".join(sorted({a.error or "failed" for a in exc.attempts}))
        return EnsAnswer(name, problem="unreachable", reason=reason[:300])
    if target is None:
        return EnsAnswer(name, problem="no_address")
    return EnsAnswer(name, address=target)


def _call(chain: ChainConfig, transport: Transport, to: str, data: str) -> str | None:
    """An address returned by ``to`` for ``data``; None for zero, a revert or no contract."""
    expected = chain.chain_id

    def check(results: list[Any]) -> str | None:
        if results[0] != hex(expected or 0) and _int(results[0]) != expected:
            return f"answers for chain id {_int(results[0])}, not {expected}"
        return None

    calls: list[tuple[str, list[Any]]] = [
        ("eth_chainId", []),
        ("eth_call", [{"to": to, "data": data}, "latest"]),
    ]
    _, result = transport.rpc(chain.rpc, calls, check=check).results
    if isinstance(result, RpcError):
        return None
    body = evm_abi.hex_body(result)
    if body is None or len(body) != 64:
        return None
    found = evm_abi.word_address(body)
    return None if found in (None, ZERO) else found


def _int(value: Any) -> int | None:
    return parse_quantity(value)
