"""The EVM fetcher and the diagnosis on real Ethereum mainnet bodies (tests/fixtures)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from support import http_mock
from support.rpc_mock import RpcFailure, fixture_result, serve_rpc
from txdoctor.config import ChainConfig
from txdoctor.diagnose import Verdict, diagnose_transaction
from txdoctor.facts import FailureKind, LookupStatus
from txdoctor.families.evm.fetch import EvmFetcher
from txdoctor.fetch.transport import Transport

URL = "https://rpc.test/"
OOG = "0x439dfd7f6792c6a62d368de2814cd86ca2d92f6110e1ef4969e1f03367659e87"
REVERT = "0xec080b91deea33830c3e626201662243c66c1f3d10da01f32c4cb0ebf395012a"
FILES = {
    OOG: (
        "evm-mainnet/eth_getTransactionByHash_eip1559_eth_send_gas21000_to_contract_0x439dfd7f"
        ".json",
        "evm-mainnet/eth_getTransactionReceipt_eip1559_out_of_gas_status0_0x439dfd7f.json",
    ),
    REVERT: (
        "evm-mainnet/eth_getTransactionByHash_eip1559_universal_router_failed_0xec080b91.json",
        "evm-mainnet/eth_getTransactionReceipt_eip1559_universal_router_failed_"
        "status0_0xec080b91.json",
    ),
}
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


def mainnet(tx_hash: str, replay_error: RpcFailure) -> Any:
    tx_file, receipt_file = FILES[tx_hash]

    def handler(method: str, params: list[Any]) -> Any:
        if method == "eth_chainId":
            return "0x1"
        if method == "eth_blockNumber":
            return hex(18_000_000)
        if method == "eth_getTransactionByHash":
            return fixture_result(tx_file)
        if method == "eth_getTransactionReceipt":
            return fixture_result(receipt_file)
        if method in ("eth_call", "eth_estimateGas"):  # the replay (and its gas), token calls
            raise replay_error
        if method == "eth_getCode":  # the recipient's kind (evm_tokens): both are contracts
            return "0x6080604052"
        raise AssertionError(f"unexpected call {method}")

    return handler


@http_mock.activate
def test_plain_send_to_contract_with_21000_gas_is_out_of_gas() -> None:
    called = serve_rpc(http_mock.mock, URL, mainnet(OOG, RpcFailure(-32000, "out of gas")))
    lookup = EvmFetcher(ETHEREUM, Transport()).lookup_transaction(OOG)
    assert lookup.status is LookupStatus.FOUND
    facts = lookup.facts
    assert facts is not None and facts.failure is not None
    assert facts.failure.kind is FailureKind.OUT_OF_GAS
    assert facts.value.value == Decimal("2.486")
    assert facts.fee_paid is not None and facts.fee_paid.value == Decimal("0.000441")
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.FAILED_OUT_OF_GAS
    # One batch for the lookup, one for the replay: no call-by-call chatter.
    assert called[:4] == [
        "eth_chainId",
        "eth_getTransactionByHash",
        "eth_getTransactionReceipt",
        "eth_blockNumber",
    ]


@http_mock.activate
def test_universal_router_revert_is_decoded_as_slippage() -> None:
    serve_rpc(
        http_mock.mock, URL, mainnet(REVERT, RpcFailure(3, "execution reverted", "0x849eaf98"))
    )
    lookup = EvmFetcher(ETHEREUM, Transport()).lookup_transaction(REVERT)
    assert lookup.facts is not None and lookup.facts.failure is not None
    assert lookup.facts.failure.error_name == "V2TooLittleReceived()"
    finding = diagnose_transaction(lookup.facts)
    assert finding.code is Verdict.FAILED_REVERTED
    assert finding.params["cause"] == "slippage"


@pytest.mark.parametrize("wrong_id", ["0x38"])
@http_mock.activate
def test_endpoint_answering_for_another_chain_is_not_trusted(wrong_id: str) -> None:
    answers = {"eth_chainId": wrong_id, "eth_blockNumber": "0x10"}
    serve_rpc(http_mock.mock, URL, lambda method, params: answers.get(method))
    lookup = EvmFetcher(ETHEREUM, Transport(retries=0)).lookup_transaction(OOG)
    assert lookup.status is LookupStatus.UNREACHABLE
    assert lookup.notes and "answers for chain id 56, not 1" in lookup.notes[0]
