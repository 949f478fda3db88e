"""``txdoctor serve`` under a support team's load, on a real node behind a slow link.

Starts anvil, makes real transactions of mixed kinds (``bench.make_transactions``: confirmed
transfers, reverted and out-of-gas calls, transfers left pending, unknown hashes), puts the
latency-injecting proxy (127.0.0.1 only) in front of the node, starts ``txdoctor serve
--port 0`` as a user would, warms it up, then measures and prints a table:

1. one hash at a time on the warm server (keep-alive connection, every hash looked up for the
   first time, so no cache hit): p50 end to end, against the measured network lower bound (the
   two JSON-RPC round trips that answering needs, sent by hand through the same proxy);
   the same hash again (a cache hit);
2. 50 agents at once, 20 lookups each (one hash per request, every hash a different one):
   every verdict checked against what the transaction is, errors, p50/p95, the server's memory;
   then the same 1,000 lookups again (the team re-checking: cache hits, pending ones asked
   again), to see memory stay flat.

Run it with ``bash bench/serve.sh`` (installs what it needs); options: ``--help``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import urllib3

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from bench import CHAIN_ID, Row, chains_yaml, make_transactions, ms, say, yes  # noqa: E402

from support.anvil import AnvilNode  # noqa: E402
from support.proxy import RpcProxy  # noqa: E402
from support.serve_process import ServeProcess  # noqa: E402

EXPECTED = {
    "confirmed": {"CONFIRMED"},
    "failed": {"FAILED_REVERTED", "FAILED_OUT_OF_GAS"},
    "pending": {"PENDING", "PENDING_NONCE_GAP"},
    "unknown": {"NOT_FOUND"},
}
TIMEOUT = 30.0


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the workers), in MB."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by ``pid`` and its children (the workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total = 0
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def post_json(http: urllib3.PoolManager, url: str, payload: Any) -> Any:
    """POST ``payload`` as JSON; the decoded answer, or ``OSError`` for a non-200 status."""
    answer = http.request("POST", url, json=payload, timeout=TIMEOUT, retries=False)
    if answer.status != 200:
        raise OSError(f"HTTP {answer.status} from {url}")
    return answer.json()


def lookup(session: urllib3.PoolManager, url: str, value: str) -> tuple[float, str]:
    """One lookup as the page's script makes it: seconds and the verdict."""
    started = time.perf_counter()
    verdict = post_json(session, url + "api/diagnose", {"inputs": [value]})["verdict"]
    return time.perf_counter() - started, verdict


def rpc_lower_bound(session: urllib3.PoolManager, proxy: str, value: str) -> float:
    """The network part of one answer: the transaction, then its receipt and the recipient's
    code, as two round trips (what txdoctor asks, in the fewest trips)."""
    started = time.perf_counter()
    post_json(
        session,
        proxy,
        [
            {"jsonrpc": "2.0", "id": 1, "method": "eth_getTransactionByHash", "params": [value]},
            {"jsonrpc": "2.0", "id": 2, "method": "eth_getTransactionReceipt", "params": [value]},
        ],
    )
    post_json(
        session, proxy, {"jsonrpc": "2.0", "id": 3, "method": "eth_blockNumber", "params": []}
    )
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def team_round(url: str, work: list[tuple[str, str]], agents: int) -> tuple[list[float], int, int]:
    """Every agent does its share of ``work`` one lookup after another, all agents at once:
    latencies, wrong verdicts, errors."""
    shares = [work[i::agents] for i in range(agents)]

    def agent(share: list[tuple[str, str]]) -> tuple[list[float], int, int]:
        times, wrong, errors = [], 0, 0
        with urllib3.PoolManager() as session:
            for kind, value in share:
                try:
                    seconds, verdict = lookup(session, url, value)
                except (urllib3.exceptions.HTTPError, OSError, ValueError, KeyError):
                    errors += 1
                    continue
                times.append(seconds)
                wrong += verdict not in EXPECTED[kind]
        return times, wrong, errors

    with ThreadPoolExecutor(max_workers=agents) as pool:
        results = list(pool.map(agent, shares))
    return (
        [t for r in results for t in r[0]],
        sum(r[1] for r in results),
        sum(r[2] for r in results),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=50, help="agents at once (50)")
    parser.add_argument("--lookups", type=int, default=20, help="lookups per agent (20)")
    parser.add_argument("--single", type=int, default=30, help="one-hash timings (30)")
    parser.add_argument("--workers", type=int, default=1, help="txdoctor serve --workers (1)")
    parser.add_argument(
        "--latency-ms", type=float, default=50.0, help="added to every HTTP round trip (50)"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rng = random.Random(16)
    team = args.agents * args.lookups
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work_dir = Path(tmp)
        node = AnvilNode.start(CHAIN_ID)
        proxy: RpcProxy | None = None
        try:
            say(f"making {team + args.single + 10} transactions …")
            made = make_transactions(node, team + args.single + 10, rng)
            proxy = RpcProxy(node.url, latency=args.latency_ms / 1000).start()
            chains = chains_yaml(work_dir / "chains.yaml", {"ethereum": (CHAIN_ID, proxy.url)})
            pool = [(kind, value) for kind, values in made.items() for value in values]
            rng.shuffle(pool)
            confirmed = [v for k, v in pool if k == "confirmed"]
            singles, warmup = confirmed[: args.single], confirmed[args.single : args.single + 5]
            used = set(singles) | set(warmup)
            team_work = [(k, v) for k, v in pool if v not in used][:team]
            os.environ["TXDOCTOR_DATA_DIR"] = str(work_dir / "data")
            with (
                ServeProcess(
                    "--chains-file",
                    str(chains),
                    "--workers",
                    str(args.workers),
                    "--rate-limit",
                    "1000000",
                ) as server,
                urllib3.PoolManager() as s,
            ):
                pid = server.pid
                for value in warmup:  # imports, thread pools, connections: warm
                    lookup(s, server.url, value)
                say("1. one hash at a time …")
                single = [lookup(s, server.url, value)[0] for value in singles]
                cached = [lookup(s, server.url, singles[0])[0] for _ in range(args.single)]
                bound = [rpc_lower_bound(s, proxy.url, value) for value in singles]
                p50, floor = statistics.median(single), statistics.median(bound)
                rows += [
                    Row(
                        "one hash, warm server, first lookup of each hash (p50)",
                        ms(p50),
                        f"{ms(floor)} (network lower bound, measured)",
                        "≤ 150 ms, ≤ 1.2× the bound",
                        yes(p50 <= 0.150 and p50 <= 1.2 * floor) + f" ({p50 / floor:.2f}×)",
                    ),
                    Row("one hash again (cache hit, p50)", ms(statistics.median(cached)), "", ""),
                ]
                say(f"2. {args.agents} agents × {args.lookups} lookups …")
                before = rss_mb(pid)
                started, server_cpu, own_cpu = (
                    time.perf_counter(),
                    cpu_seconds(pid),
                    time.process_time(),
                )
                times, wrong, errors = team_round(server.url, team_work, args.agents)
                wall = time.perf_counter() - started
                server_cpu = cpu_seconds(pid) - server_cpu
                own_cpu = time.process_time() - own_cpu
                after_first = rss_mb(pid)
                times2, wrong2, errors2 = team_round(server.url, team_work, args.agents)
                after_second = rss_mb(pid)
                p95 = percentile(times, 0.95)
                rows += [
                    Row(
                        f"{args.agents} agents × {args.lookups} lookups, new hashes: p50 / p95",
                        f"{ms(statistics.median(times))} / {ms(p95)} ({ms(wall)} in all)",
                        "",
                        "p95 ≤ 1 s",
                        yes(p95 <= 1.0),
                    ),
                    Row(
                        "… CPU used: the server; this benchmark (its 50 clients and the proxy)",
                        f"{server_cpu:.1f} s",
                        f"{own_cpu:.1f} s",
                        "",
                    ),
                    Row(
                        "… wrong verdicts, errors",
                        f"{wrong}, {errors} of {team}",
                        "",
                        "0, 0",
                        yes(wrong == 0 and errors == 0),
                    ),
                    Row(
                        "the same again (cache hits, pending ones asked again): p50 / p95",
                        f"{ms(statistics.median(times2))} / {ms(percentile(times2, 0.95))}; "
                        f"{wrong2} wrong, {errors2} errors",
                        "",
                        "",
                    ),
                    Row(
                        "server memory (RSS): warm, after round 1, after round 2",
                        f"{before:.0f} / {after_first:.0f} / {after_second:.0f} MB",
                        "",
                        "stable",
                        yes(after_second <= after_first * 1.1 + 5),
                    ),
                ]
        finally:
            if proxy is not None:
                proxy.stop()
            node.stop()
    print(
        f"\ntxdoctor serve benchmark: {args.agents} agents × {args.lookups} lookups, "
        f"{args.latency_ms:g} ms per round trip, --workers {args.workers}"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}, load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| measurement | txdoctor serve | baseline | target | met |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.what} | {row.txdoctor} | {row.baseline} | {row.target} | {row.met} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
