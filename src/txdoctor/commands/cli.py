"""Command line: parse → call → render. Errors become exit statuses here and only here."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from txdoctor.commands import running
from txdoctor.commands.argv_guard import refuse, secret_in
from txdoctor.commands.diagnosis import DiagnoseOptions, run_diagnose
from txdoctor.commands.entry import ROOT_HELP, ROOT_OPTION_HELP
from txdoctor.commands.running import DEFAULT_DEADLINE
from txdoctor.commands.running import chains_config as _config
from txdoctor.commands.running import fail as _fail
from txdoctor.commands.running import history as _history
from txdoctor.commands.running import language as _language
from txdoctor.commands.running import terminal as _terminal
from txdoctor.commands.running import transport as _transport
from txdoctor.core.errors import ExitStatus


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn every failure of a command into a clear message and an exit status."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        status = running.run_guarded(
            lambda: command(*args, **kwargs), passthrough=(typer.Exit, typer.Abort)
        )
        if status is not None:
            raise typer.Exit(status)

    return run


class SecretRefusingGroup(TyperGroup):
    """The command group, refusing a command line that holds a secret
    (``commands/argv_guard.py``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Refuse (exit 2, nothing echoed) before any command sees the arguments."""
        found = secret_in(args, self.value_options)
        if found is not None:
            raise typer.Exit(refuse(found))
        result: list[str] = super().parse_args(ctx, args)
        return result

    def value_options(self, name: str) -> frozenset[str]:
        """The options of command ``name`` that take a value (``--chain NAME`` …)."""
        command = self.commands.get(name)
        if command is None:
            return frozenset()
        return frozenset(
            opt
            for param in command.params
            if param.param_type_name == "option" and not getattr(param, "is_flag", False)
            for opt in (*param.opts, *param.secondary_opts)
        )


app = typer.Typer(
    name="txdoctor",
    help=ROOT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's formatter (and markdown-it) cost ~0.2 s to load
    cls=SecretRefusingGroup,  # a secret typed on the command line is refused, never echoed
)

ChainsFile = Annotated[
    str | None,
    typer.Option(
        "--chains-file", envvar="TXDOCTOR_CHAINS_FILE", help="Chains file replacing the default."
    ),
]
Rpc = Annotated[
    list[str] | None,
    typer.Option("--rpc", metavar="NAME=URL", help="Replace one chain's endpoints (repeatable)."),
]
ChainId = Annotated[
    int | None,
    typer.Option(
        "--chain-id",
        metavar="N",
        min=1,
        help="EVM chain id of a chain added with --rpc NAME=URL (NAME not configured).",
    ),
]
Only = Annotated[
    list[str] | None,
    typer.Option("--chain", metavar="NAME", help="Only look on this chain (repeatable)."),
]
Lang = Annotated[
    str | None,
    typer.Option("--lang", help="en, zh-CN or zh-TW (default: TXDOCTOR_LANG, then the locale)."),
]
Color = Annotated[str, typer.Option("--color", help="auto, always or never.")]
Timeout = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds one HTTP request may take, all included."),
]
Deadline = Annotated[
    float,
    typer.Option(
        "--deadline",
        min=0.1,
        envvar="TXDOCTOR_DEADLINE",
        help="Seconds one input may take; chains still silent then are reported unreachable.",
    ),
]
Stall = Annotated[
    float | None,
    typer.Option(
        "--stall",
        min=0.0,
        envvar="TXDOCTOR_STALL",
        show_default="0.4, or 3x the endpoint's usual answer time",
        help="Seconds to wait for an endpoint before asking the next one too (0: all at once).",
    ),
]


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help=ROOT_OPTION_HELP["--debug"])] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help=ROOT_OPTION_HELP["--verbose"])
    ] = False,
) -> None:
    running.debug = debug
    running.log_requests(verbose)


@app.command()
@_guarded
def diagnose(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Transaction hashes, addresses or explorer links; '-' reads lines from stdin."
        ),
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON object per line (same as --format json).")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="human (default), json, reply (a paste-ready ticket reply for the "
            "customer), markdown (the same in Markdown) or agent (the reply, then "
            "notes for the agent).",
        ),
    ] = None,
    expect_chain: Annotated[
        str | None,
        typer.Option("--expect-chain", metavar="NAME", help="The chain it should be on."),
    ] = None,
    chain: Only = None,
    rpc: Rpc = None,
    chain_id: ChainId = None,
    chains_file: ChainsFile = None,
    timeout: Timeout = DiagnoseOptions.timeout,  # the defaults of both entry points
    deadline: Deadline = DiagnoseOptions.deadline,
    stall: Stall = None,
    lang: Lang = None,
    color: Color = DiagnoseOptions.color,
) -> None:
    """Diagnose transactions: found where, what happened, what to do."""
    options = DiagnoseOptions(
        inputs=inputs,
        json_out=json_out,
        fmt=fmt,
        expect_chain=expect_chain,
        chain=chain,
        rpc=rpc,
        chain_id=chain_id,
        chains_file=chains_file,
        timeout=timeout,
        deadline=deadline,
        stall=stall,
        lang=lang,
        color=color,
    )
    raise typer.Exit(run_diagnose(options))


@app.command()
@_guarded
def chains(
    check: Annotated[bool, typer.Option("--check", help="Ask every endpoint now.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
    chain: Only = None,
    rpc: Rpc = None,
    chain_id: ChainId = None,
    chains_file: ChainsFile = None,
    timeout: Timeout = 5.0,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """List the configured chains; --check asks each endpoint who and where it is."""
    import dataclasses
    import json

    from txdoctor.core.redact import redact_url
    from txdoctor.fetch.health import check_all
    from txdoctor.render.chains import chains_table, health_table

    language = _language(lang)
    config = _config(chains_file, rpc, chain_id, chain)
    terminal = _terminal(color)
    if not check:
        if json_out:
            for c in config.chains:
                row = dataclasses.asdict(c) | {"rpc": [redact_url(u) for u in c.rpc]}
                if c.explorer_api:  # a Blockscout PRO URL may carry a key too
                    row["explorer_api"] = redact_url(c.explorer_api)
                terminal.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            terminal.out.print(chains_table(config, language))
        return
    with _transport(timeout, retries=0, stall=0) as transport:
        results = check_all(list(config.chains), transport)
    if json_out:
        for h in results:
            terminal.stdout.write(json.dumps(dataclasses.asdict(h), ensure_ascii=False) + "\n")
    else:
        terminal.out.print(health_table(results, language))
    healthy = any(h.reachable and h.chain_id_ok for h in results)
    raise typer.Exit(ExitStatus.OK if healthy else ExitStatus.UNCHECKED)


@app.command()
@_guarded
def codes(
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """List every verdict code with its one-line meaning (offline)."""
    import json

    from txdoctor.render.knowledge import codes_rows, codes_table

    language = _language(lang)
    terminal = _terminal(color)
    if json_out:
        for row in codes_rows(language):
            terminal.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        terminal.out.print(codes_table(language))


@app.command()
@_guarded
def explain(
    code: Annotated[str, typer.Argument(help="A verdict code, e.g. PENDING_LOW_FEE.")],
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the article as Markdown.")
    ] = False,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """Explain a verdict code: what it means, how it is detected, what to do (offline)."""
    from txdoctor.advise import knowledge
    from txdoctor.advise.i18n import N_
    from txdoctor.render.knowledge import article_view

    language = _language(lang)
    verdict = knowledge.find_code(code)
    if verdict is None:
        _fail(N_("unknown verdict code '{code}': txdoctor codes lists them all"), code=code)
    terminal = _terminal(color)
    if markdown:
        from txdoctor.render.canned import article_page

        terminal.stdout.write(article_page(verdict, language))
    else:
        terminal.out.print(article_view(verdict, language))


@app.command()
@_guarded
def demo(
    keep: Annotated[
        bool,
        typer.Option(
            "--keep", help="Leave the local nodes running and print how to diagnose by hand."
        ),
    ] = False,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """Training demo: make the classic cases on local anvil nodes and diagnose each one."""
    from txdoctor.commands.demo.walkthrough import run_demo

    language = _language(lang)
    as_expected = run_demo(language, _terminal(color), keep=keep)
    raise typer.Exit(ExitStatus.OK if as_expected else ExitStatus.PROBLEM_FOUND)


@app.command()
@_guarded
def batch(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A CSV with a hash, tx, txid or input column, or one input per "
            "line; '-' reads stdin.",
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl (default), csv, reply, markdown or agent.")
    ] = "jsonl",
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write results here (default: stdout)."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue --out FILE: skip the rows it already holds.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=4, help="JSON-RPC calls per request.")
    ] = 200,
    in_flight: Annotated[
        int, typer.Option("--in-flight", min=1, max=16, help="Requests in flight per chain.")
    ] = 4,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            help="input (rows in the order of FILE; the default for reply, markdown "
            "and agent) or completion (each row as soon as it is done; the "
            "default for jsonl and csv).",
        ),
    ] = None,
    tickets: Annotated[
        Path | None,
        typer.Option(
            "--tickets",
            metavar="DIR",
            help="Also write one reply file per row into DIR, named by --ticket-name.",
        ),
    ] = None,
    ticket_name: Annotated[
        str | None,
        typer.Option(
            "--ticket-name",
            metavar="COLUMN",
            help="The column that names each reply file "
            "(default: ticket_id, ticket or id; else the "
            "row number).",
        ),
    ] = None,
    ticket_format: Annotated[
        str, typer.Option("--ticket-format", help="reply (default), markdown or agent.")
    ] = "reply",
    chain: Only = None,
    rpc: Rpc = None,
    chain_id: ChainId = None,
    chains_file: ChainsFile = None,
    timeout: Timeout = 8.0,
    deadline: Deadline = DEFAULT_DEADLINE,
    stall: Stall = None,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """Check many transactions from a file; results are appended as they complete."""
    from txdoctor.commands.batching import BatchCommand, run_batch_command

    command = BatchCommand(
        source=source,
        fmt=fmt,
        out=out,
        resume=resume,
        batch_size=batch_size,
        in_flight=in_flight,
        quiet=quiet,
        order=order,
        tickets=tickets,
        ticket_name=ticket_name,
        ticket_format=ticket_format,
        chain=chain,
        rpc=rpc,
        chain_id=chain_id,
        chains_file=chains_file,
        timeout=timeout,
        deadline=deadline,
        stall=stall,
        lang=lang,
        color=color,
    )
    raise typer.Exit(run_batch_command(command))


@app.command()
@_guarded
def watch(
    tx_hash: Annotated[str, typer.Argument(metavar="HASH", help="The transaction to follow.")],
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between checks.")
    ] = 5.0,
    watch_timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Give up after this many seconds (exit status 4)."),
    ] = 3600.0,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per change.")] = False,
    chain: Only = None,
    rpc: Rpc = None,
    chain_id: ChainId = None,
    chains_file: ChainsFile = None,
    deadline: Deadline = DEFAULT_DEADLINE,
    stall: Stall = None,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """Follow a transaction until it is final, printing each change."""
    from txdoctor.commands.watch import WatchOptions
    from txdoctor.commands.watch import watch as follow
    from txdoctor.pipeline.doctor import Doctor

    language = _language(lang)
    config = _config(chains_file, rpc, chain_id, chain)
    terminal = _terminal(color)
    transport = _transport(8.0, rate_limits=config.rate_limits(), deadline=deadline, stall=stall)
    doctor = Doctor(config, transport, language, history=_history())
    options = WatchOptions(interval=interval, timeout=watch_timeout, json=json_out)
    with transport:
        status = follow(doctor, tx_hash, options, terminal)
    raise typer.Exit(status)


@app.command()
@_guarded
def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Anything but loopback needs --token-file or "
            "--trusted-user-header.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port; 0 picks a free one.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
    token_file: Annotated[
        str | None,
        typer.Option("--token-file", metavar="PATH", help="File holding the shared access token."),
    ] = None,
    trusted_user_header: Annotated[
        str | None,
        typer.Option(
            "--trusted-user-header",
            metavar="NAME",
            help="Header naming the agent, set by a reverse proxy in front (e.g. X-Email).",
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host", metavar="HOST", help="Another Host name to answer (repeatable)."
        ),
    ] = None,
    frame_ancestor: Annotated[
        list[str] | None,
        typer.Option(
            "--frame-ancestor",
            metavar="ORIGIN",
            help="A help desk origin allowed to embed the page (repeatable).",
        ),
    ] = None,
    redis: Annotated[
        str | None,
        typer.Option(
            "--redis",
            metavar="URL",
            help="Share cache and rate limits on Redis/Valkey (several "
            "hosts); default: SQLite in the data directory.",
        ),
    ] = None,
    rate_limit: Annotated[
        int, typer.Option("--rate-limit", min=1, help="Requests per minute per client.")
    ] = 120,
    rpc: Rpc = None,
    chains_file: ChainsFile = None,
    timeout: Timeout = 8.0,
) -> None:
    """Run the helpdesk page and JSON API (needs the extra: pip install 'txdoctor[serve]')."""
    from txdoctor.advise.i18n import N_

    _language(None)
    try:
        from txdoctor.serve.runner import serve as run_server
        from txdoctor.serve.settings import ServeSettings
    except ImportError as exc:
        _fail(
            N_("txdoctor serve needs the serve extra: pip install 'txdoctor[serve]' ({error})"),
            error=exc.name or "import",
        )
    settings = ServeSettings(
        host=host,
        port=port,
        workers=workers,
        token_file=token_file,
        trusted_user_header=trusted_user_header,
        allowed_hosts=tuple(allowed_host or ()),
        frame_ancestors=tuple(frame_ancestor or ()),
        redis_url=redis,
        chains_file=chains_file,
        rpc=tuple(rpc or ()),
        timeout=timeout,
        rate_limit=rate_limit,
    )
    run_server(settings)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
