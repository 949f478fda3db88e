"""The chains file: which chains exist, their endpoints and their thresholds.

Flags over environment over the shipped default, as users expect:
``--chains-file`` / ``TXDOCTOR_CHAINS_FILE`` replace the default file,
``--rpc NAME=URL`` replaces one chain's endpoints, ``--chain NAME`` limits the search.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from txdoctor.advise.i18n import N_
from txdoctor.errors import ConfigError
from txdoctor.urls import KEYED_DOMAINS, connected_origin, is_on_domain, split_host

FAMILIES = ("evm", "bitcoin", "tron", "solana")
MAX_CHAINS_FILE_BYTES = 1024 * 1024
"""A chains file is a few KB; a bigger one is refused before it is parsed (YAML is slow)."""
CHAINS_FILE_ENV = "TXDOCTOR_CHAINS_FILE"


@dataclass(frozen=True)
class TokenConfig:
    """An official token contract of a chain (the chain file's ``tokens:`` table)."""

    symbol: str
    contract: str  # as the chain writes it: 0x… on EVM chains, T… on Tron
    decimals: int
    name: str
    # An official contract easily confused with the well-known one of the same symbol:
    # "bridged" (USDC.e: bridged, not issued natively), "binance_peg" (BSC's 18-decimal
    # Binance-Peg tokens). None for the plain official token.
    variant: str | None = None


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
    rate_limit: float | None = None  # requests per second to each endpoint; None: no limit
    tokens: tuple[TokenConfig, ...] = ()  # official token contracts, by symbol
    explorer_api: str | None = None  # base URL of a keyless Blockscout instance (EVM)

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

    def rate_limits(self) -> dict[str, float]:
        """Requests per second allowed to each endpoint URL that has a limit."""
        return {url: c.rate_limit for c in self.chains if c.rate_limit for url in c.rpc}


_REQUIRED = {"family", "rpc", "confirmations", "block_time", "native", "explorer"}
_OPTIONAL = {"chain_id", "native_decimals", "display_name", "rate_limit", "tokens",
             "explorer_api"}
_TOKEN_FIELDS = {"contract", "decimals", "name"}
_TOKEN_OPTIONAL = {"variant"}
TOKEN_VARIANTS = ("bridged", "binance_peg")
_EVM_CONTRACT = re.compile(r"0x[0-9a-fA-F]{40}")
MAX_TOKEN_DECIMALS = 77  # a uint256 amount has at most 78 digits


def load_chains(path: str | Path | None = None, *,
                environ: Mapping[str, str] = os.environ) -> ChainsConfig:
    """Read and validate a chains file; the shipped default when no path is given."""
    path = path or environ.get(CHAINS_FILE_ENV) or None
    if path is None:
        text = resources.files("txdoctor").joinpath("chains.yaml").read_text("utf-8")
        return parse_chains(text, source="chains.yaml (built in)")
    file = Path(path)
    try:
        # Checked before opening: opening a FIFO would wait for a writer.
        if not stat.S_ISREG(os.stat(file).st_mode):
            raise ConfigError(N_("not a regular file"), source=str(file))
        with open(file, "rb") as stream:
            data = stream.read(MAX_CHAINS_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(N_("cannot read the file ({reason})"), source=str(file),
                          reason=exc.strerror or type(exc).__name__) from exc
    if len(data) > MAX_CHAINS_FILE_BYTES:
        raise ConfigError(N_("the file is larger than {limit} KB"), source=str(file),
                          limit=MAX_CHAINS_FILE_BYTES // 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(N_("the file is not UTF-8 text"), source=str(file)) from exc
    return parse_chains(text, source=str(file))


def parse_chains(text: str, *, source: str) -> ChainsConfig:
    """Validate the YAML text of a chains file."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(N_("not valid YAML ({problem})"), source=source,
                          problem=_yaml_problem(exc)) from exc
    except RecursionError:  # "[[[[…]]]]" nested deeper than the parser can go
        raise ConfigError(N_("nested too deeply to be a chains file"), source=source) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("chains"), dict):
        raise ConfigError(N_("expected a mapping with a 'chains:' mapping inside"), source=source)
    if not doc["chains"]:
        raise ConfigError(N_("'chains:' is empty"), source=source)
    chains = tuple(_parse_chain(str(name), body, source)
                   for name, body in doc["chains"].items())
    return ChainsConfig(chains=chains, source=source)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "syntax error"
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)


def _parse_chain(name: str, body: Any, source: str) -> ChainConfig:
    def fail(field: str | None, message: str, **params: object) -> ConfigError:
        return ConfigError(message, source=source, chain=name, field=field, **params)

    if not name.isidentifier() or name != name.lower():
        raise fail(None, N_("chain names are lowercase words (letters, digits, _)"))
    if not isinstance(body, dict):
        raise fail(None, N_("expected a mapping of fields"))
    unknown = set(body) - _REQUIRED - _OPTIONAL
    if unknown:
        raise fail(sorted(unknown)[0], N_("unknown field (a typo?)"))
    missing = _REQUIRED - set(body)
    if missing:
        raise fail(sorted(missing)[0], N_("missing"))
    family = body["family"]
    if family not in FAMILIES:
        raise fail("family", N_("must be one of {choices}"), choices=", ".join(FAMILIES))
    chain_id = body.get("chain_id")
    if family == "evm" and chain_id is None:
        raise fail("chain_id", N_("missing (EVM chains are verified against it)"))
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
        rate_limit=_optional_positive_number(body.get("rate_limit"), "rate_limit", fail),
        tokens=_tokens(body.get("tokens", {}), fail, family),
        explorer_api=_explorer_api(body.get("explorer_api"), fail),
    )


def _urls(value: Any, fail: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise fail("rpc", N_("expected a list of one or more http(s) URLs"))
    for url in value:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise fail("rpc", N_("every endpoint must be an http:// or https:// URL"))
        problem = endpoint_problem(url)
        if problem is not None:
            raise fail("rpc", problem)
    return tuple(value)


def endpoint_problem(url: str) -> str | None:
    """Why an endpoint URL is refused (an N_() message), or None when it is usable.

    Refused: spaces and control characters, backslashes, URLs whose host Python's parser
    and the HTTP client read differently (``http://a\\@b/``), and user info in a URL that
    an API key would be added to (txdoctor/urls.py): a key must reach its provider only.
    """
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return N_("the URL holds a space or a control character")
    if "\\" in url:
        return N_("the URL holds a backslash (clients disagree on where it leads)")
    origin = connected_origin(url)
    try:
        split = urlsplit(url)
        split.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return N_("not a valid URL")
    if origin is None or split_host(url) != origin[1]:
        return N_("not a valid URL, or one whose host clients read differently")
    keyed = any(is_on_domain(origin[1], domain) for domain in KEYED_DOMAINS)
    if keyed and "@" in split.netloc:
        return N_("user info (user:password@) in a URL that gets an API key")
    return None


def _positive_int(value: Any, field: str, fail: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise fail(field, N_("expected a whole number above 0"))
    return value


def _positive_number(value: Any, field: str, fail: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise fail(field, N_("expected a number above 0"))
    return float(value)


def _optional_positive_number(value: Any, field: str, fail: Any) -> float | None:
    return None if value is None else _positive_number(value, field, fail)


def _tokens(value: Any, fail: Any, family: str = "") -> tuple[TokenConfig, ...]:
    """``tokens: {SYMBOL: {contract: …, decimals: 6, name: …}, …}``."""
    if not isinstance(value, dict):
        raise fail("tokens", N_("expected a mapping of token symbols to their contracts"))
    tokens = []
    for symbol, entry in value.items():
        if not isinstance(entry, dict) or not set(entry) >= _TOKEN_FIELDS \
                or set(entry) - _TOKEN_FIELDS - _TOKEN_OPTIONAL:
            raise fail("tokens", N_("token {symbol}: expected contract, decimals and name"),
                       symbol=symbol)
        decimals = entry["decimals"]
        if isinstance(decimals, bool) or not isinstance(decimals, int) \
                or not 0 <= decimals <= MAX_TOKEN_DECIMALS:
            raise fail("tokens", N_("token {symbol}: decimals must be a whole number from 0 "
                                    "to 77"), symbol=symbol)
        if family == "evm" and not _EVM_CONTRACT.fullmatch(str(entry["contract"])):
            raise fail("tokens", N_("token {symbol}: an EVM contract is 0x followed by 40 "
                                    "hex digits (quote it in YAML)"), symbol=symbol)
        if family == "tron" and not _is_tron_address(str(entry["contract"])):
            raise fail("tokens", N_("token {symbol}: a Tron contract is a T… address with a "
                                    "valid checksum"), symbol=symbol)
        tokens.append(TokenConfig(
            symbol=_text(str(symbol), "tokens", fail),
            contract=_text(entry["contract"], "tokens", fail).strip(),
            decimals=decimals,
            name=_text(entry["name"], "tokens", fail),
            variant=_variant(entry.get("variant"), str(symbol), fail),
        ))
    return tuple(tokens)


def _is_tron_address(text: str) -> bool:
    from txdoctor.input import b58

    if len(text) != 34 or not text.startswith("T") or not b58.is_base58(text):
        return False
    payload = b58.check_payload(b58.decode(text))
    return payload is not None and len(payload) == 21 and payload[0] == 0x41


def _variant(value: Any, symbol: str, fail: Any) -> str | None:
    if value is not None and value not in TOKEN_VARIANTS:
        raise fail("tokens", N_("token {symbol}: variant must be one of {choices}"),
                   symbol=symbol, choices=", ".join(TOKEN_VARIANTS))
    return value if isinstance(value, str) else None


def _explorer_api(value: Any, fail: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise fail("explorer_api", N_("expected the http(s) base URL of a Blockscout "
                                      "instance"))
    problem = endpoint_problem(value)
    if problem is not None:
        raise fail("explorer_api", problem)
    return value.rstrip("/")


def _text(value: Any, field: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, N_("expected text"))
    return value


def _explorer(value: Any, fail: Any) -> str:
    url = _text(value, "explorer", fail)
    if "{hash}" not in url or not url.startswith("https://"):
        raise fail("explorer", N_("expected an https:// URL containing {hash}"))
    return url


def apply_overrides(config: ChainsConfig, *, rpc: Sequence[str] = (),
                    only: Iterable[str] = ()) -> ChainsConfig:
    """Apply ``--rpc NAME=URL`` (repeatable; replaces that chain's endpoints) and ``--chain``."""
    endpoints: dict[str, list[str]] = {}
    for item in rpc:
        name, sep, url = item.partition("=")
        name = name.strip().lower()
        url = url.strip()
        if not sep or not url.startswith(("http://", "https://")):
            raise ConfigError(N_("expected NAME=URL with an http(s) URL"), source="--rpc")
        if config.get(name) is None:
            raise _unknown_chain(name, config, "--rpc")
        problem = endpoint_problem(url)
        if problem is not None:
            raise ConfigError(problem, source="--rpc", chain=name)
        endpoints.setdefault(name, []).append(url)
    # Another node, another history: the configured explorer API belongs to the old endpoints.
    chains = [replace(c, rpc=tuple(endpoints[c.name]), explorer_api=None)
              if c.name in endpoints else c for c in config.chains]
    wanted = [n.strip().lower() for n in only]
    for name in wanted:
        if config.get(name) is None:
            raise _unknown_chain(name, config, "--chain")
    if wanted:
        chains = [c for c in chains if c.name in wanted]
    return ChainsConfig(chains=tuple(chains), source=config.source)


def _unknown_chain(name: str, config: ChainsConfig, source: str) -> ConfigError:
    return ConfigError(N_("unknown chain '{name}' (configured: {names})"), source=source,
                       name=name, names=", ".join(config.names()))
