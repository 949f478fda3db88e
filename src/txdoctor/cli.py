"""Command line: parse → call → render. Errors become exit statuses here and only here."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from txdoctor.errors import ExitStatus, TxDoctorError

if TYPE_CHECKING:
    from txdoctor.config import ChainsConfig
    from txdoctor.fetch.transport import Transport
    from txdoctor.render.console import Terminal



def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn every failure of a command into a clear message and an exit status."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except TxDoctorError as exc:
            _say(f"txdoctor: {exc}")
            raise typer.Exit(exc.exit_status) from None
        except KeyboardInterrupt:
            _say("txdoctor: interrupted")
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # a bug: say so plainly; --debug shows the traceback
            if _debug:
                raise
            _say(f"txdoctor: internal error ({type(exc).__name__}); "
                 "run again with --debug for details")
            raise typer.Exit(ExitStatus.INTERNAL_ERROR) from None

    return run


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


app = typer.Typer(
    name="txdoctor",
    help="What happened to a crypto transfer, in plain words, and what to do next.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_debug = False
INPUT_CONCURRENCY = 8

ChainsFile = Annotated[str | None, typer.Option(
    "--chains-file", envvar="TXDOCTOR_CHAINS_FILE", help="Chains file replacing the default.")]
Rpc = Annotated[list[str] | None, typer.Option(
    "--rpc", metavar="NAME=URL", help="Replace one chain's endpoints (repeatable).")]
Only = Annotated[list[str] | None, typer.Option(
    "--chain", metavar="NAME", help="Only look on this chain (repeatable).")]
Lang = Annotated[str | None, typer.Option(
    "--lang", help="en, zh-CN or zh-TW (default: TXDOCTOR_LANG, then the locale).")]
Color = Annotated[str, typer.Option("--color", help="auto, always or never.")]
Timeout = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per request.")]


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
          ) -> None:
    global _debug
    _debug = debug


@app.command()
@_guarded
def diagnose(
    inputs: Annotated[list[str], typer.Argument(
        help="Transaction hashes, addresses or explorer links; '-' reads lines from stdin.")],
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    expect_chain: Annotated[str | None, typer.Option(
        "--expect-chain", metavar="NAME", help="The chain it should be on.")] = None,
    chain: Only = None,
    rpc: Rpc = None,
    chains_file: ChainsFile = None,
    timeout: Timeout = 8.0,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """Diagnose transactions: found where, what happened, what to do."""
    from txdoctor.doctor import Doctor
    from txdoctor.exit_status import combined_status
    from txdoctor.render.human import render_report
    from txdoctor.render.jsonl import write_jsonl

    language = _language(lang)
    config = _config(chains_file, rpc, chain)
    if expect_chain and config.get(expect_chain) is None:
        _fail(f"--expect-chain: unknown chain '{expect_chain}' "
              f"(configured: {', '.join(config.names())})")
    terminal = _terminal(color)
    doctor = Doctor(config, _transport(timeout), language)
    expected = expect_chain.lower() if expect_chain else None
    reports = []
    with ThreadPoolExecutor(max_workers=INPUT_CONCURRENCY) as pool:
        for report in pool.map(lambda raw: doctor.diagnose(raw, expected), _read_inputs(inputs)):
            if json_out:
                write_jsonl(report, terminal.stdout)
            else:
                render_report(report, terminal.out)
            reports.append(report)
    if not reports:
        _fail("no input given (an empty stdin?)")
    raise typer.Exit(combined_status(reports))


@app.command()
@_guarded
def chains(
    check: Annotated[bool, typer.Option("--check", help="Ask every endpoint now.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
    chain: Only = None,
    rpc: Rpc = None,
    chains_file: ChainsFile = None,
    timeout: Timeout = 5.0,
    lang: Lang = None,
    color: Color = "auto",
) -> None:
    """List the configured chains; --check asks each endpoint who and where it is."""
    import dataclasses
    import json

    from txdoctor.fetch.health import check_all
    from txdoctor.fetch.redact import redact_url
    from txdoctor.render.chains import chains_table, health_table

    language = _language(lang)
    config = _config(chains_file, rpc, chain)
    terminal = _terminal(color)
    if not check:
        if json_out:
            for c in config.chains:
                row = dataclasses.asdict(c) | {"rpc": [redact_url(u) for u in c.rpc]}
                terminal.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            terminal.out.print(chains_table(config, language))
        return
    results = check_all(list(config.chains), _transport(timeout, retries=0))
    if json_out:
        for h in results:
            terminal.stdout.write(json.dumps(dataclasses.asdict(h), ensure_ascii=False) + "\n")
    else:
        terminal.out.print(health_table(results, language))
    healthy = any(h.reachable and h.chain_id_ok for h in results)
    raise typer.Exit(ExitStatus.OK if healthy else ExitStatus.UNCHECKED)


def _read_inputs(inputs: list[str]) -> Iterator[str]:
    for item in inputs:
        if item == "-":
            for line in sys.stdin:
                if line.strip():
                    yield line.rstrip("\r\n")
        else:
            yield item


def _language(flag: str | None) -> str:
    from txdoctor.advise import LANGUAGES, resolve_language

    if flag is not None and flag not in LANGUAGES:
        _fail(f"--lang: choose one of {', '.join(LANGUAGES)}")
    return resolve_language(flag)


def _config(chains_file: str | None, rpc: list[str] | None,
            only: list[str] | None) -> ChainsConfig:
    from txdoctor.config import apply_overrides, load_chains

    return apply_overrides(load_chains(chains_file), rpc=rpc or [], only=only or [])


def _terminal(color: str) -> Terminal:
    from txdoctor.render.console import COLOR_CHOICES, make_terminal

    if color not in COLOR_CHOICES:
        _fail(f"--color: choose one of {', '.join(COLOR_CHOICES)}")
    return make_terminal(color)


def _transport(timeout: float, retries: int = 2) -> Transport:
    from txdoctor.fetch.transport import Transport

    return Transport(timeout=timeout, connect_timeout=min(timeout, 3.0), retries=retries)


def _fail(message: str) -> NoReturn:
    raise TxDoctorError(message)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
