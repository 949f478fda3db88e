"""Fast under failure: txdoctor against its own earlier version, with endpoints that hang,
dribble, do not resolve or fail at random, behind loopback proxies that add a round trip.

Starts two anvil nodes, makes real transactions on them, puts ``FaultProxy`` (127.0.0.1
only, bounded waits) in front of them with ``--latency-ms`` (50) added to every request, and
times whole ``txdoctor`` processes for the five targets of the "fast under failure" issue.
Each figure is printed beside the same command run by the baseline: the txdoctor source of
``--baseline-ref`` (default: the last commit before hedging) taken from git and run with the
same interpreter and dependencies. Every txdoctor run starts with its own copy of a data
directory that txdoctor has been used in before, listing its chains, as a help desk's has:
nothing is known there of the endpoints under test (no endpoint health remembered) unless the
row says "remembered"; the row "first run ever" starts from an empty one.

Run it with ``bash bench/run.sh faults`` (installs what it needs); options: ``--help``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from bench import deploy, make_transactions, send_all  # noqa: E402

from support import scenarios as sc  # noqa: E402
from support.anvil import AnvilNode  # noqa: E402
from support.fault_proxy import ALL_FAULTS, Fault, FaultProxy  # noqa: E402

BASELINE_REF = "4877449"
"""main just before hedged requests and deadlines (its figures are the issue's "today")."""
CHAIN_A, CHAIN_B = 31337, 31338
UNRESOLVABLE = ["http://rpc-a.nonexistent.invalid/", "http://rpc-b.nonexistent.invalid/"]
HOLD = 10.0  # how long a hung or dribbling proxy keeps the connection (its maximum)
BATCH_REPEAT = 3  # txdoctor batches timed per case (median); the baseline's once
BASELINE_CAP = 120.0  # seconds after which a baseline run is stopped and reported as such
IN_PROCESS = """
import sys, time
from txdoctor.config import load_chains
try:
    from txdoctor.pipeline.doctor import Doctor
except ModuleNotFoundError:  # the baseline, from before the layers had folders
    from txdoctor.doctor import Doctor
from txdoctor.fetch.transport import Transport
config = load_chains(sys.argv[1])
transport = Transport(timeout=8.0, connect_timeout=3.0)
doctor = Doctor(config, transport, "en")
started = time.perf_counter()
report = doctor.diagnose(sys.argv[2])
print(time.perf_counter() - started, report.findings[0].code.value)
"""
"""One diagnosis timed inside the process: the time the network part takes."""
REVERTER = bytes.fromhex("60006000fd")  # REVERT(0, 0)
LOOPER = bytes.fromhex("5b600056")  # loops until out of gas


@dataclass
class Row:
    """One line of the table: a target, txdoctor's figure, the baseline's."""

    what: str
    txdoctor: str
    baseline: str
    target: str
    met: str = ""


@dataclass
class Timed:
    """One process: wall time, exit status, JSON Lines output."""

    seconds: float
    code: int
    lines: list[dict[str, Any]] = field(default_factory=list)
    killed: bool = False


class Tool:
    """A txdoctor to run: this tree, or the baseline's source on PYTHONPATH (with the Python
    of the baseline's own locked environment)."""

    def __init__(
        self, name: str, env: dict[str, str], source: Path | None, python: str = sys.executable
    ) -> None:
        self.name = name
        self._python = python
        self._env = dict(env)
        if source is not None:
            self._env["PYTHONPATH"] = str(source)
        self._work = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self._runs = 0
        self._used: Path | None = None
        # What the ``txdoctor`` console script runs: this tree's entry point (a plain
        # diagnose without typer); the baseline had only the typer app.
        module = "txdoctor.commands.entry"
        if source is not None:  # the baseline's typer app, where its tree kept it
            old_layout = not (source / "txdoctor" / "commands" / "cli.py").exists()
            module = "txdoctor.cli" if old_layout else "txdoctor.commands.cli"
        self._main = f"from {module} import main; main()"

    def run(
        self,
        args: Sequence[str],
        *,
        stdin: str | None = None,
        data_dir: Path | None = None,
        empty: bool = False,
        cap: float = BASELINE_CAP,
    ) -> Timed:
        """Run once; a fresh copy of the used data directory unless ``data_dir`` is given,
        or a new empty one with ``empty``."""
        data = data_dir or self.used_data_dir(empty=empty)
        command = [self._python, "-c", self._main, *args]
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                input=stdin,
                capture_output=True,
                text=True,
                timeout=cap,
                env={**self._env, "TXDOCTOR_DATA_DIR": str(data)},
            )
        except subprocess.TimeoutExpired:
            return Timed(time.perf_counter() - started, -1, killed=True)
        elapsed = time.perf_counter() - started
        if done.returncode not in (0, 1, 3):
            raise RuntimeError(
                f"{self.name} {args!r} exited {done.returncode}: {done.stderr[-2000:]}"
            )
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        return Timed(elapsed, done.returncode, lines)

    def used_data_dir(self, empty: bool = False) -> Path:
        """A new data directory as txdoctor leaves it after ``txdoctor chains``: what it keeps
        of its own files, and nothing about any endpoint (or nothing at all, with ``empty``)."""
        self._runs += 1
        data = self._work / f"data-{self._runs}"
        if empty:
            return data
        if self._used is None:
            self._used = self._work / "used"
            subprocess.run(
                [self._python, "-c", self._main, "chains"],
                capture_output=True,
                check=True,
                timeout=BASELINE_CAP,
                env={**self._env, "TXDOCTOR_DATA_DIR": str(self._used)},
            )
        if self._used.exists():
            shutil.copytree(self._used, data)
        return data

    def in_process(self, chains: Path, value: str, repeat: int) -> tuple[float, str]:
        """Median seconds of ``Doctor.diagnose`` alone (start-up and imports left out)."""
        times, verdict = [], ""
        for _ in range(repeat):
            self._runs += 1
            done = subprocess.run(
                [self._python, "-c", IN_PROCESS, str(chains), value],
                capture_output=True,
                text=True,
                check=True,
                timeout=BASELINE_CAP,
                env={**self._env, "TXDOCTOR_DATA_DIR": str(self._work / f"data-{self._runs}")},
            )
            seconds, verdict = done.stdout.split()
            times.append(float(seconds))
        return statistics.median(times), verdict

    def median(self, args: Sequence[str], repeat: int, **kwargs: Any) -> Timed:
        runs = [self.run(args, **kwargs) for _ in range(repeat)]
        runs.sort(key=lambda r: r.seconds)
        return runs[len(runs) // 2]


def baseline_source(ref: str, into: Path) -> tuple[Path, str]:
    """The ``src`` tree of ``ref``, extracted from git, and the Python of an environment
    holding the exact dependencies ``ref`` locked (its ``uv.lock``, installed by uv as
    tests/setup-env.sh does): the baseline runs on what it was written for (``requests``,
    since dropped), not on this tree's lock."""
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(REPO),
            "archive",
            "--format=tar",
            ref,
            "src",
            "pyproject.toml",
            "uv.lock",
        ],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    uv = REPO / ".tools" / "uv" / "bin" / "uv"
    subprocess.run(
        [
            str(uv),
            "sync",
            "--quiet",
            "--locked",
            "--no-dev",
            "--no-install-project",
            "--python",
            sys.executable,
        ],
        cwd=into,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(into / ".venv"), "UV_NO_PROGRESS": "1"},
        check=True,
    )
    return into / "src", str(into / ".venv" / "bin" / "python")


def chains_file(path: Path, chains: dict[str, tuple[int, list[str]]]) -> Path:
    body = {
        name: {
            "family": "evm",
            "chain_id": cid,
            "rpc": urls,
            "confirmations": 5,
            "block_time": 12,
            "native": "ETH",
            "explorer": "https://etherscan.io/tx/{hash}",
        }
        for name, (cid, urls) in chains.items()
    }
    path.write_text(json.dumps({"chains": body}))  # JSON is YAML
    return path


def every_family_unresolvable(path: Path) -> Path:
    """Two EVM chains, Bitcoin, Tron and Solana, every endpoint a name that never resolves."""

    def entry(family: str, **extra: Any) -> dict[str, Any]:
        return {
            "family": family,
            "rpc": UNRESOLVABLE,
            "confirmations": 5,
            "block_time": 12,
            "native": "X",
            "explorer": "https://example.org/tx/{hash}",
            **extra,
        }

    body = {
        "ethereum": entry("evm", chain_id=1),
        "bsc": entry("evm", chain_id=56),
        "bitcoin": entry("bitcoin", native_decimals=8),
        "tron": entry("tron"),
        "solana": entry("solana", native_decimals=9),
    }
    path.write_text(json.dumps({"chains": body}))
    return path


def secs(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def describe(run: Timed) -> str:
    if run.killed:
        return f"still running at {secs(run.seconds)} (stopped)"
    verdicts = Counter(line["verdict"] for line in run.lines)
    return f"{secs(run.seconds)} ({', '.join(f'{v} {n}' for v, n in verdicts.items())})"


def mixed_cases(a: AnvilNode, b: AnvilNode, rng: random.Random) -> list[tuple[str, str, Any]]:
    """17 real cases on two chains: (hash, verdict, chain)."""
    accounts = a.accounts()
    reverter, looper = deploy(a, REVERTER, accounts[0]), deploy(a, LOOPER, accounts[0])
    cases: list[tuple[str, str, Any]] = []
    sent = send_all(
        a, [{"from": accounts[1], "to": accounts[9], "value": hex(10**15 + i)} for i in range(4)]
    )
    cases += [(h, "CONFIRMED", "ethereum") for h in sent]
    sent = send_all(
        a, [{"from": accounts[2], "to": reverter, "gas": hex(50_000)} for _ in range(3)]
    )
    cases += [(h, "FAILED_REVERTED", "ethereum") for h in sent]
    sent = send_all(a, [{"from": accounts[3], "to": looper, "gas": hex(30_000)} for _ in range(2)])
    cases += [(h, "FAILED_OUT_OF_GAS", "ethereum") for h in sent]
    other = b.accounts()
    cases += [
        (
            sc.eth_transfer(b, sender=other[1 + i], to=other[9], value=10**15 + i).hash,
            "CONFIRMED",
            "bsc",
        )
        for i in range(5)
    ]
    cases += [("0x" + rng.randbytes(32).hex(), "NOT_FOUND", None) for _ in range(3)]
    a.mine(10)
    b.mine(10)
    rng.shuffle(cases)
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="hashes in the batch (1000)")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=50.0,
        help="added to every HTTP request by the proxies (50)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs per txdoctor timing, median (5); the baseline runs once",
    )
    parser.add_argument(
        "--baseline-ref", default=BASELINE_REF, help=f"git commit of the baseline ({BASELINE_REF})"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    latency = args.latency_ms / 1000
    rng = random.Random(13)
    rows: list[Row] = []
    nodes: list[AnvilNode] = []
    proxies: list[FaultProxy] = []

    def proxy(node: AnvilNode, **faults: Any) -> str:
        started = FaultProxy(node.url, latency=latency, **faults).start()
        proxies.append(started)
        return started.url

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environ |= {"NO_COLOR": "1", "TXDOCTOR_LANG": "en"}
        new = Tool("txdoctor", environ, None)
        old = Tool("baseline", environ, *baseline_source(args.baseline_ref, work / "baseline"))
        try:
            say(f"starting anvil and making {args.n} + 17 transactions …")
            a, b = AnvilNode.start(CHAIN_A), AnvilNode.start(CHAIN_B)
            nodes += [a, b]
            made = make_transactions(a, args.n, rng)
            one = made["confirmed"][0]
            rows += target_one(new, old, work, a, one, proxy, args.repeat)
            rows += target_batch(new, old, work, a, made, proxy, rng)
            rows += target_slow_headers(new, old, work, a, one, proxy)
            rows += target_offline(new, old, work, one, args.repeat)
            rows += target_mixed(new, old, work, a, b, proxy, rng)
        finally:
            for started in proxies:
                started.stop()
            for node in nodes:
                node.stop()
    print_table(rows, args)
    return 0


def target_one(
    new: Tool, old: Tool, work: Path, a: AnvilNode, one: str, proxy: Any, repeat: int
) -> list[Row]:
    say("1. first endpoint hangs, second healthy …")
    chains = chains_file(
        work / "hang.json",
        {"ethereum": (CHAIN_A, [proxy(a, rate=1.0, faults=[Fault.HANG], hold=HOLD), proxy(a)])},
    )
    args = ["diagnose", one, "--json", "--chains-file", str(chains)]
    cold = new.median(args, repeat)
    first_ever = new.median(args, repeat, empty=True)
    remembered_dir = work / "remembered"
    new.run(args, data_dir=remembered_dir)
    warm = new.median(args, repeat, data_dir=remembered_dir)
    base = old.run(args)
    inside, verdict = new.in_process(chains, one, repeat)
    base_inside, base_verdict = old.in_process(chains, one, 1)
    healthy = chains_file(work / "healthy.json", {"ethereum": (CHAIN_A, [proxy(a), proxy(a)])})
    healthy_run = new.median(["diagnose", one, "--json", "--chains-file", str(healthy)], repeat)
    return [
        Row(
            "first endpoint hangs, second healthy: one diagnosis, whole process",
            describe(cold),
            describe(base),
            "≤ 1.0 s",
            yes(cold.seconds <= 1.0 and not cold.killed),
        ),
        Row(
            "the same, `Doctor.diagnose` alone (no start-up)",
            f"{secs(inside)} ({verdict})",
            f"{secs(base_inside)} ({base_verdict})",
            "",
            "",
        ),
        Row("the same, endpoint health remembered from the run before", describe(warm), "", "", ""),
        Row(
            "the same, first run ever (an empty data directory)",
            describe(first_ever),
            "",
            "",
            "",
        ),
        Row("for scale: both endpoints healthy, whole process", describe(healthy_run), "", "", ""),
    ]


def target_batch(
    new: Tool,
    old: Tool,
    work: Path,
    a: AnvilNode,
    made: dict[str, list[str]],
    proxy: Any,
    rng: random.Random,
) -> list[Row]:
    say("2. batch with a hung first endpoint …")
    hashes = [h for kind in made.values() for h in kind]
    rng.shuffle(hashes)
    source = work / "hashes.txt"
    source.write_text("\n".join(hashes) + "\n")
    healthy = chains_file(work / "batch-ok.json", {"ethereum": (CHAIN_A, [proxy(a), proxy(a)])})
    hung = chains_file(
        work / "batch-hung.json",
        {"ethereum": (CHAIN_A, [proxy(a, rate=1.0, faults=[Fault.HANG], hold=HOLD), proxy(a)])},
    )

    def batch(tool: Tool, chains: Path, name: str, times: int) -> Timed:
        runs = []
        for attempt in range(times):
            out = work / f"{tool.name}-{name}-{attempt}.jsonl"
            run = tool.run(
                ["batch", str(source), "--out", str(out), "--quiet", "--chains-file", str(chains)],
                cap=300,
            )
            if out.exists():
                run.lines = [json.loads(line) for line in out.read_text().splitlines()]
            runs.append(run)
        return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]

    runs = {
        (t.name, c): batch(t, chains, c, BATCH_REPEAT if t is new else 1)
        for t in (new, old)
        for c, chains in (("healthy", healthy), ("hung", hung))
    }
    ratio = runs[("txdoctor", "hung")].seconds / runs[("txdoctor", "healthy")].seconds
    base_ratio = runs[("baseline", "hung")].seconds / runs[("baseline", "healthy")].seconds
    same = sorted((r["row"], r["verdict"]) for r in runs[("txdoctor", "hung")].lines) == sorted(
        (r["row"], r["verdict"]) for r in runs[("txdoctor", "healthy")].lines
    )
    return [
        Row(
            f"{len(hashes)}-hash batch, healthy endpoints",
            secs(runs[("txdoctor", "healthy")].seconds),
            secs(runs[("baseline", "healthy")].seconds),
            "",
            "",
        ),
        Row(
            f"{len(hashes)}-hash batch, first endpoint hung (verdicts as healthy: "
            f"{'yes' if same else 'no'})",
            f"{secs(runs[('txdoctor', 'hung')].seconds)} ({ratio:.2f}× healthy)",
            f"{describe(runs[('baseline', 'hung')])} ({base_ratio:.1f}× healthy)",
            "≤ 1.5× healthy",
            yes(ratio <= 1.5 and same),
        ),
    ]


def target_slow_headers(
    new: Tool, old: Tool, work: Path, a: AnvilNode, one: str, proxy: Any
) -> list[Row]:
    say("3. slow-header endpoint alone …")
    chains = chains_file(
        work / "slow.json",
        {
            "ethereum": (
                CHAIN_A,
                [proxy(a, rate=1.0, faults=[Fault.SLOW_HEADERS], hold=HOLD, drip=1.0)],
            )
        },
    )
    args = ["diagnose", one, "--json", "--chains-file", str(chains)]
    run = new.run(args)
    inside, verdict = new.in_process(chains, one, 1)
    base = old.run([*args, "--timeout", "2"], cap=60)
    line = run.lines[0] if run.lines else {}
    reasons = (line.get("findings") or [{}])[0].get("params", {}).get("reasons", "")
    # The deadline counts from the input's start; the process start-up comes before it.
    ok = line.get("verdict") == "UNREACHABLE" and bool(reasons) and inside <= 6.0 + 0.5
    return [
        Row(
            "slow-header endpoint alone (default --deadline 6): whole process; "
            "`Doctor.diagnose` alone",
            f"{describe(run)}; {secs(inside)} ({verdict}); reason: {reasons}",
            f"{describe(base)} (with --timeout 2)",
            "ends by its deadline, UNREACHABLE with its reason",
            yes(ok),
        )
    ]


def target_offline(new: Tool, old: Tool, work: Path, one: str, repeat: int) -> list[Row]:
    say("4. every endpoint unresolvable …")
    chains = every_family_unresolvable(work / "offline.json")
    args = ["diagnose", one[2:], "--json", "--chains-file", str(chains)]  # EVM, Bitcoin, Tron
    run = new.median(args, repeat)
    base = old.run([*args, "--timeout", "0.5"])
    # The customer's summary stays plain; the cause is in the notes for whoever runs it.
    told = [run.lines[0]["summary"], *run.lines[0].get("notes", ())] if run.lines else []
    said = any("network looks down" in text for text in told)
    return [
        Row(
            "every endpoint unresolvable (5 chains, 2 endpoints each)",
            f"{describe(run)}; says the network looks down: {'yes' if said else 'no'}",
            f"{describe(base)} (with --timeout 0.5)",
            "UNREACHABLE ≤ 1.5 s",
            yes(run.seconds <= 1.5 and said),
        )
    ]


def target_mixed(
    new: Tool, old: Tool, work: Path, a: AnvilNode, b: AnvilNode, proxy: Any, rng: random.Random
) -> list[Row]:
    say("5. 30 % faults, hangs included, 17 cases on two chains …")
    cases = mixed_cases(a, b, rng)
    faults = [*ALL_FAULTS, Fault.HANG]
    chains = chains_file(
        work / "mixed.json",
        {
            "ethereum": (
                CHAIN_A,
                [
                    proxy(a, rate=0.3, seed=1, faults=faults, hold=HOLD),
                    proxy(a, rate=0.3, seed=2, faults=faults, hold=HOLD),
                ],
            ),
            "bsc": (
                CHAIN_B,
                [
                    proxy(b, rate=0.3, seed=3, faults=faults, hold=HOLD),
                    proxy(b, rate=0.3, seed=4, faults=faults, hold=HOLD),
                ],
            ),
        },
    )
    results = {}
    for tool in (new, old):
        runs = [
            tool.run(["diagnose", h, "--json", "--chains-file", str(chains)], cap=60)
            for h, _, _ in cases
        ]
        right = 0
        for run, (tx_hash, verdict, chain) in zip(runs, cases, strict=True):
            got = (run.lines[0]["verdict"], run.lines[0]["chain"]) if run.lines else None
            if got == (verdict, chain):
                right += 1
            else:
                say(
                    f"   {tool.name}: {tx_hash[:12]}… expected {verdict} on {chain}, got {got}"
                    f"{' (stopped)' if run.killed else ''}; checked "
                    f"{run.lines[0]['checked'] if run.lines else '-'}"
                )
        results[tool.name] = (
            right,
            max(r.seconds for r in runs),
            statistics.median(r.seconds for r in runs),
        )
    right, slowest, median = results["txdoctor"]
    b_right, b_slowest, b_median = results["baseline"]
    return [
        Row(
            f"30 % faults incl. hangs, {len(cases)} cases on two chains: right verdicts; "
            "slowest (median) diagnosis",
            f"{right}/{len(cases)}; {secs(slowest)} ({secs(median)})",
            f"{b_right}/{len(cases)}; {secs(b_slowest)} ({secs(b_median)})",
            "all right, slowest ≤ 3 s",
            yes(right == len(cases) and slowest <= 3.0),
        )
    ]


def print_table(rows: Sequence[Row], args: argparse.Namespace) -> None:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    print(
        f"\ntxdoctor under failure: {args.latency_ms:g} ms per request through loopback "
        f"fault proxies; txdoctor median of {args.repeat}, baseline ({args.baseline_ref}) "
        "once"
    )
    print(
        f"machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, "
        f"load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| measurement | txdoctor | baseline | target | met |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.what} | {row.txdoctor} | {row.baseline} | {row.target} | {row.met} |")


if __name__ == "__main__":
    sys.exit(main())
