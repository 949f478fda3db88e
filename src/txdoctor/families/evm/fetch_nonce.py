"""Who used a sender's nonce: the sender's counts now, and the mined transaction that used it.

Finding that transaction needs no explorer: the sender's mined count at a block
(``eth_getTransactionCount(sender, block)``) grows by one at each of their transactions, so
the block where it passes the nonce is found by searching the blocks since the transaction
was first seen, eight probes per JSON-RPC batch (about six round trips for 100,000 blocks);
that block holds the transaction. Nodes without the state of old blocks refuse the probes:
the replacement is then reported without its hash.
"""

from __future__ import annotations

from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.hexqty import parse_quantity
from txdoctor.facts import Amount
from txdoctor.facts.tracking import NonceUse, Replacement
from txdoctor.fetch.transport import AllEndpointsFailed, Transport

LOOKBACK_BLOCKS = 100_000
"""How far back the search goes when the block the transaction was first seen is unknown."""
PROBES = 8
MAX_ROUNDS = 12


def nonce_use(
    chain: ChainConfig,
    transport: Transport,
    sender: str,
    nonce: int,
    since_block: int | None = None,
) -> NonceUse | None:
    """The sender's counts on ``chain``, and the transaction that used ``nonce`` if mined.

    None when the chain cannot answer.
    """
    calls: list[tuple[str, list[Any]]] = [
        ("eth_chainId", []),
        ("eth_blockNumber", []),
        ("eth_getTransactionCount", [sender, "latest"]),
        ("eth_getTransactionCount", [sender, "pending"]),
    ]
    try:
        reply = transport.rpc(chain.rpc, calls, check=_check_chain(chain))
    except AllEndpointsFailed:
        return None
    _, tip, latest, pending = (_quantity(r) for r in reply.results)
    if tip is None or latest is None or pending is None:
        return None
    use = NonceUse(latest=latest, pending=pending)
    if not use.used(nonce):
        return use
    start = max(0, tip - LOOKBACK_BLOCKS) if since_block is None else min(since_block, tip)
    found = _find_replacement(chain, transport, sender, nonce, start, tip)
    return NonceUse(latest, pending, found)


def _find_replacement(
    chain: ChainConfig, transport: Transport, sender: str, nonce: int, low: int, high: int
) -> Replacement | None:
    block = _block_using(chain, transport, sender, nonce, low, high)
    if block is None:
        return None
    try:
        reply = transport.rpc(chain.rpc, [("eth_getBlockByNumber", [hex(block), True])])
    except AllEndpointsFailed:
        return None
    (body,) = reply.results
    if not isinstance(body, dict) or not isinstance(body.get("transactions"), list):
        return None
    for tx in body["transactions"]:
        if (
            isinstance(tx, dict)
            and str(tx.get("from", "")).lower() == sender.lower()
            and _quantity(tx.get("nonce")) == nonce
            and isinstance(tx.get("hash"), str)
        ):
            value = _quantity(tx.get("value")) or 0
            recipient = tx.get("to") if isinstance(tx.get("to"), str) else None
            return Replacement(
                hash=tx["hash"].lower(),
                recipient=recipient,
                block=block,
                value=Amount(value, chain.native_decimals, chain.native),
            )
    return None


def _block_using(
    chain: ChainConfig, transport: Transport, sender: str, nonce: int, low: int, high: int
) -> int | None:
    """The first block in ``(low, high]`` after which the sender's count passes ``nonce``."""
    counts = _counts(chain, transport, sender, [low])
    if counts is None or counts[low] > nonce:
        return None  # used before the search range (or the node cannot tell)
    for _ in range(MAX_ROUNDS):
        if high - low <= 1:
            return high
        step = max(1, (high - low) // (PROBES + 1))
        probes = list(range(low + step, high, step))[:PROBES]
        counts = _counts(chain, transport, sender, probes)
        if counts is None:
            return None
        for block in probes:
            if counts[block] > nonce:
                high = block
                break
            low = block
    return None


def _counts(
    chain: ChainConfig, transport: Transport, sender: str, blocks: list[int]
) -> dict[int, int] | None:
    calls: list[tuple[str, list[Any]]] = [
        ("eth_getTransactionCount", [sender, hex(b)]) for b in blocks
    ]
    try:
        reply = transport.rpc(chain.rpc, calls)
    except AllEndpointsFailed:
        return None
    values = [_quantity(r) for r in reply.results]
    if any(v is None for v in values):
        return None  # e.g. "missing trie node": the node keeps no state that old
    return {b: v for b, v in zip(blocks, values, strict=True) if v is not None}


def _check_chain(chain: ChainConfig) -> Any:
    def check(results: list[Any]) -> str | None:
        chain_id = _quantity(results[0])
        if chain_id != chain.chain_id:
            return f"answers for chain id {chain_id}, not {chain.chain_id}"
        return None

    return check


def _quantity(value: Any) -> int | None:
    return parse_quantity(value)
