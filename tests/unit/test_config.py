"""The chains file: the shipped default is valid; a bad one is named precisely."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from txdoctor.config import apply_overrides, load_chains, parse_chains
from txdoctor.core.errors import ConfigError

GOOD = """
chains:
  ethereum:
    family: evm
    chain_id: 1
    rpc: [https://a.example, https://b.example]
    confirmations: 12
    block_time: 12
    explorer: https://etherscan.io/tx/{hash}
    native: ETH
"""
GOOD_JSON = json.dumps(yaml.safe_load(GOOD))


def test_default_file_has_every_promised_chain_with_two_endpoints() -> None:
    config = load_chains(environ={})
    evm = {c.name: c for c in config.of_family("evm")}
    for name in ("ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche"):
        assert name in evm
        assert len(evm[name].rpc) >= 2 and evm[name].chain_id
        assert all(url.startswith("https://") for url in evm[name].rpc)


def test_top_level_chains_yaml_is_the_shipped_one() -> None:
    top = Path(__file__).resolve().parents[2] / "chains.yaml"
    assert load_chains(top, environ={}).chains == load_chains(environ={}).chains


def test_env_var_replaces_the_default(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD)
    config = load_chains(environ={"TXDOCTOR_CHAINS_FILE": str(path)})
    assert config.names() == ["ethereum"] and config.source == str(path)


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (("chain_id: 1", "chain_id: one"), "chain_id", "whole number"),
        (("confirmations: 12", "confirmations: -1"), "confirmations", "whole number"),
        (("native: ETH", "native: ETH\n    confirmation: 3"), "confirmation", "unknown field"),
        (("rpc: [https://a.example, https://b.example]", "rpc: [ftp://x]"), "rpc", "http"),
        (
            ("explorer: https://etherscan.io/tx/{hash}", "explorer: https://etherscan.io/"),
            "explorer",
            "{hash}",
        ),
        (("family: evm", "family: cosmos"), "family", "one of"),
    ],
)
def test_bad_field_names_file_chain_and_field(
    tmp_path: Path, edit: tuple[str, str], field: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace(*edit))
    with pytest.raises(ConfigError) as exc:
        load_chains(path, environ={})
    message = str(exc.value)
    assert str(path) in message and "'ethereum'" in message and f"'{field}'" in message
    assert words in message


def test_broken_yaml_says_where() -> None:
    with pytest.raises(ConfigError, match="line"):
        parse_chains("chains:\n  ethereum: [\n", source="x.yaml")


def test_a_json_chains_file_reads_like_its_yaml_and_needs_no_yaml_parser(tmp_path: Path) -> None:
    as_yaml = parse_chains(GOOD, source="t")
    path = tmp_path / "chains.json"
    path.write_text(
        json.dumps({"chains": {"ethereum": dict(yaml.safe_load(GOOD)["chains"]["ethereum"])}})
    )
    assert load_chains(path, environ={}).chains == as_yaml.chains
    script = (
        "import sys; from txdoctor.commands.running import chains_config; "
        f"chains_config({str(path)!r}, None, None, None); print('yaml' in sys.modules)"
    )
    env = {"TXDOCTOR_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the first run keeps the built-in chains parsed, the second reads them
        loaded = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env
        )
    assert loaded.stdout.strip() == "False", loaded.stderr


@pytest.mark.parametrize("value", ["NaN", "Infinity"])
def test_json_constants_that_are_not_numbers_are_refused(value: str) -> None:
    text = GOOD_JSON.replace('"block_time": 12', f'"block_time": {value}')
    with pytest.raises(ConfigError, match="block_time"):
        parse_chains(text, source="t.json")


def test_yaml_in_braces_is_still_yaml() -> None:
    flow = "{chains: {ethereum: {family: evm, chain_id: 1, rpc: [https://a.example]}}}"
    assert parse_chains(flow, source="t").names() == ["ethereum"]


def test_rpc_override_and_chain_filter() -> None:
    config = parse_chains(GOOD, source="t")
    changed = apply_overrides(config, rpc=["ethereum=http://127.0.0.1:8545"], only=["ethereum"])
    assert changed.chains[0].rpc == ("http://127.0.0.1:8545",)
    with pytest.raises(ConfigError, match="unknown chain 'solana'"):
        apply_overrides(config, only=["solana"])
    with pytest.raises(ConfigError, match="NAME=URL"):
        apply_overrides(config, rpc=["ethereum"])


def test_rpc_override_drops_the_explorer_api_of_the_old_endpoints() -> None:
    config = load_chains(environ={})
    assert config.get("ethereum") is not None and config.get("ethereum").explorer_api  # type: ignore[union-attr]
    changed = apply_overrides(config, rpc=["ethereum=http://127.0.0.1:8545"])
    ethereum = changed.get("ethereum")
    assert ethereum is not None and ethereum.explorer_api is None
