"""Fixtures for every test."""

from __future__ import annotations

import os
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
