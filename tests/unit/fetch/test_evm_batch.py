"""Many hashes over several EVM chains in merged JSON-RPC batches (endpoints in ``http_mock``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from support import http_mock
from support.rpc_mock import RpcFailure
from txdoctor.config import ChainConfig, parse_chains
from txdoctor.facts import LookupStatus
from txdoctor.families.evm.fetch import EvmFetcher
from txdoctor.families.evm.fetch_batch import EvmBatchFetcher, FamilySearch
from txdoctor.fetch.transport import Transport

FOUND = "0x" + "f0" * 32
SENDER = "0x" + "11" * 20
RECIPIENT = "0x" + "22" * 20


def chains(*specs: tuple[str, int, list[str]]) -> list[ChainConfig]:
    body = "chains:\n" + "".join(
        f"  {name}:\n    family: evm\n    chain_id: {cid}\n    rpc: {json.dumps(rpc)}\n"
        "    confirmations: 2\n    block_time: 12\n"
        "    explorer: https://etherscan.io/tx/{hash}\n    native: ETH\n"
        for name, cid, rpc in specs
    )
    return list(parse_chains(body, source="test").chains)


def tx(tx_hash: str) -> dict[str, Any]:
    return {
        "hash": tx_hash,
        "from": SENDER,
        "to": RECIPIENT,
        "value": "0x1",
        "nonce": "0x0",
        "gas": "0x5208",
        "gasPrice": "0x1",
        "blockNumber": "0x5",
        "input": "0x",
    }


def receipt(tx_hash: str) -> dict[str, Any]:
    return {
        "transactionHash": tx_hash,
        "blockNumber": "0x5",
        "status": "0x1",
        "gasUsed": "0x5208",
        "effectiveGasPrice": "0x1",
        "logs": [],
    }


class Node:
    """A JSON-RPC endpoint of chain ``chain_id`` that knows the hashes in ``known``."""

    def __init__(
        self, chain_id: int, known: set[str] | None = None, refuse: set[str] | None = None
    ) -> None:
        self.chain_id = chain_id
        self.known = known or set()
        self.refuse = refuse or set()
        self.bodies: list[list[dict[str, Any]]] = []

    def answer(self, method: str, params: list[Any]) -> Any:
        if method == "eth_chainId":
            return hex(self.chain_id)
        if method == "eth_blockNumber":
            return "0x10"
        if method in ("eth_getTransactionByHash", "eth_getTransactionReceipt"):
            if params[0] in self.refuse:
                raise RpcFailure(-32000, "transaction indexing is in progress")
            if params[0] not in self.known:
                return None
            return tx(params[0]) if method == "eth_getTransactionByHash" else receipt(params[0])
        if method == "eth_getCode":
            return "0x"
        raise RpcFailure(-32000, "execution reverted")

    def serve(self, mock: http_mock.HttpMock, url: str) -> None:
        def callback(request: Any) -> tuple[int, dict[str, str], str]:
            body = json.loads(request.body)
            calls = body if isinstance(body, list) else [body]
            self.bodies.append(calls)
            out = []
            for call in calls:
                try:
                    out.append(
                        {
                            "jsonrpc": "2.0",
                            "id": call["id"],
                            "result": self.answer(call["method"], call["params"]),
                        }
                    )
                except RpcFailure as failure:
                    out.append({"jsonrpc": "2.0", "id": call["id"], "error": failure.error})
            return 200, {}, json.dumps(out if isinstance(body, list) else out[0])

        mock.add_callback(http_mock.POST, url, callback=callback)

    def hashes_asked(self) -> set[str]:
        return {
            c["params"][0]
            for body in self.bodies
            for c in body
            if c["method"] == "eth_getTransactionByHash"
        }


@pytest.fixture
def mock() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def random_hashes(count: int) -> list[str]:
    return [f"0x{i:064x}" for i in range(1, count + 1)]


def test_one_request_carries_many_hashes_and_asks_the_chain_id_once(
    mock: http_mock.HttpMock,
) -> None:
    node = Node(1, known={FOUND})
    node.serve(mock, "https://a1.test/")
    (chain,) = chains(("ethereum", 1, ["https://a1.test/"]))
    hashes = [FOUND, *random_hashes(40)]
    got = EvmBatchFetcher(chain, Transport()).lookup_transactions(hashes)
    assert got[FOUND].status is LookupStatus.FOUND and got[FOUND].facts is not None
    assert all(got[h].status is LookupStatus.NOT_FOUND for h in hashes[1:])
    round_one = node.bodies[0]
    assert len(round_one) == 2 + 2 * len(hashes)
    assert [c["method"] for c in round_one].count("eth_chainId") == 1
    assert len(node.bodies) == 1  # round 1 only: a plain 21,000-gas transfer needs no follow-up


def test_batches_hold_at_most_batch_size_calls(mock: http_mock.HttpMock) -> None:
    node = Node(1)
    node.serve(mock, "https://a1.test/")
    (chain,) = chains(("ethereum", 1, ["https://a1.test/"]))
    EvmBatchFetcher(chain, Transport(), batch_size=10, in_flight=3).lookup_transactions(
        random_hashes(20)
    )
    assert all(len(body) <= 10 for body in node.bodies)
    assert node.hashes_asked() == set(random_hashes(20))
    assert len(node.bodies) == 5  # 4 hashes (2 + 8 calls) per request


def test_the_result_is_the_same_as_one_lookup_at_a_time(mock: http_mock.HttpMock) -> None:
    Node(1, known={FOUND}).serve(mock, "https://a1.test/")
    Node(1, known={FOUND}).serve(mock, "https://a2.test/")
    (chain,) = chains(("ethereum", 1, ["https://a1.test/", "https://a2.test/"]))
    hashes = [FOUND, *random_hashes(3)]
    transport = Transport()
    batch = EvmBatchFetcher(chain, transport).lookup_transactions(hashes)
    single = {h: EvmFetcher(chain, transport).lookup_transaction(h) for h in hashes}
    assert batch == single


def test_a_wrong_chain_endpoint_fails_the_whole_batch_over_at_once(
    mock: http_mock.HttpMock,
) -> None:
    wrong, right = Node(5), Node(1, known={FOUND})
    wrong.serve(mock, "https://a1.test/")
    right.serve(mock, "https://a2.test/")
    (chain,) = chains(("ethereum", 1, ["https://a1.test/", "https://a2.test/"]))
    got = EvmBatchFetcher(chain, Transport()).lookup_transactions([FOUND, *random_hashes(20)])
    assert got[FOUND].status is LookupStatus.FOUND
    assert any("answers for chain id 5" in note for note in got[FOUND].notes)
    # Once per round for all 21 hashes (round 1, and the misses' second opinion), where one
    # lookup at a time would ask it twice per hash.
    assert len(wrong.bodies) == 2


def test_one_refused_lookup_is_asked_again_alone(mock: http_mock.HttpMock) -> None:
    odd = random_hashes(1)[0]
    first, second = Node(1, refuse={odd}), Node(1, known={odd})
    first.serve(mock, "https://a1.test/")
    second.serve(mock, "https://a2.test/")
    (chain,) = chains(("ethereum", 1, ["https://a1.test/", "https://a2.test/"]))
    got = EvmBatchFetcher(chain, Transport()).lookup_transactions([odd, *random_hashes(5)[1:]])
    assert got[odd].status is LookupStatus.FOUND
    assert second.hashes_asked() >= {odd}


def test_a_hash_found_on_one_chain_is_not_confirmed_missing_on_the_others(
    mock: http_mock.HttpMock,
) -> None:
    nodes = {
        url: Node(cid, known={FOUND} if cid == 56 else set())
        for url, cid in [
            ("https://e1.test/", 1),
            ("https://e2.test/", 1),
            ("https://b1.test/", 56),
            ("https://b2.test/", 56),
        ]
    }
    for url, node in nodes.items():
        node.serve(mock, url)
    evm = chains(
        ("ethereum", 1, ["https://e1.test/", "https://e2.test/"]),
        ("bsc", 56, ["https://b1.test/", "https://b2.test/"]),
    )
    missing = random_hashes(2)
    got = FamilySearch(evm, Transport()).lookup([FOUND, *missing])
    assert got["bsc"][FOUND].status is LookupStatus.FOUND
    assert got["ethereum"][FOUND].status is LookupStatus.NOT_FOUND
    assert got["ethereum"][FOUND].reason == "one endpoint checked (found on bsc)"
    assert FOUND not in nodes["https://e2.test/"].hashes_asked()  # no second opinion needed
    assert nodes["https://e2.test/"].hashes_asked() == set(missing)  # misses are confirmed
    assert got["ethereum"][missing[0]].reason == "two endpoints checked"
