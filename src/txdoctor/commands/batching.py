"""The body of ``txdoctor batch``, without typer: options in, exit status back.

Called by the typer command (``commands/cli.py``) and by the console entry point's fast path
(``commands/entry.py``) with the same values, so both behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from txdoctor.commands import running


@dataclass(frozen=True)
class BatchCommand:
    """The options of ``txdoctor batch``, as parsed (defaults as documented in its help)."""

    source: str
    fmt: str = "jsonl"
    out: Path | None = None
    resume: bool = False
    batch_size: int = 200
    in_flight: int = 4
    quiet: bool = False
    order: str | None = None
    tickets: Path | None = None
    ticket_name: str | None = None
    ticket_format: str = "reply"
    chain: list[str] | None = None
    rpc: list[str] | None = None
    chain_id: int | None = None
    chains_file: str | None = None
    timeout: float = 8.0
    deadline: float = running.DEFAULT_DEADLINE
    stall: float | None = None
    lang: str | None = None
    color: str = "auto"


def run_batch_command(command: BatchCommand) -> int:
    """Check every row of ``command.source``; the exit status that sums them up."""
    from txdoctor.commands.batch.command import BatchOptions, run_batch

    language = running.language(command.lang)
    config = running.chains_config(
        command.chains_file, command.rpc, command.chain_id, command.chain
    )
    terminal = running.terminal(command.color)
    options = BatchOptions(
        source=command.source,
        fmt=command.fmt,
        out=command.out,
        resume=command.resume,
        batch_size=command.batch_size,
        in_flight=command.in_flight,
        quiet=command.quiet,
        tickets=command.tickets,
        ticket_format=command.ticket_format,
        ticket_name=command.ticket_name,
        order=command.order,
    )
    with running.transport(
        command.timeout,
        rate_limits=config.rate_limits(),
        deadline=command.deadline,
        stall=command.stall,
    ) as transport:
        return run_batch(options, config, transport, language, terminal)
