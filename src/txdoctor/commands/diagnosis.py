"""The body of ``txdoctor diagnose``, without typer: options in, reports out, exit status back.

Called by the typer command (``commands/cli.py``) and by the console entry point's fast path
(``commands/entry.py``) with the same values, so both behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from txdoctor.commands import running

if TYPE_CHECKING:
    from concurrent.futures import Future

    from txdoctor.advise.report import Report
    from txdoctor.fetch.transport import Transport

INPUT_CONCURRENCY = 8


@dataclass(frozen=True, kw_only=True)
class DiagnoseOptions(running.NetworkOptions):
    """The options of ``txdoctor diagnose``, as parsed (defaults as documented in its help)."""

    inputs: list[str]
    json_out: bool = False
    fmt: str | None = None
    expect_chain: str | None = None


def run_diagnose(options: DiagnoseOptions) -> int:
    """Diagnose every input, writing each report as it comes; the combined exit status."""
    from concurrent.futures import ThreadPoolExecutor

    from txdoctor.advise.i18n import N_
    from txdoctor.commands.exit_status import combined_status
    from txdoctor.pipeline.doctor import Doctor
    from txdoctor.render.formats import ReportWriter

    language = running.language(options.lang)
    output = running.output_format(options.fmt, options.json_out)
    chain, expect_chain = options.chain, options.expect_chain
    # The expected chain is always looked at too: --chain narrows the search, not the question.
    searched = [*chain, expect_chain] if chain and expect_chain else chain
    config = running.chains_config(options.chains_file, options.rpc, options.chain_id, searched)
    if expect_chain and config.get(expect_chain) is None:
        running.fail(
            N_("--expect-chain: unknown chain '{name}' (configured: {names})"),
            name=expect_chain,
            names=", ".join(config.names()),
        )
    terminal = running.terminal(options.color)
    transport = running.transport(
        options.timeout,
        rate_limits=config.rate_limits(),
        deadline=options.deadline,
        stall=options.stall,
    )
    history = running.history()
    doctor = Doctor(config, transport, language, history=history)
    expected = expect_chain.lower() if expect_chain else None
    reports = []
    write = ReportWriter(output, terminal)
    try:
        with transport, ThreadPoolExecutor(max_workers=INPUT_CONCURRENCY) as pool:
            inputs = list(running.read_inputs(options.inputs))
            diagnosed = [pool.submit(doctor.diagnose, raw, expected) for raw in inputs]
            if diagnosed:
                _until_sending_or_done(transport, diagnosed[0])
                write.prepare()  # while the network answers, not after
                doctor.prepare(inputs[0])
            for future in diagnosed:
                report = future.result()
                write(report)
                reports.append(report)
    finally:
        if history is not None:  # closed here, not left to the interpreter's teardown
            history.close()
    if not reports:
        running.fail(N_("no input given (an empty stdin?)"))
    return combined_status(reports)


def _until_sending_or_done(transport: Transport, first: Future[Report]) -> None:
    """Wait until the first request is on its way, or the first report is ready (an input
    that needs no network): loading the output's modules earlier would only delay the
    lookups, which load their own modules first."""
    while not first.done() and not transport.sending.wait(0.01):
        pass
