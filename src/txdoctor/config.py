"""The chains file: which chains exist, their endpoints and their thresholds.

Flags over environment over the shipped default, as users expect:
``--chains-file`` / ``TXDOCTOR_CHAINS_FILE`` replace the default file (or, with
``extends: default``, add to it), ``--rpc NAME=URL`` replaces one chain's endpoints (or adds a
chain with ``--chain-id``), ``--chain NAME`` limits the search.

An entry needs only ``family`` and ``rpc`` (and ``chain_id`` on EVM chains); what it leaves
out comes from the built-in chain with the same EVM chain id (the default file, then
``data/known_chains.yaml``) or, for other families, from the built-in chain of its family;
an unknown EVM chain gets the neutral ``NEUTRAL`` values.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from txdoctor.core import shipped_yaml
from txdoctor.core.errors import ConfigError
from txdoctor.core.family import Family
from txdoctor.core.messages import N_
from txdoctor.core.urls import KEYED_DOMAINS, connected_origin, is_on_domain, split_host

if TYPE_CHECKING:
    import yaml

FAMILIES = tuple(f.value for f in Family)
MAX_CHAINS_FILE_BYTES = 1024 * 1024
"""A chains file is a few KB; a bigger one is refused before it is parsed (YAML is slow)."""
CHAINS_FILE_ENV = "TXDOCTOR_CHAINS_FILE"
_PACKAGE = Path(__file__).parent  # the installed txdoctor package, holding its data files


@dataclass(frozen=True)
class TokenConfig:
    """An official token contract of a chain (the chain file's ``tokens:`` table)."""

    symbol: str
    contract: str  # as the chain writes it: 0x… on EVM chains, T… on Tron
    # None when the file gives only the contract: then the chain's own answer is used.
    decimals: int | None
    name: str | None
    # An official contract easily confused with the well-known one of the same symbol:
    # "bridged" (USDC.e: bridged, not issued natively), "binance_peg" (BSC's 18-decimal
    # Binance-Peg tokens). None for the plain official token.
    variant: str | None = None


@dataclass(frozen=True)
class ChainConfig:
    """One configured chain."""

    name: str
    family: Family
    rpc: tuple[str, ...]
    confirmations: int
    block_time: float
    native: str
    explorer: str | None  # None: no known explorer, so no link
    chain_id: int | None = None
    native_decimals: int = 18
    display_name: str = ""
    rate_limit: float | None = None  # requests per second to each endpoint; None: no limit
    tokens: tuple[TokenConfig, ...] = ()  # official token contracts, by symbol
    explorer_api: str | None = None  # base URL of a keyless Blockscout instance (EVM)

    def explorer_url(self, tx_hash: str) -> str | None:
        """Link to the transaction on the chain's explorer, if the chain has one."""
        return self.explorer.replace("{hash}", tx_hash) if self.explorer else None

    def listed_token(self, contract: str) -> TokenConfig | None:
        """The tokens-table entry of ``contract`` (EVM contracts compare case-insensitively)."""
        if self.family is Family.EVM:
            return next((t for t in self.tokens if t.contract.lower() == contract.lower()), None)
        return next((t for t in self.tokens if t.contract == contract), None)

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


_REQUIRED = {"family", "rpc"}
_OPTIONAL = {
    "chain_id",
    "confirmations",
    "block_time",
    "native",
    "explorer",
    "native_decimals",
    "display_name",
    "rate_limit",
    "tokens",
    "explorer_api",
}
# What an entry inherits from the built-in chain it names by chain id or family. Endpoints,
# their rate limit and the explorer API describe a provider, not the chain; the tokens table
# is the public network's (a node with the same chain id may be a fork or a devnet): never
# inherited.
_INHERITED = (
    "display_name",
    "confirmations",
    "block_time",
    "native",
    "native_decimals",
    "explorer",
)
NEUTRAL: dict[str, Any] = {
    "confirmations": 12,
    "block_time": 12,
    "native": "coin",
    "explorer": None,
}
"""Values for an EVM chain txdoctor does not know: shown as a plain "coin", no explorer link."""
_TOP_LEVEL = {"chains", "extends"}
_TOKEN_FIELDS = {"contract", "decimals", "name"}
_TOKEN_OPTIONAL = {"variant"}
TOKEN_VARIANTS = ("bridged", "binance_peg")
_EVM_CONTRACT = re.compile(r"0x[0-9a-fA-F]{40}")
MAX_TOKEN_DECIMALS = 77  # a uint256 amount has at most 78 digits
BUILT_IN = "chains.yaml (built in)"


def load_chains(
    path: str | Path | None = None, *, environ: Mapping[str, str] = os.environ
) -> ChainsConfig:
    """Read and validate a chains file; the shipped default when no path is given."""
    path = path or environ.get(CHAINS_FILE_ENV) or None
    if path is None:
        return _chains_of(shipped_yaml.load(_builtin_text(), "chains"), source=BUILT_IN)
    file = Path(path)
    try:
        # Checked before opening: opening a FIFO would wait for a writer.
        if not stat.S_ISREG(os.stat(file).st_mode):
            raise ConfigError(N_("not a regular file"), source=str(file))
        with open(file, "rb") as stream:
            data = stream.read(MAX_CHAINS_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            N_("cannot read the file ({reason})"),
            source=str(file),
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    if len(data) > MAX_CHAINS_FILE_BYTES:
        raise ConfigError(
            N_("the file is larger than {limit} KB"),
            source=str(file),
            limit=MAX_CHAINS_FILE_BYTES // 1024,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(N_("the file is not UTF-8 text"), source=str(file)) from exc
    return parse_chains(text, source=str(file))


def parse_chains(text: str, *, source: str) -> ChainsConfig:
    """Validate the YAML text of a chains file."""
    return _chains_of(_load_yaml(text, source), source=source)


def _chains_of(doc: Any, *, source: str) -> ChainsConfig:
    if not isinstance(doc, dict) or not isinstance(doc.get("chains"), dict):
        raise ConfigError(N_("expected a mapping with a 'chains:' mapping inside"), source=source)
    unknown = sorted(str(key) for key in set(doc) - _TOP_LEVEL)
    if unknown:
        raise ConfigError(
            N_("unknown top-level key '{key}' (expected chains, extends)"),
            source=source,
            key=unknown[0],
        )
    extends = doc.get("extends")
    if extends not in (None, "default"):
        raise ConfigError(
            N_("'extends:' can only be 'default' (the built-in chains)"), source=source
        )
    if not doc["chains"] and extends is None:
        raise ConfigError(N_("'chains:' is empty"), source=source)
    bodies: dict[str, Any] = {}
    if extends == "default":
        bodies.update(_builtin_bodies())
    for name, body in doc["chains"].items():
        bodies[str(name)] = _overlay(bodies.get(str(name)), body)
    chains = tuple(_parse_chain(name, body, source) for name, body in bodies.items())
    return ChainsConfig(chains=chains, source=source)


def _overlay(builtin: Any, body: Any) -> Any:
    """A user's entry on top of the built-in chain of the same name (``extends: default``)."""
    if not isinstance(builtin, dict) or not isinstance(body, dict):
        return body
    merged = {**builtin, **body}
    if "rpc" in body and "explorer_api" not in body:  # another node, another history
        merged.pop("explorer_api", None)
    if "rpc" in body and "rate_limit" not in body:
        merged.pop("rate_limit", None)
    return merged


def _load_yaml(text: str, source: str) -> Any:
    """The document of a chains file. JSON (a subset of YAML) is read without loading PyYAML,
    and YAML with libyaml; only a file libyaml refuses goes through the pure-Python parser, whose
    error messages ``_yaml_problem`` words (libyaml's differ from one build to another)."""
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text, parse_constant=_not_json)
        except (ValueError, RecursionError):
            pass  # YAML in braces, or broken: the YAML parser reads it, or says what is wrong
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        pass
    except RecursionError:  # "[[[[…]]]]" nested deeper than the parser can go
        raise ConfigError(N_("nested too deeply to be a chains file"), source=source) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(
            N_("not valid YAML ({problem})"), source=source, problem=_yaml_problem(exc)
        ) from exc
    except RecursionError:
        raise ConfigError(N_("nested too deeply to be a chains file"), source=source) from None


def _not_json(constant: str) -> Any:
    """NaN and Infinity are not JSON; such a file is left to the YAML parser, which reads them
    as text and so refuses them where a number is needed."""
    raise ValueError(constant)


@cache
def _builtin_text() -> str:
    return (_PACKAGE / "chains.yaml").read_text("utf-8")


@cache
def _builtin_bodies() -> dict[str, Any]:
    """The raw entries of the built-in chains file, by chain name."""
    doc = shipped_yaml.load(_builtin_text(), "chains")
    return {str(name): body for name, body in doc["chains"].items()}


@cache
def _known_evm() -> dict[int, dict[str, Any]]:
    """Inheritable fields of every EVM chain txdoctor knows, by chain id."""
    data = (_PACKAGE / "data" / "known_chains.yaml").read_text("utf-8")
    known: dict[int, dict[str, Any]] = {
        int(k): dict(v) for k, v in shipped_yaml.load(data, "known-chains")["known"].items()
    }
    for body in _builtin_bodies().values():
        if body.get("family") == Family.EVM.value:
            known[int(body["chain_id"])] = {k: body[k] for k in _INHERITED if k in body}
    return known


def defaults_for(family: str, chain_id: Any, name: str | None = None) -> dict[str, Any]:
    """What an entry of ``family`` (and EVM ``chain_id``) may leave out, and its value: for
    other families, the built-in chain of the same ``name`` and family (a family may have
    several: Polkadot Asset Hub and the relay chain), else its family's first."""
    if family == Family.EVM.value:
        return (
            dict(_known_evm().get(chain_id, NEUTRAL))
            if isinstance(chain_id, int)
            else dict(NEUTRAL)
        )
    bodies = _builtin_bodies()
    same = bodies.get(name) if name is not None else None
    candidates = [same] if same is not None and same.get("family") == family else []
    for body in [*candidates, *bodies.values()]:
        if body.get("family") == family:
            return {k: body[k] for k in _INHERITED if k in body}
    return dict(NEUTRAL)


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
    if family == Family.EVM.value and chain_id is None:
        raise fail("chain_id", N_("missing (EVM chains are verified against it)"))
    if chain_id is not None:
        chain_id = _positive_int(chain_id, "chain_id", fail)
    body = {**defaults_for(family, chain_id, name), **body}
    explorer = body.get("explorer")
    return ChainConfig(
        name=name,
        family=Family(family),
        rpc=_urls(body["rpc"], fail),
        confirmations=_positive_int(body["confirmations"], "confirmations", fail),
        block_time=_positive_number(body["block_time"], "block_time", fail),
        native=_text(body["native"], "native", fail),
        explorer=None if explorer is None else _explorer(explorer, fail),
        chain_id=chain_id,
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
    an API key would be added to (txdoctor/core/urls.py): a key must reach its provider only.
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
        if isinstance(entry, str):  # just the contract: decimals and name come from the chain
            entry = {"contract": entry}
        if (
            not isinstance(entry, dict)
            or "contract" not in entry
            or set(entry) - _TOKEN_FIELDS - _TOKEN_OPTIONAL
        ):
            raise fail(
                "tokens",
                N_("token {symbol}: expected its contract, or contract, decimals and name"),
                symbol=symbol,
            )
        decimals = entry.get("decimals")
        if decimals is not None and (
            isinstance(decimals, bool)
            or not isinstance(decimals, int)
            or not 0 <= decimals <= MAX_TOKEN_DECIMALS
        ):
            raise fail(
                "tokens",
                N_("token {symbol}: decimals must be a whole number from 0 to 77"),
                symbol=symbol,
            )
        if family == "evm" and not _EVM_CONTRACT.fullmatch(str(entry["contract"])):
            raise fail(
                "tokens",
                N_(
                    "token {symbol}: an EVM contract is 0x followed by 40 "
                    "hex digits (quote it in YAML)"
                ),
                symbol=symbol,
            )
        if family == "tron" and (decimals is None or entry.get("name") is None):
            raise fail(
                "tokens",
                N_("token {symbol}: on Tron give contract, decimals and name"),
                symbol=symbol,
            )
        if family == "tron" and not _is_tron_address(str(entry["contract"])):
            raise fail(
                "tokens",
                N_("token {symbol}: a Tron contract is a T… address with a valid checksum"),
                symbol=symbol,
            )
        name = entry.get("name")
        tokens.append(
            TokenConfig(
                symbol=_text(str(symbol), "tokens", fail),
                contract=_text(entry["contract"], "tokens", fail).strip(),
                decimals=decimals,
                name=None if name is None else _text(name, "tokens", fail),
                variant=_variant(entry.get("variant"), str(symbol), fail),
            )
        )
    return tuple(tokens)


def _is_tron_address(text: str) -> bool:
    from txdoctor.core import base58 as b58

    if len(text) != 34 or not text.startswith("T") or not b58.is_base58(text):
        return False
    payload = b58.check_payload(b58.decode(text))
    return payload is not None and len(payload) == 21 and payload[0] == 0x41


def _variant(value: Any, symbol: str, fail: Any) -> str | None:
    if value is not None and value not in TOKEN_VARIANTS:
        raise fail(
            "tokens",
            N_("token {symbol}: variant must be one of {choices}"),
            symbol=symbol,
            choices=", ".join(TOKEN_VARIANTS),
        )
    return value if isinstance(value, str) else None


def _explorer_api(value: Any, fail: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise fail("explorer_api", N_("expected the http(s) base URL of a Blockscout instance"))
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


def apply_overrides(
    config: ChainsConfig,
    *,
    rpc: Sequence[str] = (),
    only: Iterable[str] = (),
    chain_id: int | None = None,
) -> ChainsConfig:
    """Apply ``--rpc NAME=URL`` (repeatable; replaces that chain's endpoints) and ``--chain``.

    ``--rpc`` naming a chain that is not configured adds it as an EVM chain when
    ``--chain-id`` (``chain_id``) says which chain it is; its other fields come from the
    built-in table of known chains.
    """
    endpoints: dict[str, list[str]] = {}
    for item in rpc:
        name, sep, url = item.partition("=")
        name = name.strip().lower()
        url = url.strip()
        if not sep or not url.startswith(("http://", "https://")):
            raise ConfigError(N_("expected NAME=URL with an http(s) URL"), source="--rpc")
        problem = endpoint_problem(url)
        if problem is not None:
            raise ConfigError(problem, source="--rpc", chain=name)
        endpoints.setdefault(name, []).append(url)
    added = [name for name in endpoints if config.get(name) is None]
    if added and chain_id is None:
        raise ConfigError(
            N_("unknown chain '{name}' (configured: {names}); to add it, give its --chain-id"),
            source="--rpc",
            name=added[0],
            names=", ".join(config.names()),
        )
    if len(added) > 1:
        raise ConfigError(
            N_("--chain-id can add one chain; --rpc names {count} new ones"),
            source="--rpc",
            count=len(added),
        )
    # Another node, another history: the configured explorer API belongs to the old endpoints.
    chains = [
        replace(c, rpc=tuple(endpoints[c.name]), explorer_api=None) if c.name in endpoints else c
        for c in config.chains
    ]
    chains += [
        _parse_chain(
            name,
            {"family": Family.EVM.value, "chain_id": chain_id, "rpc": endpoints[name]},
            "--rpc",
        )
        for name in added
    ]
    wanted = [n.strip().lower() for n in only]
    known = ChainsConfig(chains=tuple(chains), source=config.source)
    for name in wanted:
        if known.get(name) is None:
            raise _unknown_chain(name, known, "--chain")
    if wanted:
        chains = [c for c in chains if c.name in wanted]
    return ChainsConfig(chains=tuple(chains), source=config.source)


def _unknown_chain(name: str, config: ChainsConfig, source: str) -> ConfigError:
    return ConfigError(
        N_("unknown chain '{name}' (configured: {names})"),
        source=source,
        name=name,
        names=", ".join(config.names()),
    )
