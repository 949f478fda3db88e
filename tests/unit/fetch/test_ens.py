"""ENS: namehash and checksum on the EIPs' vectors; resolution on eth_call answers in the
shape nodes give (a 32-byte word per address). The full path runs on anvil too
(tests/integration/test_addresses.py, with a registry at the real registry address)."""

from __future__ import annotations

from typing import Any

from support import http_mock
from support.rpc_mock import RpcFailure, serve_rpc
from txdoctor.config import ChainConfig
from txdoctor.families.evm.fetch_ens import (
    ADDR_CALL,
    REGISTRY,
    RESOLVER_CALL,
    checksum_address,
    namehash,
    resolve,
)
from txdoctor.fetch.transport import Transport

URL = "https://rpc.test/"
ETHEREUM = ChainConfig(
    name="ethereum",
    family="evm",
    rpc=(URL,),
    confirmations=12,
    block_time=12,
    native="ETH",
    explorer="https://etherscan.io/tx/{hash}",
    chain_id=1,
)
RESOLVER = "0x231b0ee14048e9dccd1d247744d114a4eb5e8e63"
VITALIK = "0xd8da6bf26964af9d7eed9e03e53415d37aa96045"


def word(address: str) -> str:
    return "0x" + "0" * 24 + address[2:]


def test_namehash_vectors_of_eip_137() -> None:
    assert namehash("") == b"\0" * 32
    assert (
        namehash("eth").hex() == "93cdeb708b7545dc668eb9280176169d1c33cfd8ed6f04690a0bcc88a93fc4ae"
    )
    assert (
        namehash("foo.eth").hex()
        == "de9b09fd7c5f901e23a3f19fecc54828e9c848539801e86591bd9801b019f84f"
    )


def test_checksum_vector_of_eip_55() -> None:
    assert (
        checksum_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    )


def ens_node(name_to_resolver: dict[str, str], name_to_address: dict[str, str]) -> Any:
    def handler(method: str, params: list[Any]) -> Any:
        if method == "eth_chainId":
            return "0x1"
        call = params[0]
        node = call["data"][10:]
        if call["to"].lower() == REGISTRY.lower() and call["data"].startswith(RESOLVER_CALL):
            found = {namehash(n).hex(): r for n, r in name_to_resolver.items()}
            return word(found.get(node, "0x" + "0" * 40))
        if call["to"] == RESOLVER and call["data"].startswith(ADDR_CALL):
            found = {namehash(n).hex(): a for n, a in name_to_address.items()}
            return word(found.get(node, "0x" + "0" * 40))
        raise RpcFailure(-32000, "execution reverted")

    return handler


@http_mock.activate
def test_a_registered_name_resolves_in_two_calls() -> None:
    called = serve_rpc(
        http_mock.mock, URL, ens_node({"vitalik.eth": RESOLVER}, {"vitalik.eth": VITALIK})
    )
    answer = resolve(ETHEREUM, Transport(retries=0), "vitalik.eth")
    assert answer.address == VITALIK and answer.problem is None
    assert called == ["eth_chainId", "eth_call", "eth_chainId", "eth_call"]


@http_mock.activate
def test_unregistered_and_addressless_names() -> None:
    serve_rpc(http_mock.mock, URL, ens_node({"noaddr.eth": RESOLVER}, {}))
    transport = Transport(retries=0)
    assert resolve(ETHEREUM, transport, "nobody.eth").problem == "no_resolver"
    assert resolve(ETHEREUM, transport, "noaddr.eth").problem == "no_address"


@http_mock.activate
def test_another_chain_or_no_answer_is_unreachable() -> None:
    serve_rpc(http_mock.mock, URL, lambda method, params: "0x38")  # BSC's chain id
    answer = resolve(ETHEREUM, Transport(retries=0), "vitalik.eth")
    assert answer.problem == "unreachable" and "chain id 56" in (answer.reason or "")
