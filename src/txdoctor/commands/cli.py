"""Command line: parse → call → render. Errors become exit statuses here and only here."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from txdoctor.commands.argv_guard import SecretRefusingGroup
from txdoctor.core.errors import ExitStatus, TxDoctorError

if TYPE_CHECKING:
    from txdoctor.config import ChainsConfig
    from txdoctor.fetch.transport import Transport
    from txdoctor.pipeline.history import History
    from txdoctor.render.console import Terminal


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn every failure of a command into a clear message and an exit status."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        from txdoctor.advise.i18n import N_

        global _lang
        _lang = None  # each run resolves its own language (tests run many in one process)
        try:
            command(*args, **kwargs)
        except TxDoctorError as exc:
            _say("txdoctor: " + exc.translated(_gettext()))
            raise typer.Exit(exc.exit_status) from None
        except KeyboardInterrupt:
            _say("txdoctor: " + _gettext()(N_("interrupted")))
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug (in a fetcher too): say so; --debug shows the traceback
            if _debug:
                raise
            _say(
                _gettext()(
                    N_(
                        "txdoctor hit an internal error ({error}); please report it with --debug "
                        "output"
                    )
                ).format(error=type(exc).__name__)
            )
            raise typer.Exit(ExitStatus.INTERNAL_ERROR) from None

    return run


def _gettext() -> Callable[[str], str]:
    """Translate into the language of this run (--lang once parsed, else the environment)."""
    from txdoctor.advise.i18n import resolve_language, translator

    return translator(_lang or resolve_language(None)).gettext


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


app = typer.Typer(
    name="txdoctor",
    help="What happened to a crypto transfer, in plain words, and what to do next.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's formatter (and markdown-it) cost ~0.2 s to load
    cls=SecretRefusingGroup,  # a secret typed on the command line is refused, never echoed
)

_debug = False
_lang: str | None = None  # the resolved --lang of this run, for error messages
INPUT_CONCURRENCY = 8

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
DEFAULT_DEADLINE = 6.0


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log every endpoint request to stderr.")
    ] = False,
) -> None:
    global _debug
    _debug = debug
    _log_requests(verbose)


def _log_requests(verbose: bool) -> None:
    """With ``--verbose``, every endpoint request (redacted URL, method, outcome, time) goes
    to stderr through ``logging``; otherwise only warnings would."""
    import logging

    class ToStderr(logging.Handler):
        """Writes to the stderr of the moment (tests swap it between runs); a log line
        that cannot be written is dropped, never a reason to fail."""

        def emit(self, record: logging.LogRecord) -> None:
            with contextlib.suppress(Exception):
                sys.stderr.write(self.format(record) + "\n")

    logger = logging.getLogger("txdoctor")
    if not any(h.get_name() == "txdoctor" for h in logger.handlers):
        handler = ToStderr()
        handler.set_name("txdoctor")
        handler.setFormatter(logging.Formatter("txdoctor: %(message)s"))
        logger.addHandler(handler)
    # Not verbose: the level is left to the root logger (warnings), so a host application or
    # a test that raises the root level still sees txdoctor's records.
    logger.setLevel(logging.INFO if verbose else logging.NOTSET)


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
    timeout: Timeout = 8.0,
    deadline: Deadline = DEFAULT_DEADLINE,
    stall: Stall = None,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """Diagnose transactions: found where, what happened, what to do."""
    from concurrent.futures import ThreadPoolExecutor

    from txdoctor.advise.i18n import N_
    from txdoctor.commands.exit_status import combined_status
    from txdoctor.pipeline.doctor import Doctor
    from txdoctor.render.formats import ReportWriter

    language = _language(lang)
    output = _output_format(fmt, json_out)
    # The expected chain is always looked at too: --chain narrows the search, not the question.
    searched = [*chain, expect_chain] if chain and expect_chain else chain
    config = _config(chains_file, rpc, chain_id, searched)
    if expect_chain and config.get(expect_chain) is None:
        _fail(
            N_("--expect-chain: unknown chain '{name}' (configured: {names})"),
            name=expect_chain,
            names=", ".join(config.names()),
        )
    terminal = _terminal(color)
    transport = _transport(
        timeout, rate_limits=config.rate_limits(), deadline=deadline, stall=stall
    )
    doctor = Doctor(config, transport, language, history=_history())
    expected = expect_chain.lower() if expect_chain else None
    reports = []
    write = ReportWriter(output, terminal)
    with transport, ThreadPoolExecutor(max_workers=INPUT_CONCURRENCY) as pool:
        for report in pool.map(lambda raw: doctor.diagnose(raw, expected), _read_inputs(inputs)):
            write(report)
            reports.append(report)
    if not reports:
        _fail(N_("no input given (an empty stdin?)"))
    raise typer.Exit(combined_status(reports))


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
    from txdoctor.commands.batch.command import BatchOptions, run_batch

    language = _language(lang)
    config = _config(chains_file, rpc, chain_id, chain)
    terminal = _terminal(color)
    options = BatchOptions(
        source=source,
        fmt=fmt,
        out=out,
        resume=resume,
        batch_size=batch_size,
        in_flight=in_flight,
        quiet=quiet,
        tickets=tickets,
        ticket_format=ticket_format,
        ticket_name=ticket_name,
        order=order,
    )
    with _transport(
        timeout, rate_limits=config.rate_limits(), deadline=deadline, stall=stall
    ) as transport:
        status = run_batch(options, config, transport, language, terminal)
    raise typer.Exit(status)


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


def _read_inputs(inputs: list[str]) -> Iterator[str]:
    """Arguments and stdin lines in order; a secret spread over several is joined into one
    input, so it is refused whole instead of echoed (or looked up) piece by piece."""
    from txdoctor.input.spread import join_spread_secrets

    return join_spread_secrets(_raw_inputs(inputs))


def _raw_inputs(inputs: list[str]) -> Iterator[str]:
    for item in inputs:
        if item == "-":
            yield from _stdin_inputs()
        else:
            yield item


def _stdin_inputs() -> Iterator[str]:
    """Non-empty stdin lines, each read with a length limit (a longer one is refused as too
    long); a JSON document over several lines (a pretty-printed keystore) is one input."""
    from txdoctor.input import MAX_SCAN_CHARS
    from txdoctor.input.lines import bounded_lines
    from txdoctor.input.spread import join_json_documents

    lines = (line.rstrip("\r\n") for line in bounded_lines(sys.stdin, MAX_SCAN_CHARS + 1))
    for _used, text in join_json_documents(line for line in lines if line.strip()):
        yield text


def _language(flag: str | None) -> str:
    from txdoctor.advise.i18n import LANGUAGES, N_, resolve_language

    global _lang
    if flag is not None and flag not in LANGUAGES:
        _fail(N_("--lang: choose one of {choices}"), choices=", ".join(LANGUAGES))
    _lang = resolve_language(flag)
    return _lang


def _output_format(fmt: str | None, json_out: bool) -> str:
    """--format, with --json as an alias of --format json."""
    from txdoctor.advise.i18n import N_
    from txdoctor.render.formats import FORMATS

    if fmt is not None and fmt not in FORMATS:
        _fail(N_("--format: choose one of {choices}"), choices=", ".join(FORMATS))
    if json_out and fmt not in (None, "json"):
        _fail(N_("--json and --format {format} contradict each other"), format=fmt)
    return "json" if json_out else fmt or "human"


def _config(
    chains_file: str | None, rpc: list[str] | None, chain_id: int | None, only: list[str] | None
) -> ChainsConfig:
    from txdoctor.config import apply_overrides, load_chains

    return apply_overrides(
        load_chains(chains_file), rpc=rpc or [], only=only or [], chain_id=chain_id
    )


def _terminal(color: str) -> Terminal:
    from txdoctor.advise.i18n import N_
    from txdoctor.render.console import COLOR_CHOICES, make_terminal

    if color not in COLOR_CHOICES:
        _fail(N_("--color: choose one of {choices}"), choices=", ".join(COLOR_CHOICES))
    return make_terminal(color)


def _transport(
    timeout: float,
    retries: int = 2,
    rate_limits: dict[str, float] | None = None,
    *,
    deadline: float = DEFAULT_DEADLINE,
    stall: float | None = None,
) -> Transport:
    from txdoctor.fetch.keys import key_headers
    from txdoctor.fetch.transport import STATE_FILE, Transport
    from txdoctor.pipeline.history import data_dir

    # API keys come from the environment, are registered as secrets, and go only to their
    # provider (each family's fetch_key: TRON_PRO_API_KEY to TronGrid, APTOS_API_KEY to Aptos
    # Labs, SUBSCAN_API_KEY to Subscan; txdoctor/fetch/keys.py). Endpoint health is remembered
    # for a few minutes in the data directory, so the next command asks a dead endpoint last.
    return Transport(
        timeout=timeout,
        connect_timeout=min(timeout, 3.0),
        retries=retries,
        headers_for=key_headers(),
        rate_limits=rate_limits,
        deadline=deadline,
        stall=stall,
        state_path=data_dir() / STATE_FILE,
    )


def _history() -> History | None:
    """The local history of pending transactions (None when it cannot be opened)."""
    from txdoctor.pipeline.history import History

    return History.open_default()


def _fail(message: str, **params: object) -> NoReturn:
    """Stop with a usage error; ``message`` is N_()-marked English with ``{fields}``."""
    raise TxDoctorError(message, **params)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
