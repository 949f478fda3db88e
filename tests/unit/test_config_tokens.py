"""The tokens table and explorer_api of EVM chains: validated, errors named precisely."""

from __future__ import annotations

import pytest

from txdoctor.config import load_chains, parse_chains
from txdoctor.core.errors import ConfigError

CHAIN = """
chains:
  ethereum:
    family: evm
    chain_id: 1
    rpc: [https://a.example]
    confirmations: 12
    block_time: 12
    explorer: https://etherscan.io/tx/{hash}
    native: ETH
"""


def test_tokens_variants_and_explorer_api_are_read() -> None:
    text = (
        CHAIN
        + """    explorer_api: https://eth.blockscout.com/
    tokens:
      USDT: {contract: "0xdAC17F958D2ee523a2206206994597C13D831ec7", decimals: 6,
             name: Tether USD}
      USDC.e: {contract: "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", decimals: 6,
               name: Bridged USDC, variant: bridged}
"""
    )
    (chain,) = parse_chains(text, source="t").chains
    assert chain.explorer_api == "https://eth.blockscout.com"
    assert [(t.symbol, t.variant) for t in chain.tokens] == [("USDT", None), ("USDC.e", "bridged")]


@pytest.mark.parametrize(
    ("tokens", "words"),
    [
        (
            "USDT: {contract: 0xdAC17F958D2ee523a2206206994597C13D831ec7, decimals: 6, name: T}",
            "quote it in YAML",
        ),
        ('USDT: {contract: "0xdAC17F958D2ee523a22062069", decimals: 6, name: T}', "40 hex digits"),
        (
            'USDT: {contract: "0xdAC17F958D2ee523a2206206994597C13D831ec7", decimals: 6, name: T, '
            "variant: wrapped}",
            "variant must be one of bridged, binance_peg",
        ),
    ],
)
def test_bad_tokens_name_the_token(tokens: str, words: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_chains(CHAIN + f"    tokens:\n      {tokens}\n", source="mine.yaml")
    message = str(exc.value)
    assert "mine.yaml" in message and "'ethereum'" in message and "'tokens'" in message
    assert "USDT" in message and words in message


def test_explorer_api_must_be_a_url() -> None:
    with pytest.raises(ConfigError, match=r"'explorer_api'.*Blockscout"):
        parse_chains(CHAIN + "    explorer_api: eth.blockscout.com\n", source="t")


def test_shipped_tables_list_usdt_usdc_and_the_wrapped_coin() -> None:
    config = load_chains(environ={})
    wrapped = {
        "ethereum": "WETH",
        "bsc": "WBNB",
        "polygon": "WPOL",
        "arbitrum": "WETH",
        "optimism": "WETH",
        "base": "WETH",
        "avalanche": "WAVAX",
    }
    for name, symbol in wrapped.items():
        chain = config.get(name)
        assert chain is not None
        symbols = {t.symbol for t in chain.tokens}
        assert {"USDT", "USDC", symbol} <= symbols, name
        assert len({t.contract.lower() for t in chain.tokens}) == len(chain.tokens)
    bsc = config.get("bsc")
    assert bsc is not None and all(t.decimals == 18 for t in bsc.tokens)
    assert {t.symbol: t.variant for t in bsc.tokens}["USDT"] == "binance_peg"
    base = config.get("base")
    assert base is not None and {t.symbol: t.variant for t in base.tokens}["USDT"] == "bridged"
