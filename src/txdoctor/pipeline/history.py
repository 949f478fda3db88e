"""The local history: pending transactions txdoctor has seen, in SQLite in the user's data dir.

It remembers the chain, hash, sender, nonce, fees, expiry time and when a pending transaction
was seen, so that a later lookup that finds the hash gone can tell a replaced transaction from
a dropped or an expired one. It holds public chain data only (no keys, no inputs that were
refused), yet which transactions an agent looked up is private: the folder is created 0700,
the file 0600.

The file is ``history.sqlite3`` in ``TXDOCTOR_DATA_DIR`` if set, else in the platform's
user data directory (platformdirs). History is a help, never a requirement: when the file
cannot be opened or written, txdoctor works on without it.

The file carries its layout version (SQLite's ``user_version``, ``SCHEMA_VERSION``): a file of
a newer txdoctor is left alone and not used, and a row that cannot be read back (a damaged or
hand-edited file) is skipped, never fatal.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from txdoctor.facts.tracking import SeenTx

DATA_DIR_ENV = "TXDOCTOR_DATA_DIR"
FILE_NAME = "history.sqlite3"
SCHEMA_VERSION = 2
KEEP_SECONDS = 90 * 24 * 3600
"""Entries not seen for this long are forgotten (a pending transaction is long settled)."""

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    chain TEXT NOT NULL, hash TEXT NOT NULL, sender TEXT NOT NULL, nonce INTEGER NOT NULL,
    block INTEGER, max_fee TEXT, tip TEXT, recipient TEXT, value TEXT,
    first_seen REAL NOT NULL, last_seen REAL NOT NULL, expires_at REAL,
    PRIMARY KEY (chain, hash))
"""
_UPGRADES = {1: "ALTER TABLE seen ADD COLUMN expires_at REAL"}  # from layout N to N + 1
_COLUMNS = (
    "chain, hash, sender, nonce, first_seen, last_seen, block, max_fee, tip, recipient, value, "
    "expires_at"
)
_COLUMNS_IN = (
    "chain, hash, sender, nonce, block, max_fee, tip, recipient, value, first_seen, last_seen, "
    "expires_at"
)


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where txdoctor keeps its data: ``TXDOCTOR_DATA_DIR``, else the user data directory."""
    if environ.get(DATA_DIR_ENV):
        return Path(environ[DATA_DIR_ENV])
    import platformdirs

    return Path(platformdirs.user_data_dir("txdoctor", appauthor=False))


class NewerHistory(sqlite3.Error):
    """The history file was written by a newer txdoctor, with a layout this one cannot read."""


class History:
    """Pending transactions seen before. Thread-safe; every write is committed at once."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        _private_file(path)
        self._db = sqlite3.connect(path, timeout=5.0, check_same_thread=False, isolation_level=None)
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._db.close()
            raise NewerHistory(f"{path} has layout {version}; this txdoctor knows {SCHEMA_VERSION}")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        # recall() asks by hash alone; the key is (chain, hash): without this every miss
        # of a batch read the whole table.
        self._db.execute("CREATE INDEX IF NOT EXISTS seen_by_hash ON seen (hash)")
        for layout in range(version or SCHEMA_VERSION, SCHEMA_VERSION):  # 0: made just now
            self._db.execute(_UPGRADES[layout])
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._db.execute("DELETE FROM seen WHERE last_seen < ?", (clock() - KEEP_SECONDS,))

    @classmethod
    def open_default(cls, environ: Mapping[str, str] = os.environ) -> History | None:
        """The user's history, or None when it cannot be opened (read-only home, …)."""
        try:
            folder = data_dir(environ)
            if not environ.get(DATA_DIR_ENV) and folder.is_dir():
                folder.chmod(PRIVATE_DIR_MODE)  # our own folder; older versions made it 0755
            return cls(folder / FILE_NAME)
        except (OSError, sqlite3.Error):
            return None

    def remember(self, tx: SeenTx) -> None:
        """Record a pending transaction; seen again, only ``last_seen`` moves."""
        row = (
            tx.chain,
            tx.hash.lower(),
            tx.sender.lower(),
            tx.nonce,
            tx.block,
            _text(tx.max_fee),
            _text(tx.tip),
            tx.recipient,
            _text(tx.value),
            tx.first_seen,
            tx.last_seen,
            tx.expires_at,
        )
        self._write(
            f"INSERT INTO seen ({_COLUMNS_IN}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (chain, hash) DO UPDATE SET last_seen = excluded.last_seen",
            row,
        )

    def recall(self, tx_hash: str) -> list[SeenTx]:
        """Every chain on which ``tx_hash`` was seen pending, most recently seen first."""
        with self._lock:
            try:
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM seen WHERE hash = ? ORDER BY last_seen DESC",
                    (tx_hash.lower(),),
                ).fetchall()
            except sqlite3.Error:
                return []
        return [seen for seen in map(_seen_tx, rows) if seen is not None]

    def close(self) -> None:
        """Close the database file."""
        with self._lock:
            self._db.close()

    def now(self) -> float:
        """The time entries are stamped with."""
        return self._clock()

    def _write(self, sql: str, row: tuple[object, ...]) -> None:
        # A full disk, or the file locked by another process for 5 s: go on without it.
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.execute(sql, row)


def _seen_tx(row: tuple[object, ...]) -> SeenTx | None:
    """A row as a ``SeenTx``; None for a row whose values do not have their types."""
    chain, hash_, sender, nonce, first, last, block, fee, tip, recipient, value, expires = row
    try:
        return SeenTx(
            _str(chain),
            _str(hash_),
            _str(sender),
            _whole(nonce),
            _number(first),
            _number(last),
            None if block is None else _whole(block),
            _int(fee),
            _int(tip),
            None if recipient is None else _str(recipient),
            _int(value),
            None if expires is None else _number(expires),
        )
    except (TypeError, ValueError):
        return None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError("not a whole number")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("not a number")
    return float(value)


def _private_file(path: Path) -> None:
    """Create the data folder (0700) and the database file (0600) for the user alone: which
    transactions and addresses an agent looked up is nobody else's business. SQLite gives
    its -wal and -shm files the database file's permissions."""
    path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
    os.chmod(path, PRIVATE_FILE_MODE)  # a file made by an older version was 0644


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)  # wei overflows SQLite's 64-bit integers


def _int(value: object) -> int | None:
    """A stored wei amount (decimal text) back as an int; ValueError when it is not one."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.isdigit() or len(value) > 80:
        raise ValueError("not a stored amount")
    return int(value)
