"""Issue 12, "Secrets and hostile input, round two": each attack of the review, reproduced.

Every case runs the real CLI against loopback servers on 127.0.0.1 that log every request
(one per chain family), and checks what the review asked: a refusal or a clear error with
exit status 2 (never a traceback, never exit 70), no request carrying secret material, and
nothing secret in any output.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from Crypto.PublicKey import ECC
from hostile_support import (
    LoopbackRpc,
    Run,
    assert_clean_exit,
    chain_entry,
    run_cli,
)
from mnemonic import Mnemonic

from txdoctor.core import base58 as b58
from txdoctor.families.tron.fetch_key import trongrid_headers
from txdoctor.input import REDACTED

HASH = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
KEY_HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
WORDS = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
NOT_FOUND = {"eth_chainId": "0x1", "eth_blockNumber": "0x100"}
TRON_KEY = "tron-pro-key-5e1f0c7a"


def solana_secret_key(seed: bytes = SEED) -> bytes:
    """What Phantom and Solflare export: seed ‖ Ed25519 public key (RFC 8032 test 1 seed)."""
    public = ECC.construct(curve="Ed25519", seed=seed).public_key().export_key(format="raw")
    return seed + bytes(public)


SOLANA_B58 = b58.encode(solana_secret_key())
SOLANA_HEX = solana_secret_key().hex()


class Network:
    """One counting loopback server per chain family, and the chains file naming them."""

    def __init__(self, loopback: Callable[..., LoopbackRpc], folder: Path) -> None:
        self.evm = loopback(handler=lambda method, params: NOT_FOUND.get(method))
        self.others = {
            family: loopback(raw=(404, {}, b'{"error":"not found"}'))
            for family in ("tron", "bitcoin", "solana")
        }
        self.chains = folder / "chains.yaml"
        self.chains.write_text(
            json.dumps(
                {
                    "chains": {
                        "ethereum": chain_entry([self.evm.url]),
                        "tron": _entry("tron", self.others["tron"].url, "TRX", 6),
                        "bitcoin": _entry("bitcoin", self.others["bitcoin"].url, "BTC", 8),
                        "solana": _entry("solana", self.others["solana"].url, "SOL", 9),
                    }
                }
            )
        )

    @property
    def servers(self) -> list[LoopbackRpc]:
        return [self.evm, *self.others.values()]

    def requests(self) -> int:
        return sum(len(server.seen) for server in self.servers)

    def sent(self) -> str:
        """Every request received: path, headers and body."""
        return "\n".join(
            f"{s.path} {s.headers} {s.body.decode('utf-8', 'replace')}"
            for server in self.servers
            for s in server.seen
        )


def _entry(family: str, url: str, native: str, decimals: int) -> dict[str, Any]:
    return {
        "family": family,
        "rpc": [url.rstrip("/")],
        "confirmations": 3,
        "block_time": 1,
        "native": native,
        "native_decimals": decimals,
        "explorer": "https://explorer.example/tx/{hash}",
    }


@pytest.fixture
def net(loopback: Callable[..., LoopbackRpc], tmp_path: Path) -> Network:
    return Network(loopback, tmp_path)


def txdoctor(
    net: Network, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> Run:
    run = run_cli(*args, "--chains-file", str(net.chains), stdin=stdin, env=env)
    assert_clean_exit(run)
    return run


def assert_refused(run: Run, net: Network, pieces: Sequence[str]) -> None:
    """Exit 2, not one request, and no piece of the secret in stdout or stderr."""
    assert run.code == 2, run.both[-2000:]
    assert net.requests() == 0, net.sent()[:500]
    for piece in pieces:
        assert piece not in run.both, f"{piece[:16]}… shown"


def pieces_of(secret: str) -> list[str]:
    """The secret and every 16-character stretch of it."""
    return [secret, *(secret[i : i + 16] for i in range(0, max(1, len(secret) - 15), 8))]


def batch_outputs(net: Network, source: Path, tmp_path: Path) -> tuple[str, str]:
    """Every batch format's output file and everything printed, joined."""
    written, printed = [], []
    for fmt in ("jsonl", "csv", "reply", "markdown"):
        out = tmp_path / f"out-{fmt}"
        run = txdoctor(
            net, "batch", str(source), "--out", str(out), "--format", fmt, "-q", "--timeout", "2"
        )
        written.append(out.read_text(encoding="utf-8"))
        printed.append(run.both)
    return "\n".join(written), "\n".join(printed)


# ------------------------------------------------------------------- 1. Solana secret keys
@pytest.mark.parametrize(
    "secret", [SOLANA_B58, SOLANA_HEX, "0x" + SOLANA_HEX], ids=["base58", "hex", "0x-hex"]
)
@pytest.mark.parametrize("fmt", ["json", "human", "reply", "markdown"])
def test_1_a_solana_secret_key_is_refused_not_taken_for_a_signature(
    net: Network, secret: str, fmt: str
) -> None:
    run = txdoctor(net, "diagnose", secret, "--format", fmt)
    assert_refused(run, net, pieces_of(secret))


def test_1_a_solana_secret_key_in_a_batch_and_its_carried_column_is_nowhere(
    net: Network, tmp_path: Path
) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(f"ticket,hash,note\nT1,{SOLANA_B58},wallet export\nT2,{HASH},{SOLANA_B58}\n")
    written, printed = batch_outputs(net, source, tmp_path)
    for piece in pieces_of(SOLANA_B58):
        assert piece not in written + printed + net.sent()
    assert written.count("SECRET_REFUSED") >= 4 and REDACTED in written
    assert HASH in net.sent()  # the real input was looked up


# ------------------------------------------------------------------- 2. pretty keystores
def keystore(indent: int | None) -> tuple[str, list[str]]:
    """A version-3 keystore as geth writes it, and its secret hex values."""
    ciphertext, salt, mac, iv = ("a1" * 32, "5a" * 32, "3c" * 32, "0f" * 16)
    document = {
        "address": "008aeeda4d805471df9b2a5b0f38a0c3bcba786b",
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
    return json.dumps(document, indent=indent), [ciphertext, salt, mac, iv]


@pytest.mark.parametrize("indent", [2, 4, None], ids=["pretty", "pretty4", "minified"])
def test_2_a_keystore_on_stdin_is_judged_whole_and_refused(
    net: Network, indent: int | None
) -> None:
    text, secrets = keystore(indent)
    run = txdoctor(net, "diagnose", "-", "--json", stdin=text + "\n")
    assert_refused(run, net, secrets)
    assert [line["verdict"] for line in run.json_lines()] == ["SECRET_REFUSED"]


def test_2_a_keystore_given_to_batch_is_refused_and_never_looked_up(
    net: Network, tmp_path: Path
) -> None:
    text, secrets = keystore(2)
    source = tmp_path / "keystore.json"
    source.write_text(text + "\n")
    written, printed = batch_outputs(net, source, tmp_path)
    assert net.requests() == 0
    for secret in secrets:
        assert secret not in written + printed


@pytest.mark.parametrize(
    "field", ["ciphertext", "salt", "mac", "iv", "privateKey", "secretKey", "private_key", "secret"]
)
def test_2_hex_next_to_a_secret_field_is_a_secret_even_alone(net: Network, field: str) -> None:
    run = txdoctor(net, "diagnose", "-", "--json", stdin=f'    "{field}": "{KEY_HEX}",\n')
    assert_refused(run, net, [KEY_HEX])


def test_2_an_unclosed_json_line_does_not_swallow_the_inputs_after_it(net: Network) -> None:
    run = txdoctor(net, "diagnose", "-", "--json", stdin=f"[1, 2,\n{HASH}\n")
    assert [line["input"] for line in run.json_lines()] == ["[1, 2,", HASH]


# ------------------------------------------------------------------- 3. labels and pieces
LABELLED: list[tuple[list[str], str]] = [
    (["private", "key:", KEY_HEX], KEY_HEX),
    (["my", "private", "key", "is", KEY_HEX], KEY_HEX),
    (["secret", "key:", b58.encode(bytes(range(64)))], b58.encode(bytes(range(64)))),
    ([KEY_HEX, "(private", "key)"], KEY_HEX),
    (["wallet", "key:", KEY_HEX], KEY_HEX),
    (["my", "key", "is", KEY_HEX], KEY_HEX),
    ([f"sk={KEY_HEX}"], KEY_HEX),
    (["key=", KEY_HEX], KEY_HEX),
    (["private:", "0x" + KEY_HEX], KEY_HEX),
]


@pytest.mark.parametrize(("args", "key"), LABELLED, ids=lambda v: str(v)[:30])
def test_3_a_label_and_its_key_in_separate_arguments_are_joined(
    net: Network, args: list[str], key: str
) -> None:
    run = txdoctor(net, "diagnose", "--json", "--", *args)
    assert_refused(run, net, pieces_of(key))


@pytest.mark.parametrize(("args", "key"), LABELLED, ids=lambda v: str(v)[:30])
def test_3_a_label_and_its_key_on_separate_lines_are_joined(
    net: Network, args: list[str], key: str
) -> None:
    run = txdoctor(net, "diagnose", "-", "--json", stdin="\n".join(args) + "\n")
    assert_refused(run, net, pieces_of(key))


def test_3_a_key_then_its_label_on_the_next_line_among_other_inputs(net: Network) -> None:
    stdin = f"{HASH}\n{KEY_HEX}\n(private key)\n{HASH}\n"
    run = txdoctor(net, "diagnose", "-", "--json", stdin=stdin)
    assert [line["verdict"] for line in run.json_lines()] == [
        "NOT_FOUND",
        "SECRET_REFUSED",
        "NOT_FOUND",
    ]
    assert KEY_HEX not in net.sent() + run.both and HASH in net.sent()


def test_3_a_phrase_joined_in_camel_case_is_refused(net: Network) -> None:
    camel = "".join(word.capitalize() for word in WORDS)
    run = txdoctor(net, "diagnose", camel, "--json")
    assert_refused(run, net, [camel, camel[:24]])


def test_3_a_phrase_split_across_the_columns_of_one_csv_row_is_redacted(
    net: Network, tmp_path: Path
) -> None:
    source = tmp_path / "tickets.csv"
    first, second = " ".join(WORDS[:6]), " ".join(WORDS[6:])
    source.write_text(
        f"ticket,hash,note,more\nT1,{HASH},{first},{second}\n"
        f"T2,{WORDS[0]},{' '.join(WORDS[1:7])},{' '.join(WORDS[7:])}\n"
    )
    written, printed = batch_outputs(net, source, tmp_path)
    for text in (first, second, " ".join(WORDS[1:7]), " ".join(WORDS[7:])):
        assert text not in written + printed + net.sent()
    assert "T1" in written and "T2" in written
    assert HASH in net.sent()  # row 1's hash was still looked up


# ------------------------------------------------------------------- 5. API key hosts
def test_5_a_backslash_url_that_would_send_the_tron_key_elsewhere_is_refused(
    loopback: Callable[..., LoopbackRpc], net: Network
) -> None:
    catcher = loopback(raw=(200, {}, b"{}"))
    port = catcher.url.split(":")[2].strip("/")
    for url in (
        f"http://127.0.0.1:{port}\\@api.trongrid.io/",
        f"https://127.0.0.1:{port}\\@api.trongrid.io/",
    ):
        run = txdoctor(
            net, "diagnose", HASH, "--rpc", f"tron={url}", env={"TRON_PRO_API_KEY": TRON_KEY}
        )
        assert run.code == 2 and "--rpc: chain 'tron'" in run.err and "backslash" in run.err
        assert catcher.seen == [] and TRON_KEY not in run.both


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:9\\@api.trongrid.io/", "backslash"),
        ("https://user:pw@api.trongrid.io", "user info"),
        ("https://api.trongrid.io /wallet", "space"),
        ("https://api.trongrid.io\t", "space or a control character"),
    ],
)
def test_5_such_urls_in_a_chains_file_are_a_config_error_naming_where(
    tmp_path: Path, url: str, words: str
) -> None:
    chains = tmp_path / "chains.yaml"
    chains.write_text(json.dumps({"chains": {"tron": _entry("tron", url, "TRX", 6)}}))
    run = run_cli("chains", "--chains-file", str(chains))
    assert_clean_exit(run)
    assert run.code == 2
    assert f"{chains}: chain 'tron', field 'rpc'" in run.err and words in run.err


def test_5_the_key_header_follows_the_host_the_client_connects_to_over_https_only() -> None:
    headers = trongrid_headers({"TRON_PRO_API_KEY": TRON_KEY})
    assert headers("https://api.trongrid.io") == {"TRON-PRO-API-KEY": TRON_KEY}
    assert headers("http://api.trongrid.io") == {}  # never over plain http
    assert headers("http://127.0.0.1:9\\@api.trongrid.io/") == {}
    assert headers("https://evil.example#@api.trongrid.io") == {}
    assert headers("https://api.trongrid.io.evil.example/") == {}


# ------------------------------------------------------------------- 6. around the argv guard
@pytest.mark.parametrize(
    "args",
    [
        ["explain", f"my wallet https://metamask.io words: {' '.join(WORDS)}"],
        ["watch", f"{' '.join(WORDS)} https://x.example"],
        ["diagnose", "--chain", " ".join(WORDS), HASH],
        ["diagnose", "--expect-chain", " ".join(WORDS), HASH],
        ["diagnose", f"--expect-chain={' '.join(WORDS)}", HASH],
        ["batch", "in.txt", "--format", " ".join(WORDS)],
        ["chains", "--chain", f"{' '.join(WORDS)}"],
    ],
)
def test_6_secrets_next_to_urls_or_in_option_values_are_refused_before_anything(
    net: Network, args: list[str]
) -> None:
    run = txdoctor(net, *args)
    assert run.code == 2 and "Refused: this looks like a secret" in run.err
    assert net.requests() == 0
    assert " ".join(WORDS[:2]) not in run.both and "Watching" not in run.both


# ------------------------------------------------------------------- 7. endpoint key shapes
KEY_SHAPES = [
    ("/rpc/MyShortKey99", "MyShortKey99"),
    ("/?k=Zq81sEcret", "Zq81sEcret"),
    ("/rpc;jsessionid=Zq81sEcret", "Zq81sEcret"),
    ("/#frag=Zq81sEcret", "Zq81sEcret"),
]


@pytest.mark.parametrize(("path", "key"), KEY_SHAPES)
def test_7_endpoint_keys_in_unusual_shapes_never_show(
    loopback: Callable[..., LoopbackRpc], tmp_path: Path, path: str, key: str
) -> None:
    # The server echoes the path it was asked for in its HTTP 500 message, as some do.
    server = loopback(raw=(500, {}, b""))
    server.raw = (500, {}, json.dumps({"error": {"message": f"no route for {path}"}}).encode())
    url = server.url.rstrip("/") + path
    chains = tmp_path / "chains.yaml"
    chains.write_text(json.dumps({"chains": {"ethereum": chain_entry([url])}}))
    runs = [
        run_cli(*args, "--chains-file", str(chains), "--timeout", "2")
        for args in (
            ["chains", "--json"],
            ["chains", "--check", "--json"],
            ["chains"],
            ["diagnose", HASH, "--json"],
            ["diagnose", HASH],
            ["diagnose", HASH, "--format", "reply"],
            ["diagnose", HASH, "--format", "markdown"],
        )
    ]
    assert server.seen  # the endpoint was really asked
    for run in runs:
        assert_clean_exit(run)
        assert key not in run.both and key[:8] not in run.both, run.both[-800:]
    assert f"{server.url.rstrip('/')}/…" in runs[0].out


# ------------------------------------------------------------------- 8. private data files
def test_8_the_data_folder_and_history_are_private(net: Network, tmp_path: Path) -> None:
    data = tmp_path / "private-data"
    txdoctor(net, "diagnose", HASH, env={"TXDOCTOR_DATA_DIR": str(data)})
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = list(data.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


# ------------------------------------------------------------------- 9. pipes as --out
def _subprocess(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "TXDOCTOR_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "txdoctor", *args],
        capture_output=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_9_out_dev_stdout_into_a_pipe_does_not_hang(net: Network, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text(f"{HASH}\nnot a hash\n")
    done = _subprocess(
        "batch",
        str(source),
        "--out",
        "/dev/stdout",
        "-q",
        "--chains-file",
        str(net.chains),
        "--timeout",
        "2",
    )
    assert done.returncode in (1, 3), done.stderr
    assert done.stdout.count(b'"row"') == 2


def test_9_out_fifo_is_written_not_read_back(net: Network, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text(f"{HASH}\n")
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = _subprocess(
        "batch",
        str(source),
        "--out",
        str(fifo),
        "-q",
        "--chains-file",
        str(net.chains),
        "--timeout",
        "2",
    )
    reader.join(30)
    assert done.returncode in (1, 3), done.stderr
    assert received and b'"row": 1' in received[0]
    resumed = run_cli("batch", str(source), "--out", str(fifo), "--resume")
    assert resumed.code == 2 and "regular file" in resumed.err


# ------------------------------------------------------------------- 10. the resume file
def _resume(net: Network, tmp_path: Path, existing: str) -> tuple[Run, Path]:
    source = tmp_path / "in.txt"
    source.write_text(f"{HASH}\n{HASH}\n")
    out = tmp_path / "results.jsonl"
    out.write_text(existing)
    return txdoctor(net, "batch", str(source), "--out", str(out), "--resume", "-q"), out


def test_10_quoted_resume_input_is_cleaned_and_the_message_names_out(
    net: Network, tmp_path: Path
) -> None:
    row = {"row": 1, "input": "\x1b]0;PWNED\x07\x1b[2J", "verdict": "NOT_FOUND"}
    run, out = _resume(net, tmp_path, json.dumps(row) + "\n")
    assert run.code == 2 and "\x1b" not in run.both and "\x07" not in run.both
    assert str(out) in run.err and "holds the results of another input" in run.err


@pytest.mark.parametrize(
    "line",
    [
        '{"row": 1e400}',
        '{"row": "1"}',
        '{"row": true}',
        '{"row": -3}',
        "[" * 50_000 + "]" * 50_000,
        '{"row": 1' + "0" * 5000 + "}",
    ],
)
def test_10_an_unreadable_resume_row_is_damage_not_a_crash(
    net: Network, tmp_path: Path, line: str
) -> None:
    run, _ = _resume(net, tmp_path, line + "\n")
    assert run.code == 2 and "cannot resume it safely" in run.err, run.err[-500:]
    assert net.requests() == 0


def test_10_duplicate_rows_are_refused_on_resume(net: Network, tmp_path: Path) -> None:
    row = json.dumps({"row": 1, "input": HASH, "verdict": "NOT_FOUND", "severity": "error"})
    run, _ = _resume(net, tmp_path, f"{row}\n{row}\n")
    assert run.code == 2 and "holds row 1 twice" in run.err


def test_10_a_second_batch_on_the_same_out_is_refused(net: Network, tmp_path: Path) -> None:
    import fcntl

    source = tmp_path / "in.txt"
    source.write_text(f"{HASH}\n")
    out = tmp_path / "results.jsonl"
    with open(out, "ab") as held:  # the lock the first batch holds while it writes
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        run = txdoctor(net, "batch", str(source), "--out", str(out), "-q")
    assert run.code == 2 and "being written by another txdoctor batch" in run.err
    assert out.read_bytes() == b"" and net.requests() == 0


# ------------------------------------------------------------------- 11. odd files
@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("# comment\n" * 200_000, "larger than"),
    ],
)
def test_11_odd_chains_files_are_config_errors(tmp_path: Path, content: str, words: str) -> None:
    chains = tmp_path / "chains.yaml"
    chains.write_text(content)
    run = run_cli("chains", "--chains-file", str(chains))
    assert_clean_exit(run)
    assert run.code == 2 and words in run.err


def test_11_a_chains_file_that_is_not_a_regular_file_is_refused_unread() -> None:
    run = run_cli("chains", "--chains-file", "/dev/zero")
    assert_clean_exit(run)
    assert run.code == 2 and "not a regular file" in run.err


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_11_a_huge_first_line_costs_no_more_than_the_line_limit(
    tmp_path: Path, net: Network
) -> None:
    source = tmp_path / "huge.txt"
    with source.open("w") as file:  # written in chunks: no big string in this process
        file.write("0x")
        for _ in range(100):
            file.write("7" * 1_000_000)
        file.write("\n" + HASH + "\n")
    # VmHWM is the peak of this process's own memory (ru_maxrss would count the parent's
    # pages at fork time on Linux).
    script = (
        "import runpy, sys\n"
        "sys.argv = ['txdoctor'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('txdoctor', run_name='__main__')\n"
        "except SystemExit:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print('PEAK', status.split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
        "    raise\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "batch",
            str(source),
            "-q",
            "--chains-file",
            str(net.chains),
            "--timeout",
            "2",
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "TXDOCTOR_LANG": "en"},
    )
    assert done.returncode in (1, 2, 3), done.stderr[-800:]
    peak_kb = int(re.search(rb"PEAK (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    assert peak_kb < 150_000, peak_kb  # a 100 MB line read whole takes 100 MB more at least
    assert b"internal error" not in done.stderr


def test_11_a_csv_field_beyond_the_csv_limit_is_a_row_not_a_crash(
    net: Network, tmp_path: Path
) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(f'hash,note\n{HASH},"{"x" * 200_000}"\n{HASH},ok\n')
    run = txdoctor(net, "batch", str(source), "-q", "--timeout", "2")
    assert run.code in (1, 2, 3) and '"row": 2' in run.out
