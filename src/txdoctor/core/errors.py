"""Error roots and exit statuses, mapped in one place (the CLI)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import IntEnum


class ExitStatus(IntEnum):
    """What the process returns; scripts depend on these numbers."""

    OK = 0
    PROBLEM_FOUND = 1  # some verdict is a warning or an error
    BAD_INPUT = 2  # bad usage, invalid input or a refused secret
    UNCHECKED = 3  # nothing could be checked
    NOT_FINAL = 4  # watch --timeout ended before the transaction was final
    INTERNAL_ERROR = 70  # a bug in txdoctor
    INTERRUPTED = 130


class TxDoctorError(Exception):
    """Root of every error txdoctor raises on purpose.

    ``message`` is English source text marked with ``N_()`` and may hold ``{name}`` fields
    filled from ``params``; the CLI shows it in the user's language (``translated``).
    """

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, message: str = "", /, **params: object) -> None:
        super().__init__(_fill(message, params))
        self.template = message
        self.params = params

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the language of ``gettext``."""
        return _fill(gettext(self.template), self.params) if self.template else str(self)


class ConfigError(TxDoctorError, ValueError):
    """A chains file or an option is wrong; the message names where."""

    def __init__(
        self,
        message: str,
        *,
        source: str,
        chain: str | None = None,
        field: str | None = None,
        **params: object,
    ) -> None:
        where = source
        if chain:
            where += f": chain '{chain}'"
        if field:
            where += f", field '{field}'"
        super().__init__(message, **params)
        self.args = (f"{where}: {self.args[0]}",)
        self.where = where  # technical (file, chain and field names): never translated
        self.source = source
        self.chain = chain
        self.field = field

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the language of ``gettext``, after where it was found."""
        return f"{self.where}: {super().translated(gettext)}"


def _fill(template: str, params: Mapping[str, object]) -> str:
    return template.format_map(params) if params else template
