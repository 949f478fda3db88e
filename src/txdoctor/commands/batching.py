"""The body of ``txdoctor batch``, without typer: options in, exit status back.

Called by the typer command (``commands/cli.py``) and by the console entry point's fast path
(``commands/entry.py``) with the same values, so both behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from txdoctor.commands import running


@dataclass(frozen=True, kw_only=True)
class BatchCommand(running.NetworkOptions):
    """The options of ``txdoctor batch``, as parsed (defaults as documented in its help):
    the fields of ``BatchOptions`` (what to read and write) and the network's."""

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


def run_batch_command(command: BatchCommand) -> int:
    """Check every row of ``command.source``; the exit status that sums them up."""
    from txdoctor.commands.batch.command import BatchOptions, run_batch

    language = running.language(command.lang)
    config = running.chains_config(
        command.chains_file, command.rpc, command.chain_id, command.chain
    )
    terminal = running.terminal(command.color)
    options = BatchOptions(**{f.name: getattr(command, f.name) for f in fields(BatchOptions)})
    with running.transport(
        command.timeout,
        rate_limits=config.rate_limits(),
        deadline=command.deadline,
        stall=command.stall,
    ) as transport:
        return run_batch(options, config, transport, language, terminal)
