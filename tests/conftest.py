"""Fixtures for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples on every run (a landing must not hinge on a lucky draw);
# runs elsewhere draw fresh examples, and whatever they find is then added as @example.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# A message field that no finding provides fails the test that shows it (users see a dash).
# Set for the whole session, so the CLI runs that tests start in subprocesses inherit it.
os.environ["TXDOCTOR_STRICT_MESSAGES"] = "1"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the local history (and any other user data) of each test in its own folder."""
    data = tmp_path / "txdoctor-data"
    monkeypatch.setenv("TXDOCTOR_DATA_DIR", str(data))
    return data


@pytest.fixture(autouse=True)
def _private_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test reads its own config directory (reply templates), empty unless it writes."""
    config = tmp_path / "txdoctor-config"
    monkeypatch.setenv("TXDOCTOR_CONFIG_DIR", str(config))
    return config


@pytest.fixture(autouse=True)
def _no_proxy_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests go straight to the loopback servers and anvil nodes, never through a proxy a
    developer's shell names (the proxy tests set their own)."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)


SEEN_CODES: set[str] = set()
"""Verdict codes whose customer reply was checked on a report made from real facts."""


@pytest.fixture(autouse=True)
def _customer_replies_checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every report a test makes (anvil nodes, recorded bodies) also has its customer reply
    checked in every language (support/customer_reply.py): no code, flag, product name or
    agent note, numbers rounded, the glossary, the person paid. Hostile chain strings (token
    names, revert reasons) are taken out before the check: they are strangers' words."""
    from support.customer_reply import check_customer_reply
    from txdoctor.advise.report import Report
    from txdoctor.pipeline.doctor import Doctor

    conclude, plan = Doctor.conclude, Doctor.plan
    problems: list[str] = []

    def checked(report: Report) -> Report:
        try:  # the CLI turns any exception into an error message: report it at teardown
            check_customer_reply(report)
        except AssertionError as exc:
            problems.append(f"{report.verdict.value}: {exc!r}"[:3000])
        SEEN_CODES.update(f.code.value for f in report.findings)
        return report

    def checked_conclude(self: Doctor, *args: object, **kwargs: object) -> Report:
        return checked(conclude(self, *args, **kwargs))  # type: ignore[arg-type]

    def checked_plan(self: Doctor, *args: object, **kwargs: object) -> object:
        result = plan(self, *args, **kwargs)  # type: ignore[arg-type]
        return checked(result) if isinstance(result, Report) else result

    monkeypatch.setattr(Doctor, "conclude", checked_conclude)
    monkeypatch.setattr(Doctor, "plan", checked_plan)
    yield
    if problems:
        pytest.fail("customer reply rule broken: " + problems[0], pytrace=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Which verdict codes had their customer reply checked on real facts in this run."""
    if not SEEN_CODES:
        return
    from txdoctor.diagnose.verdicts import Verdict

    missing = sorted(v.value for v in Verdict if v.value not in SEEN_CODES)
    terminalreporter.write_line(
        f"customer replies checked on real facts: {len(SEEN_CODES)} verdict codes"
        + (f"; not met in this run: {', '.join(missing)}" if missing else "")
    )
