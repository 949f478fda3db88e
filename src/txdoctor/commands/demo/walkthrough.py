"""``txdoctor demo``: start throwaway nodes, make the classic cases, diagnose each one.

The nodes are stopped on every way out (normal end, error, Ctrl-C, SIGTERM) unless ``keep``
is asked for, in which case the chains file and the commands to diagnose by hand are printed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from rich.text import Text

from txdoctor.advise.i18n import translator
from txdoctor.advise.numbers import format_decimal
from txdoctor.commands.demo import cases as demo_cases
from txdoctor.commands.demo.cases import DemoCase, Nodes
from txdoctor.commands.demo.node import (
    ANVIL_PACKAGE,
    LocalNode,
    cache_dir,
    find_anvil,
    install_anvil,
)
from txdoctor.render.console import Terminal

CHAINS_FILE = "chains.yaml"
_CHAIN_TEMPLATE = """\
  {name}:
    display_name: {title}
    family: evm
    chain_id: {chain_id}
    rpc: [{url}]
    confirmations: {confirmations}
    block_time: 1
    native: ETH
    explorer: https://demo.invalid/tx/{{hash}}
{tokens}"""
_TOKENS_TEMPLATE = """\
    tokens:
      {symbol}: {{contract: "{contract}", decimals: {decimals}, name: {name}}}
"""
TITLES = {demo_cases.MAIN_CHAIN: "Demo network", demo_cases.OTHER_CHAIN: "Demo second network"}


def run_demo(lang: str, terminal: Terminal, *, keep: bool = False) -> bool:
    """Run the whole demo; True when every case got the verdict it was made for."""
    _ = translator(lang).gettext
    anvil = find_anvil()
    if anvil is None:
        terminal.err.print(
            _("Installing anvil ({package}) from npm into {path}; this happens only once.").format(
                package=ANVIL_PACKAGE, path=cache_dir()
            )
        )
        anvil = install_anvil()
    terminal.err.print(_("Starting two local test networks (anvil)…"))
    started: list[LocalNode] = []
    try:
        with _sigterm_as_interrupt():
            started.append(LocalNode.start(anvil, demo_cases.MAIN_CHAIN_ID))
            started.append(LocalNode.start(anvil, demo_cases.OTHER_CHAIN_ID))
            return _walk(started[0], started[1], lang, terminal, keep)
    finally:
        if not keep or len(started) < 2:
            for node in started:
                node.stop()
            if started:
                terminal.err.print(_("The local test networks have been stopped."))


def _walk(main: LocalNode, other: LocalNode, lang: str, terminal: Terminal, keep: bool) -> bool:
    _ = translator(lang).gettext
    out = terminal.out
    out.print(
        Text(
            _(
                "Local test networks: {main} at {main_url} (chain id {main_id}) and "
                "{other} at {other_url} (chain id {other_id})."
            ).format(
                main=demo_cases.MAIN_CHAIN,
                main_url=main.url,
                main_id=main.chain_id,
                other=demo_cases.OTHER_CHAIN,
                other_url=other.url,
                other_id=other.chain_id,
            )
        )
    )
    terminal.err.print(_("Making the cases with real transactions…"))
    nodes = Nodes(main, other)
    made = [make(nodes) for make in demo_cases.CASES]
    folder = Path(tempfile.mkdtemp(prefix="txdoctor-demo-")) if keep else None
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="txdoctor-demo-")))
        chains_file = _write_chains_file(folder, nodes)
        results = [
            _diagnose(case, i, len(made), chains_file, lang, terminal)
            for i, case in enumerate(made, 1)
        ]
    failed = results.count(False)
    if failed:
        out.print(
            Text(
                _("{failed} of {count} cases did not get the expected verdict.").format(
                    failed=failed, count=len(made)
                ),
                style="bold red",
            )
        )
    else:
        out.print(
            Text(
                _("All {count} cases got the verdict they were made for.").format(count=len(made)),
                style="bold green",
            )
        )
    if keep:
        _print_keep(made, chains_file, [main, other], lang, terminal)
    return not failed


def _diagnose(
    case: DemoCase, number: int, total: int, chains_file: Path, lang: str, terminal: Terminal
) -> bool:
    from txdoctor.config import load_chains
    from txdoctor.fetch.transport import Transport
    from txdoctor.pipeline.doctor import Doctor
    from txdoctor.render.human import report_view

    _ = translator(lang).gettext
    out = terminal.out
    out.rule(_("Case {n} of {total}: {title}").format(n=number, total=total, title=_(case.title)))
    out.print(Text(_(case.story).format_map(_facts(case, lang))))
    out.print(Text("$ " + _command(case), style="dim"))
    transport = Transport(timeout=10.0, connect_timeout=2.0, retries=0)
    try:
        report = Doctor(load_chains(chains_file), transport, lang).diagnose(
            case.tx_hash, case.expect_chain
        )
    finally:
        transport.close()
    out.print(report_view(dataclasses.replace(report, explorer_url=None)))
    if report.verdict is case.expected:
        out.print(
            Text(
                _("txdoctor's verdict: {code}, as expected.").format(code=report.verdict.value),
                style="green",
            )
        )
        return True
    out.print(
        Text(
            _("txdoctor's verdict: {code}; the demo expected {expected}.").format(
                code=report.verdict.value, expected=case.expected.value
            ),
            style="bold red",
        )
    )
    return False


def _print_keep(
    made: list[DemoCase], chains_file: Path, nodes: list[LocalNode], lang: str, terminal: Terminal
) -> None:
    _ = translator(lang).gettext
    out = terminal.out
    out.rule(_("The test networks keep running"))
    out.print(
        Text(
            _(
                "Diagnose the cases by hand (mining is paused on {main}, so the "
                "waiting transactions stay waiting):"
            ).format(main=demo_cases.MAIN_CHAIN)
        )
    )
    for case in made:
        out.print(Text(f"  {_(case.title)}:", style="bold"))
        out.print(Text("    " + _command(case, chains_file)))
    out.print(Text(_("Stop the networks when you are done:")))
    out.print(Text("    kill " + " ".join(str(node.pid) for node in nodes)))


def _command(case: DemoCase, chains_file: Path | None = None) -> str:
    parts = ["txdoctor", "diagnose"]
    if chains_file is not None:
        parts += ["--chains-file", str(chains_file)]
    if case.expect_chain:
        parts += ["--expect-chain", case.expect_chain]
    return " ".join([*parts, case.tx_hash])


def _facts(case: DemoCase, lang: str) -> dict[str, str]:
    return {
        key: value
        if isinstance(value, str)
        else str(value)
        if isinstance(value, int)
        else format_decimal(value, lang)
        for key, value in case.facts.items()
    }


def _write_chains_file(folder: Path, nodes: Nodes) -> Path:
    tokens = (
        ""
        if nodes.official_token is None
        else _TOKENS_TEMPLATE.format(
            symbol=demo_cases.TOKEN_SYMBOL,
            contract=nodes.official_token,
            decimals=demo_cases.TOKEN_DECIMALS,
            name=demo_cases.TOKEN_NAME,
        )
    )
    body = "chains:\n" + "".join(
        _CHAIN_TEMPLATE.format(
            name=name,
            title=TITLES[name],
            chain_id=node.chain_id,
            url=node.url,
            confirmations=demo_cases.CONFIRMATIONS,
            tokens=tokens if node is nodes.main else "",
        )
        for name, node in (
            (demo_cases.MAIN_CHAIN, nodes.main),
            (demo_cases.OTHER_CHAIN, nodes.other),
        )
    )
    path = folder / CHAINS_FILE
    path.write_text(body, "utf-8")
    return path


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the demo like Ctrl-C does, so the nodes are stopped either way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
