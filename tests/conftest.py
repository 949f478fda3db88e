"""Fixtures for every test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the local history (and any other user data) of each test in its own folder."""
    data = tmp_path / "txdoctor-data"
    monkeypatch.setenv("TXDOCTOR_DATA_DIR", str(data))
    return data
