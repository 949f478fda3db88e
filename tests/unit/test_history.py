"""The local history of pending transactions (SQLite in the data directory)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from txdoctor.facts.tracking import SeenTx
from txdoctor.pipeline.history import DATA_DIR_ENV, FILE_NAME, History, data_dir

TX = SeenTx(
    chain="ethereum",
    hash="0x" + "AB" * 32,
    sender="0x" + "CD" * 20,
    nonce=3,
    first_seen=10.0,
    last_seen=10.0,
    block=50,
    max_fee=2**200,
    tip=1,
    recipient="0x" + "ef" * 20,
    value=10**30,
)


def test_tests_get_a_private_data_dir(tmp_path: Path) -> None:
    assert data_dir() == tmp_path / "txdoctor-data"  # tests/conftest.py
    assert data_dir({DATA_DIR_ENV: "/x/y"}) == Path("/x/y")
    assert data_dir({}).name == "txdoctor"  # the platform's user data directory


def test_remember_then_recall_keeps_first_seen_and_big_numbers(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3", clock=lambda: 20.0)
    history.remember(TX)
    history.remember(SeenTx(**{**TX.__dict__, "first_seen": 15.0, "last_seen": 15.0, "block": 60}))
    (seen,) = history.recall(TX.hash.upper())
    assert seen.hash == TX.hash.lower() and seen.sender == TX.sender.lower()
    assert (seen.first_seen, seen.last_seen, seen.block) == (10.0, 15.0, 50)
    assert (seen.max_fee, seen.value, seen.nonce) == (2**200, 10**30, 3)
    assert history.recall("0x" + "00" * 32) == []
    history.close()


def test_old_entries_are_forgotten(tmp_path: Path) -> None:
    History(tmp_path / "h.sqlite3", clock=lambda: 10.0).remember(TX)
    later = History(tmp_path / "h.sqlite3", clock=lambda: 10.0 + 91 * 24 * 3600)
    assert later.recall(TX.hash) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_data_dir_means_no_history_not_an_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert History.open_default({DATA_DIR_ENV: str(locked / "sub")}) is None


def test_a_file_that_is_not_a_database_means_no_history(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("not sqlite")
    assert History.open_default({DATA_DIR_ENV: str(tmp_path)}) is None


def test_a_row_that_cannot_be_read_back_is_skipped_not_fatal(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "h.sqlite3"
    history = History(path, clock=lambda: 20.0)
    history.remember(TX)
    history.remember(SeenTx(**{**TX.__dict__, "chain": "bsc"}))
    history.close()
    with sqlite3.connect(path) as db:  # a hand-edited or damaged file
        db.execute("UPDATE seen SET value = 'lots', nonce = 'x' WHERE chain = 'bsc'")
    (seen,) = History(path, clock=lambda: 20.0).recall(TX.hash)
    assert seen.chain == "ethereum"


def test_the_file_carries_its_layout_version_and_a_newer_one_is_left_alone(tmp_path: Path) -> None:
    import sqlite3

    from txdoctor.pipeline.history import SCHEMA_VERSION

    path = tmp_path / FILE_NAME
    History(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(sqlite3.Error, match="layout"):
        History(path)
    assert History.open_default({DATA_DIR_ENV: str(tmp_path)}) is None
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_a_history_of_the_first_layout_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE seen (chain TEXT NOT NULL, hash TEXT NOT NULL, sender TEXT NOT NULL, "
        "nonce INTEGER NOT NULL, block INTEGER, max_fee TEXT, tip TEXT, recipient TEXT, "
        "value TEXT, first_seen REAL NOT NULL, last_seen REAL NOT NULL, PRIMARY KEY (chain, hash))"
    )
    old.execute(
        "INSERT INTO seen VALUES ('ethereum', ?, ?, 3, 50, '7', '1', NULL, '5', 10.0, 10.0)",
        (TX.hash.lower(), TX.sender.lower()),
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    history = History(path, clock=lambda: 20.0)
    (seen,) = history.recall(TX.hash)
    assert (seen.nonce, seen.max_fee, seen.expires_at) == (3, 7, None)
    history.remember(SeenTx(**{**TX.__dict__, "hash": "0x" + "01" * 32, "expires_at": 99.5}))
    assert history.recall("0x" + "01" * 32)[0].expires_at == 99.5
    history.close()
