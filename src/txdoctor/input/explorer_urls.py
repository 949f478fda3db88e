"""Explorer URLs and payment URIs, reduced to the hash/address they hold plus the
chain they imply."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from . import aptos_ids, eos_ids, hexids, polkadot_ids
from .candidates import Candidate, choose_one
from .identifier import classify_token, looks_like_identifier
from .model import Family, InputKind, Problem, Verdict, invalid
from .text import first_character_problem, strip_ends

CHAIN_FAMILY: dict[str, Family] = {
    "ethereum": Family.EVM,
    "bsc": Family.EVM,
    "polygon": Family.EVM,
    "arbitrum": Family.EVM,
    "optimism": Family.EVM,
    "base": Family.EVM,
    "avalanche": Family.EVM,
    "bitcoin": Family.BITCOIN,
    "tron": Family.TRON,
    "solana": Family.SOLANA,
    "aptos": Family.APTOS,
    "eos": Family.EOS,
    "polkadot_asset_hub": Family.POLKADOT,
    "polkadot": Family.POLKADOT,
}

EXPLORERS: dict[str, str] = {
    "etherscan.io": "ethereum",
    "eth.blockscout.com": "ethereum",
    "bscscan.com": "bsc",
    "polygonscan.com": "polygon",
    "polygon.blockscout.com": "polygon",
    "arbiscan.io": "arbitrum",
    "arbitrum.blockscout.com": "arbitrum",
    "optimistic.etherscan.io": "optimism",
    "optimism.blockscout.com": "optimism",
    "basescan.org": "base",
    "base.blockscout.com": "base",
    "snowtrace.io": "avalanche",
    "snowscan.xyz": "avalanche",
    "mempool.space": "bitcoin",
    "blockstream.info": "bitcoin",
    "tronscan.org": "tron",
    "tronscan.io": "tron",
    "solscan.io": "solana",
    "explorer.solana.com": "solana",
    "explorer.aptoslabs.com": "aptos",
    "bloks.io": "eos",  # EOS mainnet; other networks are subdomains
    "assethub-polkadot.subscan.io": "polkadot_asset_hub",
    "polkadot.subscan.io": "polkadot",
}

# Explorers of chains txdoctor does not diagnose: say so instead of searching in vain.
OTHER_CHAIN_EXPLORERS: dict[str, str] = {
    "nova.arbiscan.io": "arbitrum-nova",
    "zkevm.polygonscan.com": "polygon-zkevm",
    "opbnb.bscscan.com": "opbnb",
    "lineascan.build": "linea",
    "scrollscan.com": "scroll",
    "era.zksync.network": "zksync",
    "explorer.zksync.io": "zksync",
    "ftmscan.com": "fantom",
    "gnosisscan.io": "gnosis",
    "celoscan.io": "celo",
    "blastscan.io": "blast",
    "cronoscan.com": "cronos",
    "moonscan.io": "moonbeam",
    "mantlescan.xyz": "mantle",
    "sonicscan.org": "sonic",
    "litecoinspace.org": "litecoin",
    "tonviewer.com": "ton",
    "tonscan.org": "ton",
    "xrpscan.com": "xrp",
    "wax.bloks.io": "wax",
    "telos.bloks.io": "telos",
    "proton.bloks.io": "proton",
    "kusama.subscan.io": "kusama",
    "assethub-kusama.subscan.io": "kusama",
}

# Registrable domains of the explorers above; their unknown subdomains are checked
# for testnet names, and blockscout's for other chains.
EXPLORER_DOMAINS: dict[str, str | None] = {
    "etherscan.io": "ethereum",
    "bscscan.com": "bsc",
    "polygonscan.com": "polygon",
    "arbiscan.io": "arbitrum",
    "basescan.org": "base",
    "snowtrace.io": "avalanche",
    "snowscan.xyz": "avalanche",
    "tronscan.org": "tron",
    "tronscan.io": "tron",
    "solscan.io": "solana",
    "solana.com": "solana",
    "bloks.io": "eos",  # jungle4.bloks.io: the Jungle testnet
    "blockscout.com": None,
    "subscan.io": None,  # other Substrate networks (moonbeam.subscan.io …)
}

TESTNET_NAMES = (
    "sepolia", "goerli", "holesky", "hoodi", "rinkeby", "ropsten", "kovan", "testnet",
    "amoy", "mumbai", "fuji", "nile", "shasta", "devnet", "signet", "regtest", "jungle",
    "kylin", "westend", "paseo", "rococo",
)  # fmt: skip
SIDECHAINS = {"liquid": "liquid", "liquidtestnet": "liquid"}
SOLANA_MAINNET_CLUSTERS = frozenset({"mainnet", "mainnet-beta"})
APTOS_SECTIONS = frozenset({"txn", "account"})
POLKADOT_CHAINS = frozenset({"polkadot_asset_hub", "polkadot"})

TX_SECTIONS = frozenset({"tx", "transaction", "txn"})
ADDRESS_SECTIONS = frozenset(
    {"address", "account", "contract", "token", "token20", "token721", "token1155"}
)
ADDRESS_QUERY_SECTIONS = frozenset({"txs", "tokentxns", "txsinternal", "tokenholdings"})

EIP155_CHAINS = {
    1: "ethereum", 56: "bsc", 137: "polygon", 42161: "arbitrum", 10: "optimism",
    8453: "base", 43114: "avalanche",
}  # fmt: skip
EIP155_TESTNETS = {
    11155111: "sepolia", 5: "goerli", 17000: "holesky", 560048: "hoodi", 97: "testnet",
    80002: "amoy", 80001: "mumbai", 421614: "sepolia", 11155420: "sepolia", 84532: "sepolia",
    43113: "fuji",
}  # fmt: skip
PAYMENT_CHAINS = {"bitcoin": "bitcoin", "tron": "tron", "solana": "solana"}  # and "ethereum"

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_BARE_HOST_URL = re.compile(r"^(?:www\.)?[^\s/:#?.]+(?:\.[^\s/:#?.]+)+[/#?]")
_PAYMENT_URI = re.compile(r"^(bitcoin|ethereum|tron|solana):(?!//)", re.IGNORECASE)
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{0,252}$")
_SAFE_SECTION = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_GLUED_PUNCTUATION = re.compile(r"[,;!'\"()<>\[\]{}]")
_EIP681 = re.compile(r"^(?:pay-)?([^@/?]+)(?:@(\d{1,12}))?(?:/([^?]*))?$")


def is_url(text: str) -> bool:
    """True for an http(s) URL, a scheme-less "host.tld/…" link or a payment URI."""
    if ":" not in text and "." not in text:  # each form has one: most rows (hashes) end here
        return False
    return bool(_URL.match(text) or _BARE_HOST_URL.match(text) or _PAYMENT_URI.match(text))


def classify_url(text: str) -> Candidate:
    """Reduce an explorer URL or payment URI to (verdict, chain hint)."""
    if _PAYMENT_URI.match(text):
        return _classify_payment_uri(text)
    if not _URL.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return invalid(Problem.UNRECOGNIZED), None
    problem = first_character_problem(host)
    if problem is not None:
        return problem.with_detail(part="host"), None
    host = host.lower().removeprefix("www.")
    path = parts.path
    if parts.fragment.startswith("/"):  # tronscan.org/#/transaction/…
        path = path.rstrip("/") + parts.fragment
    segments = [_trim(unquote(s)) for s in path.split("/") if s]
    query = parse_qs(parts.query)
    return _classify_on_host(host, segments, query)


def _trim(segment: str) -> str:
    """Drop chat punctuation glued to the end of a URL ("…/tx/0xab12,thanks")."""
    return strip_ends(_GLUED_PUNCTUATION.split(segment, maxsplit=1)[0])


def _classify_on_host(host: str, segments: list[str], query: dict[str, list[str]]) -> Candidate:
    if host in OTHER_CHAIN_EXPLORERS:
        return invalid(Problem.UNSUPPORTED_CHAIN, chain=OTHER_CHAIN_EXPLORERS[host]), None
    chain = EXPLORERS.get(host)
    if chain is None:
        domain = next((d for d in EXPLORER_DOMAINS if host.endswith("." + d)), None)
        if domain is None:
            return _unknown_host(host, segments, query)
        chain = EXPLORER_DOMAINS[domain]
        refused = _subdomain_problem(host.removesuffix("." + domain), chain)
        if refused is not None or chain is None:
            return refused or invalid(Problem.UNRECOGNIZED), chain
    network = _network_problem(chain, segments, query)
    if network is not None:
        return network, chain
    return _explorer_path(host, chain, segments, query)


def _subdomain_problem(sub: str, chain: str | None) -> Verdict | None:
    """Testnet explorers (sepolia.etherscan.io…) and blockscout instances of other chains."""
    for name in TESTNET_NAMES:
        if name in sub:
            return invalid(Problem.TESTNET, network=name)
    if chain is None:  # gnosis.blockscout.com and the like
        name = sub if _SAFE_NAME.match(sub) else "unknown"
        return invalid(Problem.UNSUPPORTED_CHAIN, chain=name)
    return None


def _network_problem(
    chain: str, segments: list[str], query: dict[str, list[str]]
) -> Verdict | None:
    first = segments[0].lower() if segments else ""
    if first in SIDECHAINS:
        return invalid(Problem.UNSUPPORTED_CHAIN, chain=SIDECHAINS[first])
    for name in TESTNET_NAMES:
        if first.startswith(name):
            return invalid(Problem.TESTNET, network=name)
    clusters = query.get("cluster")
    if chain == "solana" and clusters:
        cluster = clusters[0].strip().lower()
        if cluster not in SOLANA_MAINNET_CLUSTERS:
            network = cluster if cluster in TESTNET_NAMES else "custom"
            return invalid(Problem.TESTNET, network=network)
    networks = query.get("network")
    if chain == "aptos" and networks:  # explorer.aptoslabs.com/txn/…?network=testnet
        network = networks[0].strip().lower()
        if network != "mainnet":
            return invalid(
                Problem.TESTNET, network=network if network in TESTNET_NAMES else "custom"
            )
    return None


def _explorer_path(
    host: str, chain: str, segments: list[str], query: dict[str, list[str]]
) -> Candidate:
    section = segments[0].lower() if segments else ""
    holder = (query.get("a") or [""])[0]
    if chain == "aptos" and section in APTOS_SECTIONS and len(segments) >= 2:
        return aptos_ids.explorer_target(section, segments[1]), chain
    eos_target = eos_ids.explorer_target(section, segments) if chain == "eos" else None
    if eos_target is not None:
        return eos_target, chain
    if chain in POLKADOT_CHAINS and section in polkadot_ids.SUBSCAN_SECTIONS and len(segments) >= 2:
        # An account is the same on Asset Hub and the relay chain: both are asked.
        hint = chain if section == "extrinsic" else None
        return polkadot_ids.explorer_target(section, segments[1]), hint
    if section in ADDRESS_QUERY_SECTIONS and holder:
        return _on_chain(classify_token(holder), chain), chain
    if (section in TX_SECTIONS or section in ADDRESS_SECTIONS) and len(segments) >= 2:
        verdict = _on_chain(classify_token(segments[1]), chain)
        if section.startswith("token") and verdict.ok:
            verdict = _token_page(verdict, holder, chain)
        return verdict, chain
    detail: dict[str, str | int] = {"host": host}
    if _SAFE_SECTION.match(section):
        detail["section"] = section
    return invalid(Problem.UNKNOWN_EXPLORER_PATH, **detail), chain


def _token_page(contract: Verdict, holder: str, chain: str) -> Verdict:
    """/token/<contract>: the contract itself, or with ?a=<holder> the holder's address."""
    if not holder:
        return contract.with_detail(role="token_contract")
    verdict = _on_chain(classify_token(holder), chain)
    if verdict.ok and contract.value is not None:
        return verdict.with_detail(token=contract.value)
    return verdict


def _on_chain(verdict: Verdict, chain: str) -> Verdict:
    """Narrow a verdict to the family of the chain the URL names, or flag a mismatch."""
    if not verdict.ok:
        return verdict
    family = CHAIN_FAMILY[chain]
    if family not in verdict.families:
        return invalid(Problem.EXPLORER_MISMATCH, chain=chain, family=verdict.families[0].value)
    value = verdict.value
    if family is Family.EVM and verdict.kind is InputKind.TRANSACTION and value is not None:
        value = value if hexids.has_0x(value) else "0x" + value
    return Verdict(verdict.kind, value, (family,), None, verdict.detail)


def _unknown_host(host: str, segments: list[str], query: dict[str, list[str]]) -> Candidate:
    """Any other site: accept the URL when exactly one piece of it is a hash/address."""
    pieces = [*segments, *(v for values in query.values() for v in values)]
    found = [(classify_token(p), None) for p in pieces if looks_like_identifier(p)]
    verdict, _ = choose_one(found)
    if verdict.ok and _SAFE_NAME.match(host):
        verdict = verdict.with_detail(host=host)
    return verdict, None


def _classify_payment_uri(text: str) -> Candidate:
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    target, _, query_text = rest.partition("?")
    query = parse_qs(query_text)
    if scheme in PAYMENT_CHAINS:
        chain = PAYMENT_CHAINS[scheme]
        return _on_chain(classify_token(unquote(target)), chain), chain
    match = _EIP681.match(target)
    if match is None:
        return invalid(Problem.UNRECOGNIZED), None
    target, chain_id, function = match.group(1), match.group(2), match.group(3)
    if chain_id is not None:
        number = int(chain_id)
        if number in EIP155_TESTNETS:
            return invalid(Problem.TESTNET, network=EIP155_TESTNETS[number]), None
        if number not in EIP155_CHAINS:
            return invalid(Problem.UNSUPPORTED_CHAIN, chain=f"eip155:{number}"), None
    eip155_chain = EIP155_CHAINS[int(chain_id)] if chain_id is not None else None
    contract = classify_token(unquote(target))
    recipient = (query.get("address") or [""])[0]
    if function == "transfer" and recipient and contract.ok and contract.value is not None:
        verdict = classify_token(recipient)
        if verdict.ok:
            verdict = verdict.with_detail(token=contract.value)
    else:
        verdict = contract
    return _on_chain(verdict, eip155_chain or "ethereum"), eip155_chain
