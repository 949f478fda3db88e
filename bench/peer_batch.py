"""The peer baseline of ``txdoctor batch``: a plain asyncio script that sends the same
JSON-RPC batches (the transaction and its receipt for each hash, ``--batch-size`` calls a
request, ``--in-flight`` requests at once) and prints one status per hash. No diagnosis,
no follow-up calls: what the network alone costs, with the least CPU Python can spend.

    python bench/peer_batch.py HASHES_FILE RPC_URL [--batch-size 200] [--in-flight 4]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import httpx2


async def lookup(hashes: list[str], url: str, batch_size: int, in_flight: int) -> list[str]:
    per_request = batch_size // 2
    chunks = [hashes[i : i + per_request] for i in range(0, len(hashes), per_request)]
    slots = asyncio.Semaphore(in_flight)
    limits = httpx2.Limits(max_connections=in_flight)
    async with httpx2.AsyncClient(timeout=30, limits=limits) as client:

        async def one(chunk: list[str]) -> list[str]:
            body = [
                {"jsonrpc": "2.0", "id": 2 * i + k, "method": method, "params": [h]}
                for i, h in enumerate(chunk)
                for k, method in enumerate(
                    ("eth_getTransactionByHash", "eth_getTransactionReceipt")
                )
            ]
            async with slots:
                answer = (await client.post(url, json=body)).json()
            by_id: dict[int, Any] = {a["id"]: a.get("result") for a in answer}
            return [status(by_id.get(2 * i), by_id.get(2 * i + 1)) for i in range(len(chunk))]

        results = await asyncio.gather(*(one(c) for c in chunks))
    return [s for chunk in results for s in chunk]


def status(tx: Any, receipt: Any) -> str:
    if receipt:
        return "success" if receipt.get("status") == "0x1" else "failed"
    return "pending" if tx else "not found"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("hashes")
    parser.add_argument("url")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--in-flight", type=int, default=4)
    args = parser.parse_args()
    with open(args.hashes, encoding="utf-8") as file:
        hashes = [line.strip() for line in file if line.strip()]
    statuses = asyncio.run(lookup(hashes, args.url, args.batch_size, args.in_flight))
    sys.stdout.writelines(f"{h} {s}\n" for h, s in zip(hashes, statuses, strict=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
