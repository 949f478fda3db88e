"""What every command shares, without typer: the failure guard that turns errors into exit
statuses (the only place that does), the state of one run (``--debug``, the language of its
messages) and the helpers that read options into configuration, terminal and transport.

Kept free of typer so that the console entry point (``commands/entry.py``) can run the
common ``diagnose`` command line without importing it; ``commands/cli.py`` uses the same
functions, so both paths behave alike.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from txdoctor.core.errors import ExitStatus, TxDoctorError

if TYPE_CHECKING:
    from txdoctor.config import ChainsConfig
    from txdoctor.fetch.transport import Transport
    from txdoctor.pipeline.history import History
    from txdoctor.render.console import Terminal

DEFAULT_DEADLINE = 6.0
debug = False  # --debug: an internal error shows its traceback
_lang: str | None = None  # the resolved --lang of this run, for error messages


@dataclass(frozen=True, kw_only=True)
class NetworkOptions:
    """The options of every command that asks the chains, as parsed (defaults as documented
    in their help): which chains, their endpoints, the waits, the language and colour."""

    chain: list[str] | None = None
    rpc: list[str] | None = None
    chain_id: int | None = None
    chains_file: str | None = None
    timeout: float = 8.0
    deadline: float = DEFAULT_DEADLINE
    stall: float | None = None
    lang: str | None = None
    color: str = "auto"


def run_guarded(
    body: Callable[[], int | None], passthrough: tuple[type[BaseException], ...] = ()
) -> int | None:
    """Run a command's body; every failure becomes a clear message and an exit status.

    Returns what ``body`` returns (its exit status, or None), or the status of its failure.
    Exceptions in ``passthrough`` (typer's own exits) go through untouched."""
    from txdoctor.advise.i18n import N_

    global _lang
    _lang = None  # each run resolves its own language (tests run many in one process)
    try:
        return body()
    except passthrough:
        raise
    except TxDoctorError as exc:
        say("txdoctor: " + exc.translated(_gettext()))
        return exc.exit_status
    except KeyboardInterrupt:
        say("txdoctor: " + _gettext()(N_("interrupted")))
        return ExitStatus.INTERRUPTED
    except Exception as exc:  # a bug (in a fetcher too): say so; --debug shows the traceback
        if debug:
            raise
        say(
            _gettext()(
                N_("txdoctor hit an internal error ({error}); please report it with --debug output")
            ).format(error=type(exc).__name__)
        )
        return ExitStatus.INTERNAL_ERROR


def _gettext() -> Callable[[str], str]:
    """Translate into the language of this run (--lang once parsed, else the environment)."""
    from txdoctor.advise.i18n import resolve_language, translator

    return translator(_lang or resolve_language(None)).gettext


def say(message: str) -> None:
    """One line on stderr, at once."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def log_requests(verbose: bool) -> None:
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


def read_inputs(inputs: list[str]) -> Iterator[str]:
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


def language(flag: str | None) -> str:
    """The language of this run: --lang, else TXDOCTOR_LANG, else the locale."""
    from txdoctor.advise.i18n import LANGUAGES, N_, resolve_language

    global _lang
    if flag is not None and flag not in LANGUAGES:
        fail(N_("--lang: choose one of {choices}"), choices=", ".join(LANGUAGES))
    _lang = resolve_language(flag)
    return _lang


def output_format(fmt: str | None, json_out: bool) -> str:
    """--format, with --json as an alias of --format json."""
    from txdoctor.advise.i18n import N_
    from txdoctor.render.formats import FORMATS

    if fmt is not None and fmt not in FORMATS:
        fail(N_("--format: choose one of {choices}"), choices=", ".join(FORMATS))
    if json_out and fmt not in (None, "json"):
        fail(N_("--json and --format {format} contradict each other"), format=fmt)
    return "json" if json_out else fmt or "human"


def chains_config(
    chains_file: str | None,
    rpc: list[str] | None,
    chain_id: int | None,
    only: list[str] | None,
) -> ChainsConfig:
    """The chains file (or the built-in one) with --rpc, --chain-id and --chain applied."""
    from txdoctor.config import apply_overrides, load_chains
    from txdoctor.core import shipped_yaml
    from txdoctor.pipeline.history import data_dir

    shipped_yaml.keep_parsed_in(data_dir())
    return apply_overrides(
        load_chains(chains_file), rpc=rpc or [], only=only or [], chain_id=chain_id
    )


def terminal(color: str) -> Terminal:
    """stdout and stderr with the --color choice."""
    from txdoctor.advise.i18n import N_
    from txdoctor.render.console import COLOR_CHOICES, make_terminal

    if color not in COLOR_CHOICES:
        fail(N_("--color: choose one of {choices}"), choices=", ".join(COLOR_CHOICES))
    return make_terminal(color)


def transport(
    timeout: float,
    retries: int = 2,
    rate_limits: dict[str, float] | None = None,
    *,
    deadline: float = DEFAULT_DEADLINE,
    stall: float | None = None,
) -> Transport:
    """The one shared transport of a command."""
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


def history() -> History | None:
    """The local history of pending transactions (None when it cannot be opened)."""
    from txdoctor.pipeline.history import History

    return History.open_default()


def fail(message: str, **params: object) -> NoReturn:
    """Stop with a usage error; ``message`` is N_()-marked English with ``{fields}``."""
    raise TxDoctorError(message, **params)
