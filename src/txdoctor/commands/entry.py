"""The console entry point: the two most common command lines without typer, the rest with it.

Importing typer costs ~0.1 s, and typer builds a pydantic adapter for every parameter of the
command it runs (another ~0.15 s, pydantic included): more than txdoctor's own work for one
diagnosis. So ``txdoctor --help`` and a plain ``txdoctor [--debug] [-v] diagnose …`` or
``… batch FILE …``, with only the options documented below and well-formed values, are
handled here; any other command line (other commands, ``diagnose --help``, an unknown or
malformed option, a value out of range, no input, shell completion) goes to the typer
application in ``commands/cli.py``, which then says exactly what it always said. Both paths
run the same functions (``commands/running.py``, ``commands/diagnosis.py``,
``commands/batching.py``), and tests compare their outputs and exit statuses
(``tests/unit/cli/test_fast_path.py``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import sys
from typing import Any

ROOT_HELP = "What happened to a crypto transfer, in plain words, and what to do next."
ROOT_OPTION_HELP = {
    "--debug": "Show tracebacks.",
    "--verbose": "Log every endpoint request to stderr.",
}
# The one-line help of each command, in the order of `cli.py` (its docstring there; a test
# checks that both agree, through the help typer prints).
COMMANDS = (
    ("diagnose", "Diagnose transactions: found where, what happened, what to do."),
    (
        "chains",
        "List the configured chains; --check asks each endpoint who and where it is.",
    ),
    ("codes", "List every verdict code with its one-line meaning (offline)."),
    (
        "explain",
        "Explain a verdict code: what it means, how it is detected, what to do (offline).",
    ),
    (
        "demo",
        "Training demo: make the classic cases on local anvil nodes and diagnose each one.",
    ),
    (
        "batch",
        "Check many transactions from a file; results are appended as they complete.",
    ),
    ("watch", "Follow a transaction until it is final, printing each change."),
    (
        "serve",
        "Run the helpdesk page and JSON API (needs the extra: pip install 'txdoctor[serve]').",
    ),
)

# `diagnose` options: flag → field; option taking a value → (field, kind); repeatable ones.
DIAGNOSE_FLAGS = {"--json": "json_out"}
DIAGNOSE_VALUES = {
    "--format": ("fmt", "text"),
    "--expect-chain": ("expect_chain", "text"),
    "--chain-id": ("chain_id", "id"),
    "--chains-file": ("chains_file", "text"),
    "--timeout": ("timeout", "seconds"),
    "--deadline": ("deadline", "seconds"),
    "--stall": ("stall", "seconds"),
    "--lang": ("lang", "text"),
    "--color": ("color", "text"),
}
DIAGNOSE_REPEATED = {"--chain": "chain", "--rpc": "rpc"}
DIAGNOSE_ENV = {  # option → the variable that gives its value when the option is not given
    "--chains-file": "TXDOCTOR_CHAINS_FILE",
    "--deadline": "TXDOCTOR_DEADLINE",
    "--stall": "TXDOCTOR_STALL",
}
# `batch` options, the same way (the network options are diagnose's).
BATCH_FLAGS = {"--resume": "resume", "--quiet": "quiet", "-q": "quiet"}
BATCH_VALUES = {
    **{k: v for k, v in DIAGNOSE_VALUES.items() if k != "--expect-chain"},
    "--out": ("out", "path"),
    "--batch-size": ("batch_size", "count"),
    "--in-flight": ("in_flight", "count"),
    "--order": ("order", "text"),
    "--tickets": ("tickets", "path"),
    "--ticket-name": ("ticket_name", "text"),
    "--ticket-format": ("ticket_format", "text"),
}
LOWEST = {"timeout": 0.1, "deadline": 0.1, "stall": 0.0, "chain_id": 1, "batch_size": 4}
LOWEST |= {"in_flight": 1}
HIGHEST = {"in_flight": 16}


class _Spec:
    """What the fast path knows of one command's command line."""

    def __init__(
        self,
        flags: dict[str, str],
        values: dict[str, tuple[str, str]],
        positional: str,
        single: bool,
    ) -> None:
        self.flags = flags
        self.values = values
        self.repeated = DIAGNOSE_REPEATED
        self.environment = DIAGNOSE_ENV
        self.positional = positional  # the field of the arguments
        self.single = single  # exactly one argument (batch's FILE), else one or more


SPECS = {
    "diagnose": _Spec(DIAGNOSE_FLAGS, DIAGNOSE_VALUES, "inputs", single=False),
    "batch": _Spec(BATCH_FLAGS, BATCH_VALUES, "source", single=True),
}
# Only plain numbers are taken here; anything else ("1e3", "0x10", " 5") is left to typer.
_SECONDS = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")
_ID = re.compile(r"[1-9][0-9]*\Z")
_COUNT = re.compile(r"(?:0|[1-9][0-9]*)\Z")


class _NotHere(Exception):
    """This command line is not one the fast path takes: typer handles it."""


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    completion = f"_{program_name()}_COMPLETE".replace("-", "_").upper()  # as click names it
    if not os.environ.get(completion):  # shell completion is typer's
        if args == ["--help"]:
            sys.stdout.write(root_help(program_name()) + "\n")
            sys.stdout.flush()
            sys.exit(0)
        try:
            parsed = parse_command(args)
        except _NotHere:
            parsed = None
        if parsed is not None:
            # Start-up makes ~60,000 objects that live to the end (modules, classes, functions):
            # young-generation collections over them cost ~40 ms of CPU and free nothing. One
            # every 100,000 new objects instead, which still bounds a long list on stdin.
            gc.set_threshold(100_000)
            status = _run(args, *parsed)
            # The answers are written and flushed, the transport and its files closed: what is
            # left is the interpreter's teardown, whose garbage collection over every object of
            # the ~450 imported modules cost ~70 ms of CPU (15 % of a diagnosis). Frozen objects
            # are not collected, only freed with the process.
            gc.freeze()
            sys.exit(status)
    from txdoctor.commands.cli import main as typer_main

    typer_main()


def _run(args: list[str], command: str, root: dict[str, bool], values: dict[str, Any]) -> int:
    """What typer would do with this command line: refuse a secret in an option value, else
    run the command in the failure guard. Ctrl-C and a closed stdout end as typer ends them."""
    import errno

    from txdoctor.commands import running
    from txdoctor.commands.argv_guard import refuse, secret_in

    try:
        found = secret_in(args, lambda _command: value_options(command))
        if found is not None:
            return refuse(found)
        running.debug = root["debug"]
        running.log_requests(root["verbose"])
        status = running.run_guarded(lambda: _body(command, values))
        return 0 if status is None else status
    except KeyboardInterrupt:
        return 130
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Silent(sys.stdout)
        sys.stderr = _Silent(sys.stderr)
        return 1


def _body(command: str, values: dict[str, Any]) -> int:
    if command == "batch":
        from txdoctor.commands.batching import BatchCommand, run_batch_command

        return run_batch_command(BatchCommand(**values))
    from txdoctor.commands.diagnosis import DiagnoseOptions, run_diagnose

    return run_diagnose(DiagnoseOptions(**values))


def value_options(command: str) -> frozenset[str]:
    """The options of ``command`` that take a value (their values are checked for secrets)."""
    spec = SPECS[command]
    return frozenset(spec.values) | frozenset(spec.repeated)


def parse_command(args: list[str]) -> tuple[str, dict[str, bool], dict[str, Any]] | None:
    """``[--debug] [-v] diagnose|batch OPTIONS… ARGUMENTS…`` read as typer reads it: the
    command, the root flags and the command's option values; None for any other command
    line. Raises ``_NotHere`` for one of those that typer would refuse or read in a way not
    copied here."""
    root = {"debug": False, "verbose": False}
    position = 0
    while position < len(args) and args[position] in ("--debug", "-v", "--verbose"):
        root["debug" if args[position] == "--debug" else "verbose"] = True
        position += 1
    command = args[position] if position < len(args) else None
    spec = SPECS.get(command or "")
    if command is None or spec is None:
        return None
    values: dict[str, Any] = {}
    arguments: list[str] = []
    rest = iter(args[position + 1 :])
    for arg in rest:
        if arg == "--":
            arguments += list(rest)
        elif arg == "-" or not arg.startswith("-"):
            arguments.append(arg)
        else:
            _read_option(spec, arg, rest, values)
    if not arguments or (spec.single and len(arguments) != 1):
        raise _NotHere
    values[spec.positional] = arguments[0] if spec.single else arguments
    for name, variable in spec.environment.items():
        field, kind = spec.values[name]
        if field not in values and os.environ.get(variable):  # an empty one counts as unset
            values[field] = _value(field, kind, os.environ[variable])
    return command, root, values


def _read_option(spec: _Spec, arg: str, rest: Any, values: dict[str, Any]) -> None:
    name, equals, attached = arg.partition("=")
    if name in spec.flags and not equals:
        values[spec.flags[name]] = True
        return
    if name not in spec.values and name not in spec.repeated:
        raise _NotHere  # unknown, --help, or a flag given a value
    value = attached if equals else next(rest, None)
    if not value or value.startswith("-"):
        raise _NotHere  # missing, empty, or an option where typer might read a value
    if name in spec.repeated:
        values.setdefault(spec.repeated[name], []).append(value)
    else:
        field, kind = spec.values[name]
        values[field] = _value(field, kind, value)


def _value(field: str, kind: str, text: str) -> object:
    if kind == "text":
        return text
    if kind == "path":
        from pathlib import Path

        return Path(text)
    pattern = {"id": _ID, "count": _COUNT}.get(kind, _SECONDS)
    if not pattern.match(text):
        raise _NotHere
    number = float(text) if kind == "seconds" else int(text)
    if number < LOWEST[field] or number > HIGHEST.get(field, number):
        raise _NotHere  # typer says what the range is
    return number


class _Silent:
    """A stream whose flush never fails: stdout after its reader went away (as click does)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            self.wrapped.flush()


# -- `txdoctor --help` -------------------------------------------------------------------------


def program_name() -> str:
    """How the program was started, as click names it in help: ``txdoctor``, or
    ``python -m txdoctor``."""
    path = sys.argv[0]
    package = getattr(sys.modules["__main__"], "__package__", None)
    if not package:
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    if name != "__main__":
        package = f"{package}.{name}"
    return f"python -m {package.lstrip('.')}"


def root_help(program: str) -> str:
    """The text of ``txdoctor --help``, laid out as click lays it out (same width rule,
    wrapping and shortening of each command's help)."""
    import shutil

    width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    prefix = f"Usage: {program} "
    usage = "[OPTIONS] COMMAND [ARGS]..."
    if width >= len(prefix) + 20:
        lines = [_fill(usage, width, prefix, " " * len(prefix))]
    else:
        lines = [prefix, _fill(usage, width, " " * 11, " " * 11)]
    lines += ["", _fill(ROOT_HELP, width, "  ", "  "), "", "Options:"]
    options = [
        ("--debug", ROOT_OPTION_HELP["--debug"]),
        ("-v, --verbose", ROOT_OPTION_HELP["--verbose"]),
        ("--help", "Show this message and exit."),
    ]
    lines += _definitions(options, width)
    lines += ["", "Commands:"]
    limit = width - 6 - max(len(name) for name, _ in COMMANDS)
    lines += _definitions([(n, _short_help(h, limit)) for n, h in COMMANDS], width)
    return "\n".join(lines)


def _definitions(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns indented by 2, as click's ``HelpFormatter.write_dl``."""
    first = min(max(len(name) for name, _ in rows), 30) + 2
    lines = []
    for name, text in rows:
        wrapped = _fill(text, max(width - first - 2, 10), "", "").splitlines()
        if len(name) <= first - 2:
            lines.append(f"  {name}{' ' * (first - len(name))}{wrapped[0]}")
        else:
            lines += [f"  {name}", " " * (first + 2) + wrapped[0]]
        lines += [" " * (first + 2) + line for line in wrapped[1:]]
    return lines


def _fill(text: str, width: int, first: str, then: str) -> str:
    import textwrap

    class Wrapper(textwrap.TextWrapper):
        """click's wrapper: a word longer than the line is cut where the line ends."""

        def _handle_long_word(
            self,
            reversed_chunks: list[str],
            cur_line: list[str],
            cur_len: int,
            width: int,
        ) -> None:
            room = max(width - cur_len, 1)
            cur_line.append(reversed_chunks[-1][:room])
            reversed_chunks[-1] = reversed_chunks[-1][room:]

    wrapper = Wrapper(width, initial_indent=first, subsequent_indent=then, replace_whitespace=False)
    return wrapper.fill(text.expandtabs())


def _short_help(text: str, limit: int) -> str:
    """A command's help cut to ``limit`` characters, as click's ``make_default_short_help``:
    at the end of the first sentence that fits, else at a word, with "..."."""
    words = text.split()
    total = 0
    for i, word in enumerate(words):
        total += len(word) + (i > 0)
        if total > limit:
            break
        if word.endswith("."):
            return " ".join(words[: i + 1])
        if total == limit and i != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += 3
    while i > 0:
        total -= len(words[i]) + (i > 0)
        if total <= limit:
            break
        i -= 1
    return " ".join(words[:i]) + "..."
