"""The chains file: which chains exist, their endpoints and their thresholds.

Flags over environment over the shipped default, as users expect:
``--chains-file`` / ``TXDOCTOR_CHAINS_FILE`` replace the default file,
``--rpc NAME=URL`` replaces one chain's endpoints, ``--chain NAME`` limits the search.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from txdoctor.errors import ConfigError

FAMILIES = ("evm", "bitcoin", "tron", "solana")
CHAINS_FILE_ENV = "TXDOCTOR_CHAINS_FILE"


@dataclass(frozen=True)
class ChainConfig:
    """One configured chain."""

    name: str
    family: str
    rpc: tuple[str, ...]
    confirmations: int
    block_time: float
    native: str
    explorer: str
    chain_id: int | None = None
    native_decimals: int = 18
    display_name: str = ""

    def explorer_url(self, tx_hash: str) -> str:
        """Link to the transaction on the chain's explorer."""
        return self.explorer.replace("{hash}", tx_hash)

    @property
    def title(self) -> str:
        """The name people know the chain by."""
        return self.display_name or self.name


@dataclass(frozen=True)
class ChainsConfig:
    """Every configured chain, in file order, and where they were read from."""

    chains: tuple[ChainConfig, ...]
    source: str

    def names(self) -> list[str]:
        """Chain names in file order."""
        return [c.name for c in self.chains]

    def get(self, name: str) -> ChainConfig | None:
        """The chain called ``name`` (case-insensitive), if configured."""
        for chain in self.chains:
            if chain.name == name.lower():
                return chain
        return None

    def of_family(self, family: str) -> list[ChainConfig]:
        """Chains of one family, in file order."""
        return [c for c in self.chains if c.family == family]


_REQUIRED = {"family", "rpc", "confirmations", "block_time", "native", "explorer"}
_OPTIONAL = {"chain_id", "native_decimals", "display_name"}


def load_chains(path: str | Path | None = None, *,
                environ: Mapping[str, str] = os.environ) -> ChainsConfig:
    """Read and validate a chains file; the shipped default when no path is given."""
    path = path or environ.get(CHAINS_FILE_ENV) or None
    if path is None:
        text = resources.files("txdoctor").joinpath("chains.yaml").read_text("utf-8")
        return parse_chains(text, source="chains.yaml (built in)")
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the file ({exc.strerror})", source=str(file)) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("the file is not UTF-8 text", source=str(file)) from exc
    return parse_chains(text, source=str(file))


def parse_chains(text: str, *, source: str) -> ChainsConfig:
    """Validate the YAML text of a chains file."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML ({_yaml_problem(exc)})", source=source) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("chains"), dict):
        raise ConfigError("expected a mapping with a 'chains:' mapping inside", source=source)
    if not doc["chains"]:
        raise ConfigError("'chains:' is empty", source=source)
    chains = tuple(_parse_chain(str(name), body, source)
                   for name, body in doc["chains"].items())
    return ChainsConfig(chains=chains, source=source)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "syntax error"
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)


def _parse_chain(name: str, body: Any, source: str) -> ChainConfig:
    def fail(field: str | None, message: str) -> ConfigError:
        return ConfigError(message, source=source, chain=name, field=field)

    if not name.isidentifier() or name != name.lower():
        raise fail(None, "chain names are lowercase words (letters, digits, _)")
    if not isinstance(body, dict):
        raise fail(None, "expected a mapping of fields")
    unknown = set(body) - _REQUIRED - _OPTIONAL
    if unknown:
        raise fail(sorted(unknown)[0], "unknown field (a typo?)")
    missing = _REQUIRED - set(body)
    if missing:
        raise fail(sorted(missing)[0], "missing")
    family = body["family"]
    if family not in FAMILIES:
        raise fail("family", f"must be one of {', '.join(FAMILIES)}")
    chain_id = body.get("chain_id")
    if family == "evm" and chain_id is None:
        raise fail("chain_id", "missing (EVM chains are verified against it)")
    return ChainConfig(
        name=name,
        family=family,
        rpc=_urls(body["rpc"], fail),
        confirmations=_positive_int(body["confirmations"], "confirmations", fail),
        block_time=_positive_number(body["block_time"], "block_time", fail),
        native=_text(body["native"], "native", fail),
        explorer=_explorer(body["explorer"], fail),
        chain_id=None if chain_id is None else _positive_int(chain_id, "chain_id", fail),
        native_decimals=_positive_int(body.get("native_decimals", 18), "native_decimals", fail),
        display_name=_text(body.get("display_name", name), "display_name", fail),
    )


def _urls(value: Any, fail: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise fail("rpc", "expected a list of one or more http(s) URLs")
    for url in value:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise fail("rpc", "every endpoint must be an http:// or https:// URL")
    return tuple(value)


def _positive_int(value: Any, field: str, fail: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise fail(field, "expected a whole number above 0")
    return value


def _positive_number(value: Any, field: str, fail: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise fail(field, "expected a number above 0")
    return float(value)


def _text(value: Any, field: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, "expected text")
    return value


def _explorer(value: Any, fail: Any) -> str:
    url = _text(value, "explorer", fail)
    if "{hash}" not in url or not url.startswith("https://"):
        raise fail("explorer", "expected an https:// URL containing {hash}")
    return url


def apply_overrides(config: ChainsConfig, *, rpc: Sequence[str] = (),
                    only: Iterable[str] = ()) -> ChainsConfig:
    """Apply ``--rpc NAME=URL`` (repeatable; replaces that chain's endpoints) and ``--chain``."""
    endpoints: dict[str, list[str]] = {}
    for item in rpc:
        name, sep, url = item.partition("=")
        name = name.strip().lower()
        if not sep or not url.startswith(("http://", "https://")):
            raise ConfigError("expected NAME=URL with an http(s) URL", source="--rpc")
        if config.get(name) is None:
            raise ConfigError(_unknown_chain(name, config), source="--rpc")
        endpoints.setdefault(name, []).append(url.strip())
    chains = [replace(c, rpc=tuple(endpoints[c.name])) if c.name in endpoints else c
              for c in config.chains]
    wanted = [n.strip().lower() for n in only]
    for name in wanted:
        if config.get(name) is None:
            raise ConfigError(_unknown_chain(name, config), source="--chain")
    if wanted:
        chains = [c for c in chains if c.name in wanted]
    return ChainsConfig(chains=tuple(chains), source=config.source)


def _unknown_chain(name: str, config: ChainsConfig) -> str:
    return f"unknown chain '{name}' (configured: {', '.join(config.names())})"
