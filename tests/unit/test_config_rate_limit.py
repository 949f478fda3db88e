"""The optional per-chain ``rate_limit`` (requests per second to each endpoint)."""

from __future__ import annotations

import pytest

from txdoctor.config import apply_overrides, parse_chains
from txdoctor.core.errors import ConfigError

CHAIN = """chains:
  ethereum:
    family: evm
    chain_id: 1
    rpc: [https://a.test, https://b.test]
    confirmations: 12
    block_time: 12
    explorer: https://etherscan.io/tx/{{hash}}
    native: ETH
{extra}"""


def test_rate_limit_applies_to_every_endpoint_of_the_chain_and_to_rpc_overrides() -> None:
    config = parse_chains(CHAIN.format(extra="    rate_limit: 2.5\n"), source="t")
    assert config.chains[0].rate_limit == 2.5
    assert config.rate_limits() == {"https://a.test": 2.5, "https://b.test": 2.5}
    moved = apply_overrides(config, rpc=["ethereum=https://c.test"])
    assert moved.rate_limits() == {"https://c.test": 2.5}


def test_no_rate_limit_means_no_limit() -> None:
    assert parse_chains(CHAIN.format(extra=""), source="t").rate_limits() == {}


@pytest.mark.parametrize("value", ["0", "-1", "fast", "true"])
def test_a_bad_rate_limit_names_the_field(value: str) -> None:
    with pytest.raises(ConfigError, match="field 'rate_limit'"):
        parse_chains(CHAIN.format(extra=f"    rate_limit: {value}\n"), source="t")
