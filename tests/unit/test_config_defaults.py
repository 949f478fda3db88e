"""A chains file that asks for little: built-in values by chain id or family, extends, --rpc."""

from __future__ import annotations

from pathlib import Path

import pytest

from txdoctor.config import apply_overrides, load_chains, parse_chains
from txdoctor.core.errors import ConfigError
from txdoctor.core.family import Family


def one(text: str):  # type: ignore[no-untyped-def]
    (chain,) = parse_chains(text, source="mine.yaml").chains
    return chain


def test_an_evm_entry_of_a_known_chain_id_needs_only_family_rpc_and_chain_id() -> None:
    chain = one("chains:\n  mynode: {family: evm, chain_id: 1, rpc: [http://127.0.0.1:8545]}\n")
    assert chain.family is Family.EVM
    assert (chain.title, chain.native, chain.confirmations, chain.block_time) == (
        "Ethereum",
        "ETH",
        12,
        12.0,
    )
    assert chain.explorer_url("0xab") == "https://etherscan.io/tx/0xab"
    # The built-in chain's explorer API, rate limit and tokens table describe its providers
    # and the public network, not this node (which may be a fork).
    assert chain.explorer_api is None and chain.rate_limit is None and chain.tokens == ()


def test_a_chain_id_from_the_table_of_known_chains() -> None:
    chain = one("chains:\n  gno: {family: evm, chain_id: 100, rpc: [http://127.0.0.1:1]}\n")
    assert (chain.title, chain.native) == ("Gnosis", "XDAI")
    assert chain.explorer_url("0x1") == "https://gnosisscan.io/tx/0x1"


def test_an_unknown_chain_id_gets_neutral_values_and_no_explorer_link() -> None:
    chain = one("chains:\n  devnet: {family: evm, chain_id: 987654, rpc: [http://127.0.0.1:1]}\n")
    assert (chain.title, chain.native, chain.confirmations) == ("devnet", "coin", 12)
    assert chain.explorer_url("0x1") is None


@pytest.mark.parametrize(
    ("family", "native", "decimals", "title"),
    [
        ("bitcoin", "BTC", 8, "Bitcoin"),
        ("tron", "TRX", 6, "Tron"),
        ("solana", "SOL", 9, "Solana"),
        ("aptos", "APT", 8, "Aptos"),
        ("eos", "EOS", 4, "EOS"),
        ("polkadot", "DOT", 10, "Polkadot Asset Hub"),
    ],
)
def test_other_families_take_their_built_in_chain(
    family: str, native: str, decimals: int, title: str
) -> None:
    chain = one(f"chains:\n  mine: {{family: {family}, rpc: [http://127.0.0.1:1]}}\n")
    assert (chain.native, chain.native_decimals, chain.title) == (native, decimals, title)


def test_the_file_still_wins_over_the_built_in_values() -> None:
    chain = one(
        "chains:\n  mine: {family: evm, chain_id: 56, rpc: [http://127.0.0.1:1], "
        "confirmations: 3, display_name: My BSC}\n"
    )
    assert (chain.confirmations, chain.title, chain.native) == (3, "My BSC", "BNB")


def test_extends_default_adds_and_overrides_on_top_of_the_built_in_set() -> None:
    config = parse_chains(
        "extends: default\nchains:\n"
        "  ethereum: {rpc: [http://127.0.0.1:8545]}\n"
        "  devnet: {family: evm, chain_id: 987654, rpc: [http://127.0.0.1:1]}\n",
        source="mine.yaml",
    )
    built_in = load_chains(environ={})
    assert config.names() == [*built_in.names(), "devnet"]
    ethereum = config.get("ethereum")
    assert ethereum is not None and ethereum.rpc == ("http://127.0.0.1:8545",)
    assert ethereum.title == "Ethereum" and ethereum.explorer_api is None
    assert config.get("bsc") == built_in.get("bsc")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("extends: everything\nchains: {}\n", "'extends:' can only be 'default'"),
        ("chain: {}\n", "'chains:' mapping"),
        ("extend: default\nchains: {x: {family: evm}}\n", "unknown top-level key 'extend'"),
        ("chains:\n  mine: {rpc: [http://127.0.0.1:1]}\n", "'family'"),
        ("chains:\n  mine: {family: evm, rpc: [http://127.0.0.1:1]}\n", "'chain_id'"),
    ],
)
def test_errors_name_the_file_and_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_chains(text, source="mine.yaml")
    assert "mine.yaml" in str(exc.value) and words in str(exc.value)


def test_a_token_may_be_just_its_contract_on_evm_but_not_on_tron() -> None:
    chain = one(
        "chains:\n  mine:\n    family: evm\n    chain_id: 987654\n"
        "    rpc: [http://127.0.0.1:1]\n"
        "    tokens: {MINE: '0x5FbDB2315678afecb367f032d93F642f64180aa3'}\n"
    )
    (token,) = chain.tokens
    assert (token.symbol, token.decimals, token.name) == ("MINE", None, None)
    with pytest.raises(ConfigError, match="on Tron give contract, decimals and name"):
        one(
            "chains:\n  t:\n    family: tron\n    rpc: [http://127.0.0.1:1]\n"
            "    tokens: {USDT: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t}\n"
        )


def test_rpc_with_a_chain_id_adds_a_chain_that_is_not_configured() -> None:
    config = apply_overrides(
        load_chains(environ={}),
        rpc=["mynode=http://127.0.0.1:8545"],
        chain_id=8453,
        only=["mynode"],
    )
    (chain,) = config.chains
    assert (chain.name, chain.chain_id, chain.title, chain.rpc) == (
        "mynode",
        8453,
        "Base",
        ("http://127.0.0.1:8545",),
    )
    with pytest.raises(ConfigError, match="to add it, give its --chain-id"):
        apply_overrides(load_chains(environ={}), rpc=["mynode=http://127.0.0.1:8545"])


def test_a_minimal_file_loads_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "chains.yaml"
    path.write_text(
        "chains:\n  local: {family: evm, chain_id: 31337, rpc: http://127.0.0.1:8545}\n"
    )
    (chain,) = load_chains(path, environ={}).chains
    assert chain.rpc == ("http://127.0.0.1:8545",) and chain.native == "coin"


def test_a_family_with_several_chains_takes_the_built_in_chain_of_the_same_name() -> None:
    relay = one("chains:\n  polkadot: {family: polkadot, rpc: [http://127.0.0.1:1]}\n")
    assert relay.title == "Polkadot"
    assert relay.explorer_url("1-2") == "https://polkadot.subscan.io/extrinsic/1-2"
    hub = one("chains:\n  polkadot_asset_hub: {family: polkadot, rpc: [http://127.0.0.1:1]}\n")
    assert hub.explorer_url("1-2") == "https://assethub-polkadot.subscan.io/extrinsic/1-2"
