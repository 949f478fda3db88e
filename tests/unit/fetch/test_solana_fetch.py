"""The Solana fetcher against recorded node answers (tests/fixtures/solana, see its README)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from support import http_mock
from support.judged import Judged
from support.rpc_mock import RpcFailure
from support.solana_mock import (
    URL_A,
    URL_B,
    SolanaNode,
    chains_yaml,
    result,
    transaction,
)
from txdoctor.config import parse_chains
from txdoctor.facts import AccountKind, ChainLookup, Commitment, LookupStatus, TokenStatus
from txdoctor.families.solana.fetch import SolanaFetcher
from txdoctor.fetch.transport import Transport

FAKE_MINT = "48xDdGnciLBQh7vpxFJ3TdWDgBZ7ELwT5ne6HZbPFGgu"
FAKE_METADATA = "87cj7uGssmLn97WvTbVKBU4XrY74sSq3J9m6w4zTQGzB"
OWNER = "5wytVPbjLb2VCXbynhUQabEZZD2B6Wxrkvwm6v6Cuy5X"  # Brave's recorded mainnet wallet
TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
TOKEN_2022 = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"


@pytest.fixture
def rsps() -> Iterator[http_mock.HttpMock]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def fetcher(*urls: str) -> Judged:
    chain = parse_chains(chains_yaml(*urls), source="test").chains[0]
    return Judged(SolanaFetcher(chain, Transport(retries=0, timeout=2)))


def lookup(node: SolanaNode, rsps: http_mock.HttpMock, signature: str) -> ChainLookup:
    node.serve(rsps)
    return fetcher(URL_A).lookup_transaction(signature)


def test_request_reads_v1_transactions_at_confirmed_with_history(
    rsps: http_mock.HttpMock,
) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")
    lookup(node, rsps, signature)
    calls = dict(node.requests)
    assert calls["getTransaction"] == [
        signature,
        {"encoding": "jsonParsed", "maxSupportedTransactionVersion": 1, "commitment": "confirmed"},
    ]
    assert calls["getSignatureStatuses"] == [[signature], {"searchTransactionHistory": True}]
    assert {"getBlockHeight", "getSlot"} <= set(calls)


def test_v1_transaction_is_read_where_version_0_would_be_refused(
    rsps: http_mock.HttpMock,
) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_jupiter_slippage_failed_v1.json")
    with pytest.raises(RpcFailure) as refused:  # what a client pinned to 0 gets from a node
        node.answer("getTransaction", [signature, {"maxSupportedTransactionVersion": 0}])
    assert refused.value.error["code"] == -32015
    found = lookup(node, rsps, signature)
    assert found.status is LookupStatus.FOUND
    assert found.facts is not None and found.facts.solana is not None
    assert found.facts.solana.version == "1"


def test_a_node_refusing_the_version_is_reported_not_hidden(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")
    node.transactions[signature]["version"] = 2  # a version newer than txdoctor reads
    found = lookup(node, rsps, signature)
    assert found.status is LookupStatus.UNREACHABLE
    assert "refused getTransaction" in (found.reason or "")
    assert '"maxSupportedTransactionVersion": 2' in (found.reason or "")


def test_usdt_transfer_decoded_with_wallets_and_official_mint(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")
    facts = lookup(node, rsps, signature).facts
    assert facts is not None and facts.solana is not None
    _, tx = transaction("getTransaction_usdt_transfer.json")
    sender = tx["meta"]["preTokenBalances"][0]["owner"]
    recipient = tx["meta"]["preTokenBalances"][1]["owner"]
    (transfer,) = facts.transfers
    assert transfer.token.status is TokenStatus.OFFICIAL and transfer.token.symbol == "USDT"
    assert (transfer.sender, transfer.recipient, transfer.amount) == (
        sender,
        recipient,
        Decimal(28),
    )
    assert facts.success is True and facts.recipient == recipient
    assert facts.fee_paid is not None and facts.fee_paid.raw == 5650
    assert facts.solana.commitment is Commitment.FINALIZED
    assert "getMultipleAccounts" not in {m for m, _ in node.requests}  # official: no lookup


def test_sol_transfer_value_and_recipient(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_sol_transfer.json", "confirmed", confirmations=7)
    facts = lookup(node, rsps, signature).facts
    assert facts is not None and facts.solana is not None
    assert facts.value.raw == 10000 and facts.value.symbol == "SOL"
    assert facts.recipient == "5pyaoUk8GZnS3Pfs3JUFChx7jkB5RCNS9y6jJ6bjSHoT"
    assert facts.transfers == ()
    assert (facts.solana.commitment, facts.solana.confirmations) == (Commitment.CONFIRMED, 7)


def test_custom_program_error_decoded_from_meta_and_logs(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_raydium_slippage_failed.json")
    facts = lookup(node, rsps, signature).facts
    assert facts is not None and facts.solana is not None and facts.success is False
    error = facts.solana.error
    assert error is not None
    assert (error.kind, error.instruction, error.instruction_error, error.custom_code) == (
        "InstructionError",
        2,
        "Custom",
        30,
    )
    assert error.program == error.top_program == "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8"
    assert error.log_message == "custom program error: 0x1e"
    assert error.program_log == "Error: exceeds desired slippage limit"
    assert facts.transfers == ()  # a failed transaction moved nothing


def test_failure_inside_a_cpi_names_the_inner_program(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_ata_incorrect_program_id_failed.json")
    facts = lookup(node, rsps, signature).facts
    assert facts is not None and facts.solana is not None
    error = facts.solana.error
    assert error is not None
    assert error.program == TOKEN
    assert error.top_program == "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"
    assert error.instruction_error == "IncorrectProgramId"


def test_fake_usdt_found_by_its_metaplex_metadata(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_fake_usdt_v1.json")
    node.multiple[("jsonParsed", FAKE_MINT)] = result(
        "getMultipleAccounts_fake_mint_jsonParsed.json"
    )["value"][0]
    node.multiple[("base64", FAKE_METADATA)] = result(
        "getMultipleAccounts_fake_mint_metadata_base64.json"
    )["value"][0]
    facts = lookup(node, rsps, signature).facts
    assert facts is not None
    (transfer,) = facts.transfers
    token = transfer.token
    assert (token.contract, token.symbol, token.name) == (FAKE_MINT, "USDT", "Tether USD")
    assert token.status is TokenStatus.IMPOSTOR and token.official_name == "Tether USD"
    asked = [p[0] for m, p in node.requests if m == "getMultipleAccounts"]
    assert [FAKE_MINT] in asked and [FAKE_METADATA] in asked


def test_stranger_mint_without_metadata_is_unlisted_not_fake(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_fake_usdt_v1.json")
    facts = lookup(node, rsps, signature).facts
    assert facts is not None
    assert facts.transfers[0].token.status is TokenStatus.UNLISTED


def test_status_alone_still_tells_the_failure(rsps: http_mock.HttpMock) -> None:
    signature, _ = transaction("getTransaction_usdt_transfer.json")
    node = SolanaNode()  # a node with the status but without the transaction's history
    node.statuses[signature] = result("getSignatureStatuses_finalized_custom_error.json")["value"][
        0
    ]
    facts = lookup(node, rsps, signature).facts
    assert facts is not None and facts.solana is not None and facts.solana.error is not None
    assert facts.success is False and facts.solana.error.custom_code == 3012
    assert facts.solana.commitment is Commitment.FINALIZED and facts.block_number == 303578335


def test_rent_failure_asks_the_current_rent_minimum(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_rent_failed.json")
    facts = lookup(node, rsps, signature).facts
    assert facts is not None and facts.solana is not None and facts.solana.error is not None
    assert facts.solana.error.kind == "InsufficientFundsForRent"
    assert facts.solana.error.account == facts.recipient
    assert facts.solana.rent_exempt_minimum == 890880


def test_unknown_signature_is_asked_of_a_second_endpoint(rsps: http_mock.HttpMock) -> None:
    signature, _ = transaction("getTransaction_usdt_transfer.json")
    SolanaNode().serve(rsps, URL_A)
    SolanaNode().serve(rsps, URL_B)
    found = fetcher(URL_A, URL_B).lookup_transaction(signature)
    assert (found.status, found.reason, found.family) == (
        LookupStatus.NOT_FOUND,
        "two endpoints checked",
        "solana",
    )


def test_second_endpoint_that_knows_it_wins(rsps: http_mock.HttpMock) -> None:
    knowing = SolanaNode()
    signature = knowing.add("getTransaction_usdt_transfer.json")
    SolanaNode().serve(rsps, URL_A)
    knowing.serve(rsps, URL_B)
    assert fetcher(URL_A, URL_B).lookup_transaction(signature).status is LookupStatus.FOUND


def test_malformed_answer_moves_on_and_says_so(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")
    node.slot = "soon"  # type: ignore[assignment]
    found = lookup(node, rsps, signature)
    assert found.status is LookupStatus.UNREACHABLE
    assert "malformed answer: slot is not a number" in (found.reason or "")


def test_answer_for_another_signature_is_rejected(rsps: http_mock.HttpMock) -> None:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")
    other, _ = transaction("getTransaction_sol_transfer.json")
    node.transactions[other] = node.transactions[signature]
    node.statuses[other] = node.statuses[signature]
    found = lookup(node, rsps, other)
    assert found.status is LookupStatus.UNREACHABLE
    assert "for another signature" in (found.reason or "")


# -- addresses ------------------------------------------------------------------------


def address_node(
    address: str,
    *,
    balance: str = "getBalance.json",
    account: str = "getAccountInfo_wallet_jsonParsed.json",
    tokens: str = "getTokenAccountsByOwner_brave.json",
    signatures: str = "getSignaturesForAddress_sava.json",
) -> SolanaNode:
    node = SolanaNode()
    node.accounts = {
        "getBalance": {address: result(balance)},
        "getAccountInfo": {address: result(account)},
        "getTokenAccountsByOwner": {(address, TOKEN): result(tokens)},
        "getSignaturesForAddress": {address: result(signatures)},
    }
    return node


def address_lookup(node: SolanaNode, rsps: http_mock.HttpMock, address: str) -> Any:
    node.serve(rsps)
    found = fetcher(URL_A).lookup_address(address)
    assert found.status is LookupStatus.FOUND, found.reason
    return found.address


def test_address_balance_tokens_and_recent_signatures(rsps: http_mock.HttpMock) -> None:
    node = address_node(OWNER)
    facts = address_lookup(node, rsps, OWNER)
    assert facts.balance.raw == 81203040 and facts.balance.symbol == "SOL"
    held = {token.contract: (token.status, raw) for token, raw in facts.token_balances}
    assert held == {
        "7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj": (TokenStatus.UNLISTED, 898865),
        "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v": (TokenStatus.OFFICIAL, 20508),
    }
    assert facts.solana.token_accounts == 3  # the empty USDT account counts as one
    assert len(facts.recent) == 10 and facts.recent[1].success is False
    assert facts.has_activity is True and facts.kind is AccountKind.ACCOUNT
    assert facts.solana.rent_exempt_minimum == 890880
    programs = [p[1]["programId"] for m, p in node.requests if m == "getTokenAccountsByOwner"]
    assert programs == [TOKEN, TOKEN_2022]


def test_unused_address(rsps: http_mock.HttpMock) -> None:
    fresh = "3bGLBHzDt6tbx9W8Wsf3vDixsoQyWvFSEr1pN6wfyrST"
    node = address_node(
        fresh,
        balance="getBalance_zero.json",
        account="getAccountInfo_null.json",
        tokens="getTokenAccountsByOwner_empty.json",
        signatures="getSignaturesForAddress_empty.json",
    )
    facts = address_lookup(node, rsps, fresh)
    assert facts.has_activity is False and facts.kind is None and facts.token_balances == ()


def test_mint_address_is_a_token_contract(rsps: http_mock.HttpMock) -> None:
    usdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
    node = address_node(
        usdc,
        account="getAccountInfo_usdc_mint_jsonParsed.json",
        tokens="getTokenAccountsByOwner_empty.json",
    )
    assert address_lookup(node, rsps, usdc).kind is AccountKind.TOKEN_CONTRACT


def test_token_account_address_names_its_wallet(rsps: http_mock.HttpMock) -> None:
    usdc_account = "Hk4JYgZiuPLFc9EqqywZbtBUZyUZ8AkrSig5Nnsvvf9s"
    entry = result("getTokenAccountsByOwner_brave.json")["value"][2]
    node = address_node(usdc_account, tokens="getTokenAccountsByOwner_empty.json")
    node.accounts["getAccountInfo"][usdc_account] = {
        "context": {"apiVersion": "1.14.17", "slot": 195856971},
        "value": entry["account"],
    }
    facts = address_lookup(node, rsps, usdc_account)
    assert facts.solana.token_account_owner == OWNER
    assert facts.solana.token_account_mint == "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"


def test_address_query_refused_everywhere_is_unreachable(rsps: http_mock.HttpMock) -> None:
    rsps.add(http_mock.POST, URL_A, status=503)
    found = fetcher(URL_A).lookup_address(OWNER)
    assert found.status is LookupStatus.UNREACHABLE and "503" in (found.reason or "")
