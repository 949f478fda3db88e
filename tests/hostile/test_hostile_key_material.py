"""Generated key material, in every shape a user pastes it, never leaves or shows.

Hypothesis draws secp256k1 and Ed25519 keys and writes them the way wallets export them: hex
and 0x-hex (labelled: an unlabelled 64-hex is indistinguishable from a hash,
docs/security.md), WIF (the legacy EOS key too), EOS PVT_K1_, base58 and hex Solana secret
keys, JSON byte arrays, keystores pretty and minified; labelled before or after, or not, and
handed over as one argument, split over arguments, over stdin lines, over batch lines or
over the columns of a CSV row, next to a real pending transaction. Counting loopback servers
answer every request; no request may carry a piece of the key, and no output (stdout,
stderr, every batch format, the history database) may hold one.

Bounded: ``MAX_EXAMPLES`` examples of a few CLI runs each (tens of seconds); derandomized
when ``CI`` is set (tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from Crypto.Hash import RIPEMD160
from Crypto.PublicKey import ECC
from hostile_support import LoopbackRpc, Run, assert_clean_exit, chain_entry, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from txdoctor.core import base58 as b58
from txdoctor.input import REDACTED

MAX_EXAMPLES = 30
SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
PENDING = "0x" + "5e" * 32
SENDER = "0x" + "ab" * 20
PIECE_CHARS = 12
"""Any run of this many characters of the encoded key counts as a leak."""
MIN_DISTINCT = 5
INPUT = "input.csv"
LABELS_BEFORE = [
    "private key:",
    "my private key is",
    "Private Key",
    "secret key:",
    "私钥：",
    "pk=",
    "sk=",
    "wallet key:",
    "my key is",
    "key=",
    "private:",
    "priv key",
]
LABELS_AFTER = ["(private key)", "is my private key", "- secret key"]


def chain(method: str, params: list[Any]) -> Any:
    """A node that knows one pending transaction (so the history is really written)."""
    if method == "eth_getTransactionByHash":
        return (
            {
                "hash": PENDING,
                "from": SENDER,
                "to": "0x" + "cd" * 20,
                "nonce": "0x3",
                "gas": "0x5208",
                "value": "0x1",
                "maxFeePerGas": "0x3b9aca00",
                "maxPriorityFeePerGas": "0x1",
                "blockNumber": None,
                "input": "0x",
            }
            if params[0] == PENDING
            else None
        )
    return {
        "eth_chainId": "0x1",
        "eth_blockNumber": "0x100",
        "eth_getTransactionCount": "0x3",
        "eth_feeHistory": {
            "baseFeePerGas": ["0x1"],
            "gasUsedRatio": [0.5],
            "reward": [["0x1", "0x1"]],
        },
    }.get(method)


@dataclass(frozen=True)
class Network:
    """Counting loopback servers for every family, and a chains file naming them."""

    servers: tuple[LoopbackRpc, ...]
    chains: Path

    def __repr__(self) -> str:  # short: Hypothesis prints it with every failing example
        return f"Network({self.chains})"

    def mark(self) -> list[int]:
        """How many requests each server has received so far."""
        return [len(server.seen) for server in self.servers]

    def sent_since(self, mark: list[int]) -> str:
        """Every request received since ``mark``: path, headers and body."""
        return "\n".join(
            f"{s.path} {s.headers} {s.body.decode('utf-8', 'replace')}"
            for server, start in zip(self.servers, mark, strict=True)
            for s in server.seen[start:]
        )


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    evm = LoopbackRpc(handler=chain).start()
    others = [LoopbackRpc(raw=(404, {}, b'{"error":"not found"}')).start() for _ in range(4)]
    chains = tmp_path_factory.mktemp("keys") / "chains.yaml"
    entries = {"ethereum": chain_entry([evm.url])}
    for (name, native, decimals), server in zip(
        [("tron", "TRX", 6), ("bitcoin", "BTC", 8), ("solana", "SOL", 9), ("eos", "EOS", 4)],
        others,
        strict=True,
    ):
        entries[name] = {
            "family": name,
            "rpc": [server.url.rstrip("/")],
            "confirmations": 3,
            "block_time": 1,
            "native": native,
            "native_decimals": decimals,
            "explorer": "https://explorer.example/tx/{hash}",
        }
    chains.write_text(json.dumps({"chains": entries}))
    yield Network((evm, *others), chains)
    for server in (evm, *others):
        server.stop()


# ------------------------------------------------------------------ key material
@dataclass(frozen=True)
class Secret:
    """A key written one way: ``text`` as the user has it, ``encoded`` the part to look for."""

    text: str
    encoded: tuple[str, ...]  # each must never show or travel, whole or in part
    multiline: bool = False  # a pretty-printed document: lines, not arguments


def _ed25519_keypair(seed: bytes) -> bytes:
    public = ECC.construct(curve="Ed25519", seed=seed).public_key().export_key(format="raw")
    return seed + bytes(public)


def _wif(key: bytes, compressed: bool, testnet: bool) -> str:
    return b58.encode_check(
        bytes([0xEF if testnet else 0x80]) + key + (b"\x01" if compressed else b"")
    )


def _eos_k1(key: bytes) -> str:
    """An EOS private key in the newer format: PVT_K1_ + base58(key + RIPEMD-160(key + "K1")
    [:4]) (AntelopeIO key format, as eosjs / WharfKit write it)."""
    checksum = RIPEMD160.new(key + b"K1").digest()[:4]
    return "PVT_K1_" + b58.encode(key + checksum)


def _random_bytes(data: st.DataObject, size: int, purpose: str) -> bytes:
    """Key-like random bytes. Drawn through a seed, not byte by byte: shrinking would turn
    them into runs of zeros, which no wallet makes and which txdoctor prints of its own."""
    seed = data.draw(st.integers(0, 2**64))
    return hashlib.shake_256(f"{purpose}/{seed}".encode()).digest(size)


def _keystore(data: st.DataObject, pretty: bool) -> Secret:
    ciphertext, salt, mac = (
        _random_bytes(data, 32, name).hex() for name in ("ciphertext", "salt", "mac")
    )
    iv = _random_bytes(data, 16, "iv").hex()
    document = {
        "address": _random_bytes(data, 20, "address").hex(),  # public: may show
        "crypto": {
            "cipher": "aes-128-ctr",
            "ciphertext": ciphertext,
            "cipherparams": {"iv": iv},
            "kdf": "scrypt",
            "kdfparams": {"dklen": 32, "n": 262144, "p": 1, "r": 8, "salt": salt},
            "mac": mac,
        },
        "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
        "version": 3,
    }
    text = json.dumps(document, indent=2 if pretty else None)
    return Secret(text, (ciphertext, salt, mac), multiline=pretty)


def _labelled(data: st.DataObject, key_text: str, required: bool) -> str:
    where = data.draw(st.sampled_from(["before", "after"] + ([] if required else ["none"])))
    if where == "before":
        return f"{data.draw(st.sampled_from(LABELS_BEFORE))} {key_text}"
    if where == "after":
        return f"{key_text} {data.draw(st.sampled_from(LABELS_AFTER))}"
    return key_text


@st.composite
def secrets(draw: Callable[..., Any]) -> Secret:
    data: st.DataObject = draw(st.data())
    secp = (
        int.from_bytes(_random_bytes(data, 32, "secp256k1"), "big") % (SECP256K1_ORDER - 1) + 1
    ).to_bytes(32, "big")
    keypair = _ed25519_keypair(_random_bytes(data, 32, "ed25519"))
    form = data.draw(
        st.sampled_from(
            [
                "secp hex",
                "secp 0x-hex",
                "secp wif",
                "secp eos pvt_k1",
                "ed25519 base58",
                "ed25519 hex",
                "ed25519 byte array",
                "keystore pretty",
                "keystore minified",
            ]
        )
    )
    if form.startswith("keystore"):
        return _keystore(data, pretty=form.endswith("pretty"))
    if form == "secp hex":
        return Secret(_labelled(data, secp.hex(), required=True), (secp.hex(),))
    if form == "secp 0x-hex":
        return Secret(_labelled(data, "0x" + secp.hex(), required=True), (secp.hex(),))
    if form == "secp wif":
        wif = _wif(secp, data.draw(st.booleans()), data.draw(st.booleans()))
        return Secret(_labelled(data, wif, required=False), (wif, secp.hex()))
    if form == "secp eos pvt_k1":  # the legacy EOS key is the "secp wif" form above
        eos = _eos_k1(secp)
        return Secret(_labelled(data, eos, required=False), (eos[7:], secp.hex()))
    if form == "ed25519 base58":
        encoded = b58.encode(keypair)
        return Secret(_labelled(data, encoded, required=False), (encoded, keypair.hex()))
    if form == "ed25519 hex":
        return Secret(_labelled(data, keypair.hex(), required=False), (keypair.hex(),))
    array = json.dumps(
        list(keypair), separators=(",", ":") if data.draw(st.booleans()) else (", ", ": ")
    )
    return Secret(_labelled(data, array, required=False), (keypair.hex(), array[:40]))


# ------------------------------------------------------------------ how it is handed over
def _pieces(secret: Secret) -> list[str]:
    """Stretches of the encoded key; those of a few repeated characters ("000000000000",
    drawn by a shrinking search) are left out: txdoctor prints such runs of its own."""
    return [
        piece
        for encoded in secret.encoded
        for i in range(0, len(encoded) - PIECE_CHARS + 1, PIECE_CHARS // 2)
        if len(set(piece := encoded[i : i + PIECE_CHARS])) >= MIN_DISTINCT
    ]


def _csv_row(secret: Secret, how: str) -> str:
    """The secret in a ticket's CSV row: in the note, or its label and key in two columns."""

    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    words = secret.text.split(" ")
    if how == "split over columns" and len(words) > 1:
        middle = len(words) // 2
        return f"T1,{PENDING},{cell(' '.join(words[:middle]))},{cell(' '.join(words[middle:]))}"
    return f"T1,{PENDING},{cell(secret.text)},ok"


def _everything_written(folder: Path) -> str:
    """The batch outputs and the history database (not the input file the test wrote)."""
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p != folder / INPUT
    )


def _runs(network: Network, secret: Secret, how: str, folder: Path) -> Iterator[Run]:
    env = {"TXDOCTOR_DATA_DIR": str(folder / "data")}
    common = ["--chains-file", str(network.chains), "--timeout", "2"]
    lines = secret.text.split("\n") if secret.multiline else secret.text.split(" ")
    if how == "one argument" and not secret.multiline:
        yield run_cli("diagnose", *common, "--json", "--", PENDING, secret.text, env=env)
    elif how == "split over arguments" and not secret.multiline:
        yield run_cli("diagnose", *common, "--", PENDING, *lines, PENDING, env=env)
    elif how in ("stdin lines", "one argument", "split over arguments"):
        stdin = "\n".join([PENDING, *lines, PENDING]) + "\n"
        yield run_cli("diagnose", "-", *common, "--format", "reply", stdin=stdin, env=env)
    else:
        source = folder / INPUT
        if how == "batch lines":
            source.write_text("\n".join([PENDING, *lines, PENDING]) + "\n")
        else:
            source.write_text("ticket,hash,note,more\n" + _csv_row(secret, how) + "\n")
        for fmt in ("jsonl", "csv", "reply", "markdown"):
            out = folder / f"out.{fmt}"
            yield run_cli(
                "batch", str(source), "--out", str(out), "--format", fmt, "-q", *common, env=env
            )


HOW = [
    "one argument",
    "split over arguments",
    "stdin lines",
    "batch lines",
    "csv note",
    "split over columns",
]


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # The servers are module-wide on purpose; each example uses its own data folder.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(secret=secrets(), how=st.sampled_from(HOW))
def test_no_request_and_no_output_ever_holds_a_piece_of_a_key(
    network: Network, secret: Secret, how: str
) -> None:
    mark = network.mark()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        printed = []
        for run in _runs(network, secret, how, folder):
            assert_clean_exit(run)
            printed.append(run.both)
        written = _everything_written(folder)
    sent = network.sent_since(mark)
    assert PENDING in sent  # the real input next to the key was looked up
    everything = "\n".join([*printed, written])
    # Refused, or (a key in a carried CSV column) redacted there.
    assert any(word in everything for word in ("SECRET_REFUSED", "Refused", REDACTED))
    for piece in _pieces(secret):
        assert piece not in sent, f"{piece} sent ({how}: {secret.text[:60]!r})"
        assert piece not in everything, f"{piece} shown ({how}: {secret.text[:60]!r})"
