"""Explorer URLs and payment URIs."""

from __future__ import annotations

import hashlib

import pytest

from txdoctor.core import base58 as b58
from txdoctor.input import Family, InputKind, Problem, classify

HEX = "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
EVM_HASH = "0x" + HEX
EVM_ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
USDT_ETH = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
BTC_TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
BTC_ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
TRON_ADDRESS = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
SOL_ADDRESS = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
SOL_SIGNATURE = b58.encode(hashlib.sha512(b"txdoctor").digest())

EVM_EXPLORERS = [
    ("etherscan.io", "ethereum"),
    ("www.etherscan.io", "ethereum"),
    ("bscscan.com", "bsc"),
    ("polygonscan.com", "polygon"),
    ("arbiscan.io", "arbitrum"),
    ("optimistic.etherscan.io", "optimism"),
    ("basescan.org", "base"),
    ("snowtrace.io", "avalanche"),
    ("snowscan.xyz", "avalanche"),
    ("eth.blockscout.com", "ethereum"),
    ("base.blockscout.com", "base"),
    ("optimism.blockscout.com", "optimism"),
    ("arbitrum.blockscout.com", "arbitrum"),
    ("polygon.blockscout.com", "polygon"),
]


@pytest.mark.parametrize(("host", "chain"), EVM_EXPLORERS)
def test_evm_explorer_tx_and_address_urls(host: str, chain: str) -> None:
    tx = classify(f"https://{host}/tx/{EVM_HASH}")
    assert (tx.kind, tx.value, tx.families, tx.chain_hint) == (
        InputKind.TRANSACTION,
        EVM_HASH,
        (Family.EVM,),
        chain,
    )
    address = classify(f"https://{host}/address/{EVM_ADDRESS.lower()}#tokentxns")
    assert (address.kind, address.value, address.chain_hint) == (
        InputKind.ADDRESS,
        EVM_ADDRESS,
        chain,
    )


@pytest.mark.parametrize(
    "url",
    [
        f"etherscan.io/tx/{EVM_HASH}",
        f"http://etherscan.io/tx/{EVM_HASH}/",
        f"https://etherscan.io/tx/{EVM_HASH}?utm_source=x",
        f"<https://etherscan.io/tx/{EVM_HASH}>",
        f"https://ETHERSCAN.IO/tx/{EVM_HASH}",
        f"https://etherscan.io/tx/{HEX}",  # 0x missing in the URL
    ],
)
def test_url_variants(url: str) -> None:
    result = classify(url)
    assert (result.kind, result.value, result.chain_hint) == (
        InputKind.TRANSACTION,
        EVM_HASH,
        "ethereum",
    )


def test_token_page_with_holder_gives_the_holder() -> None:
    result = classify(f"https://etherscan.io/token/{USDT_ETH.lower()}?a={EVM_ADDRESS.lower()}")
    assert (result.kind, result.value) == (InputKind.ADDRESS, EVM_ADDRESS)
    assert result.detail["token"] == USDT_ETH


def test_token_page_alone_is_the_token_contract() -> None:
    result = classify(f"https://bscscan.com/token/{USDT_ETH}")
    assert (result.kind, result.value, result.chain_hint) == (InputKind.ADDRESS, USDT_ETH, "bsc")
    assert result.detail["role"] == "token_contract"


def test_txs_list_of_an_address() -> None:
    result = classify(f"https://etherscan.io/txs?a={EVM_ADDRESS}")
    assert (result.kind, result.value) == (InputKind.ADDRESS, EVM_ADDRESS)


@pytest.mark.parametrize(
    ("url", "kind", "value"),
    [
        (f"https://mempool.space/tx/{BTC_TXID}", InputKind.TRANSACTION, BTC_TXID),
        (f"https://mempool.space/address/{BTC_ADDRESS}", InputKind.ADDRESS, BTC_ADDRESS),
        (f"https://blockstream.info/tx/{BTC_TXID}", InputKind.TRANSACTION, BTC_TXID),
        (f"https://blockstream.info/address/{BTC_ADDRESS}", InputKind.ADDRESS, BTC_ADDRESS),
    ],
)
def test_bitcoin_explorers(url: str, kind: InputKind, value: str) -> None:
    result = classify(url)
    assert (result.kind, result.value, result.families, result.chain_hint) == (
        kind,
        value,
        (Family.BITCOIN,),
        "bitcoin",
    )


@pytest.mark.parametrize(
    ("url", "kind", "value"),
    [
        (f"https://tronscan.org/#/transaction/{BTC_TXID}", InputKind.TRANSACTION, BTC_TXID),
        (f"https://tronscan.org/#/address/{TRON_ADDRESS}", InputKind.ADDRESS, TRON_ADDRESS),
        (f"https://tronscan.org/#/contract/{TRON_ADDRESS}/code", InputKind.ADDRESS, TRON_ADDRESS),
        (f"https://tronscan.org/#/token20/{TRON_ADDRESS}", InputKind.ADDRESS, TRON_ADDRESS),
        (f"https://tronscan.io/#/transaction/{BTC_TXID}", InputKind.TRANSACTION, BTC_TXID),
    ],
)
def test_tronscan(url: str, kind: InputKind, value: str) -> None:
    result = classify(url)
    assert (result.kind, result.value, result.families, result.chain_hint) == (
        kind,
        value,
        (Family.TRON,),
        "tron",
    )


@pytest.mark.parametrize(
    ("url", "kind", "value"),
    [
        (f"https://solscan.io/tx/{SOL_SIGNATURE}", InputKind.TRANSACTION, SOL_SIGNATURE),
        (f"https://solscan.io/account/{SOL_ADDRESS}", InputKind.ADDRESS, SOL_ADDRESS),
        (f"https://solscan.io/token/{SOL_ADDRESS}", InputKind.ADDRESS, SOL_ADDRESS),
        (f"https://explorer.solana.com/tx/{SOL_SIGNATURE}", InputKind.TRANSACTION, SOL_SIGNATURE),
        (f"https://explorer.solana.com/address/{SOL_ADDRESS}", InputKind.ADDRESS, SOL_ADDRESS),
        (
            f"https://explorer.solana.com/address/{SOL_ADDRESS}/tokens?cluster=mainnet-beta",
            InputKind.ADDRESS,
            SOL_ADDRESS,
        ),
    ],
)
def test_solana_explorers(url: str, kind: InputKind, value: str) -> None:
    result = classify(url)
    assert (result.kind, result.value, result.families, result.chain_hint) == (
        kind,
        value,
        (Family.SOLANA,),
        "solana",
    )


@pytest.mark.parametrize(
    ("url", "network"),
    [
        (f"https://explorer.solana.com/tx/{SOL_SIGNATURE}?cluster=devnet", "devnet"),
        (f"https://explorer.solana.com/address/{SOL_ADDRESS}?cluster=testnet", "testnet"),
        (f"https://explorer.solana.com/tx/{SOL_SIGNATURE}?cluster=custom", "custom"),
        (f"https://solscan.io/tx/{SOL_SIGNATURE}?cluster=devnet", "devnet"),
        (f"https://sepolia.etherscan.io/tx/{EVM_HASH}", "sepolia"),
        (f"https://holesky.etherscan.io/tx/{EVM_HASH}", "holesky"),
        (f"https://testnet.bscscan.com/tx/{EVM_HASH}", "testnet"),
        (f"https://amoy.polygonscan.com/tx/{EVM_HASH}", "amoy"),
        (f"https://sepolia.arbiscan.io/tx/{EVM_HASH}", "sepolia"),
        (f"https://sepolia-optimism.etherscan.io/tx/{EVM_HASH}", "sepolia"),
        (f"https://sepolia.basescan.org/tx/{EVM_HASH}", "sepolia"),
        (f"https://testnet.snowtrace.io/tx/{EVM_HASH}", "testnet"),
        (f"https://eth-sepolia.blockscout.com/tx/{EVM_HASH}", "sepolia"),
        (f"https://nile.tronscan.org/#/transaction/{BTC_TXID}", "nile"),
        (f"https://shasta.tronscan.org/#/transaction/{BTC_TXID}", "shasta"),
        (f"https://mempool.space/testnet/tx/{BTC_TXID}", "testnet"),
        (f"https://mempool.space/testnet4/tx/{BTC_TXID}", "testnet"),
        (f"https://mempool.space/signet/tx/{BTC_TXID}", "signet"),
        (f"https://blockstream.info/testnet/tx/{BTC_TXID}", "testnet"),
        (f"ethereum:{EVM_ADDRESS}@11155111", "sepolia"),
    ],
)
def test_testnets_are_refused(url: str, network: str) -> None:
    result = classify(url)
    assert result.kind is InputKind.INVALID
    assert result.problem is Problem.TESTNET
    assert result.detail["network"] == network


@pytest.mark.parametrize(
    ("url", "chain"),
    [
        (f"https://lineascan.build/tx/{EVM_HASH}", "linea"),
        (f"https://nova.arbiscan.io/tx/{EVM_HASH}", "arbitrum-nova"),
        (f"https://gnosis.blockscout.com/tx/{EVM_HASH}", "gnosis"),
        (f"https://blockstream.info/liquid/tx/{BTC_TXID}", "liquid"),
        (f"ethereum:{EVM_ADDRESS}@250", "eip155:250"),
    ],
)
def test_explorers_of_other_chains(url: str, chain: str) -> None:
    result = classify(url)
    assert result.problem is Problem.UNSUPPORTED_CHAIN
    assert result.detail["chain"] == chain


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://etherscan.io/block/19000000", "block"),
        ("https://etherscan.io/", None),
        ("https://etherscan.io/tx/", "tx"),
    ],
)
def test_unknown_explorer_paths(url: str, section: str | None) -> None:
    result = classify(url)
    assert result.problem is Problem.UNKNOWN_EXPLORER_PATH
    assert result.chain_hint == "ethereum"
    assert result.detail.get("section") == section


@pytest.mark.parametrize(
    ("url", "family"),
    [
        (f"https://solscan.io/tx/{EVM_HASH}", "evm"),
        (f"https://etherscan.io/address/{TRON_ADDRESS}", "tron"),
        (f"https://mempool.space/tx/{EVM_HASH}", "evm"),
        (f"https://tronscan.org/#/address/{BTC_ADDRESS}", "bitcoin"),
    ],
)
def test_id_of_another_family_in_an_explorer_url(url: str, family: str) -> None:
    result = classify(url)
    assert result.problem is Problem.EXPLORER_MISMATCH
    assert result.detail["family"] == family


def test_broken_id_in_a_url_keeps_its_own_problem_and_the_chain() -> None:
    result = classify(f"https://etherscan.io/tx/{EVM_HASH[:-1]}")
    assert result.problem is Problem.BAD_LENGTH
    assert result.chain_hint == "ethereum"


def test_unknown_host_with_one_id_is_accepted_without_chain() -> None:
    result = classify(f"https://blockchair.com/bitcoin/transaction/{BTC_TXID}")
    assert (result.kind, result.value, result.chain_hint) == (
        InputKind.TRANSACTION,
        BTC_TXID,
        None,
    )
    assert result.detail["host"] == "blockchair.com"


def test_unknown_host_with_two_ids_is_refused() -> None:
    result = classify(f"https://example.org/{EVM_HASH}/{EVM_ADDRESS}")
    assert result.problem is Problem.MULTIPLE_CANDIDATES
    assert result.detail["count"] == 2


def test_unknown_host_without_id() -> None:
    assert classify("https://example.org/hello/world").problem is Problem.UNRECOGNIZED


def test_lookalike_explorer_host_is_refused() -> None:
    result = classify(f"https://etherscаn.io/tx/{EVM_HASH}")  # Cyrillic а
    assert result.problem is Problem.LOOKALIKE_CHARACTERS
    assert result.detail["part"] == "host"
    assert result.detail["char"] == "U+0430"
    assert result.detail["looks_like"] == "a"


@pytest.mark.parametrize(
    ("uri", "value", "chain"),
    [
        (f"bitcoin:{BTC_ADDRESS}?amount=0.1", BTC_ADDRESS, "bitcoin"),
        (f"BITCOIN:{BTC_ADDRESS.upper()}", BTC_ADDRESS, "bitcoin"),
        (f"ethereum:{EVM_ADDRESS}", EVM_ADDRESS, None),
        (f"ethereum:pay-{EVM_ADDRESS}@56?value=1e18", EVM_ADDRESS, "bsc"),
        (f"tron:{TRON_ADDRESS}", TRON_ADDRESS, "tron"),
        (f"solana:{SOL_ADDRESS}?amount=1", SOL_ADDRESS, "solana"),
    ],
)
def test_payment_uris(uri: str, value: str, chain: str | None) -> None:
    result = classify(uri)
    assert (result.kind, result.value, result.chain_hint) == (InputKind.ADDRESS, value, chain)


def test_erc20_transfer_uri_gives_the_recipient() -> None:
    result = classify(f"ethereum:{USDT_ETH}@1/transfer?address={EVM_ADDRESS}&uint256=1e6")
    assert (result.value, result.chain_hint) == (EVM_ADDRESS, "ethereum")
    assert result.detail["token"] == USDT_ETH


def test_url_inside_a_sentence() -> None:
    result = classify(f"hi, see https://bscscan.com/tx/{EVM_HASH} - it is stuck")
    assert (result.kind, result.value, result.chain_hint) == (
        InputKind.TRANSACTION,
        EVM_HASH,
        "bsc",
    )


@pytest.mark.parametrize(
    "text",
    [
        f"[tx](https://etherscan.io/tx/{EVM_HASH})",
        f"see:https://etherscan.io/tx/{EVM_HASH},thanks",
        f"(https://etherscan.io/tx/{EVM_HASH}).",
    ],
)
def test_urls_glued_to_other_text(text: str) -> None:
    result = classify(text)
    assert (result.kind, result.value, result.chain_hint) == (
        InputKind.TRANSACTION,
        EVM_HASH,
        "ethereum",
    )
