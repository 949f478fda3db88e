"""From verdicts to the process exit status, in one place."""

from __future__ import annotations

from collections.abc import Iterable

from txdoctor.advise.report import Report
from txdoctor.core.errors import ExitStatus
from txdoctor.diagnose import Severity, Verdict

_BAD_INPUT = {Verdict.INVALID_INPUT, Verdict.SECRET_REFUSED}


def status_of(report: Report) -> ExitStatus:
    """One report's exit status."""
    if report.verdict in _BAD_INPUT:
        return ExitStatus.BAD_INPUT
    if report.verdict is Verdict.UNREACHABLE:
        return ExitStatus.UNCHECKED
    if report.severity in (Severity.WARNING, Severity.ERROR):
        return ExitStatus.PROBLEM_FOUND
    return ExitStatus.OK


# When inputs differ, the most urgent status wins: bad input, then unchecked, then problems.
_PRECEDENCE = (ExitStatus.BAD_INPUT, ExitStatus.UNCHECKED, ExitStatus.PROBLEM_FOUND)


def combined_status(reports: Iterable[Report]) -> ExitStatus:
    """The exit status of a run over several inputs."""
    statuses = {status_of(r) for r in reports}
    for status in _PRECEDENCE:
        if status in statuses:
            return status
    return ExitStatus.OK
