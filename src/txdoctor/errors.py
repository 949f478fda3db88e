"""Error roots and exit statuses, mapped in one place (the CLI)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What the process returns; scripts depend on these numbers."""

    OK = 0
    PROBLEM_FOUND = 1  # some verdict is a warning or an error
    BAD_INPUT = 2  # bad usage, invalid input or a refused secret
    UNCHECKED = 3  # nothing could be checked
    INTERNAL_ERROR = 70  # a bug in txdoctor
    INTERRUPTED = 130


class TxDoctorError(Exception):
    """Root of every error txdoctor raises on purpose."""

    exit_status = ExitStatus.BAD_INPUT


class ConfigError(TxDoctorError, ValueError):
    """A chains file or an option is wrong; the message names where."""

    def __init__(self, message: str, *, source: str, chain: str | None = None,
                 field: str | None = None) -> None:
        where = source
        if chain:
            where += f": chain '{chain}'"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.source = source
        self.chain = chain
        self.field = field
