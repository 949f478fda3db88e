"""State shared by every worker: the result cache, rate-limit counters, recent lookups.

SQLite (WAL mode, one file in the data directory) serves the workers of one machine; Redis
(``--redis URL``) serves several machines behind a load balancer. Both keep the same three
things and nothing else: results of inputs that were looked up (never a refused input),
counters per client identity, and the team's recent lookups (time, agent, value, chain,
verdict; no free text).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

FILE_NAME = "serve.sqlite3"
RECENT_KEEP = 200
"""Recent lookups kept for the team (older ones are forgotten)."""
SWEEP_EVERY = 200
"""Expired cache rows are deleted once every this many writes."""


@dataclass(frozen=True)
class Recent:
    """One lookup of the team: who, when, what was checked and what it was."""

    at: float
    agent: str
    value: str
    chain: str | None
    verdict: str


class Store(Protocol):
    """What the workers share."""

    def cache_get(self, key: str) -> Any | None:
        """The cached JSON value under ``key``, if still fresh."""

    def cache_put(self, key: str, value: Any, ttl: float) -> None:
        """Keep ``value`` (JSON-able) for ``ttl`` seconds."""

    def hit(self, key: str, limit: int, window: float) -> float | None:
        """Count one request of ``key``; the seconds to wait when over ``limit`` per window."""

    def remember(self, entry: Recent) -> None:
        """Add a lookup to the team's recent list."""

    def recent(self, count: int) -> list[Recent]:
        """The newest ``count`` lookups, newest first."""

    def close(self) -> None:
        """Release connections."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL,
                                  expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, window INTEGER NOT NULL,
                                 count INTEGER NOT NULL, PRIMARY KEY (key, window));
CREATE TABLE IF NOT EXISTS recent (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL,
                                   agent TEXT NOT NULL, value TEXT NOT NULL, chain TEXT,
                                   verdict TEXT NOT NULL);
"""


class SqliteStore:
    """The shared state in one SQLite file (WAL), safe across threads and processes."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._writes = 0
        private_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # created private, never 0644
        os.close(fd)
        self._db = sqlite3.connect(path, timeout=5.0, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        for suffix in ("-wal", "-shm"):  # SQLite creates these with the umask's mode
            with contextlib.suppress(OSError):
                os.chmod(f"{path}{suffix}", 0o600)

    def cache_get(self, key: str) -> Any | None:
        """The cached JSON value under ``key``, if still fresh."""
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM cache WHERE key = ? AND expires > ?", (key, self._clock())
            ).fetchone()
        return json.loads(row[0]) if row else None

    def cache_put(self, key: str, value: Any, ttl: float) -> None:
        """Keep ``value`` for ``ttl`` seconds (expired rows are swept now and then)."""
        now = self._clock()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", (key, json.dumps(value), now + ttl)
            )
            self._writes += 1
            if self._writes % SWEEP_EVERY == 0:
                self._db.execute("DELETE FROM cache WHERE expires <= ?", (now,))

    def hit(self, key: str, limit: int, window: float) -> float | None:
        """Fixed-window counter; one transaction so concurrent workers count exactly."""
        now = self._clock()
        slot = int(now // window)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO hits VALUES (?, ?, 1) ON CONFLICT (key, window) "
                    "DO UPDATE SET count = count + 1",
                    (key, slot),
                )
                (count,) = self._db.execute(
                    "SELECT count FROM hits WHERE key = ? AND window = ?", (key, slot)
                ).fetchone()
                self._db.execute("DELETE FROM hits WHERE window < ?", (slot,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return None if count <= limit else max(1.0, (slot + 1) * window - now)

    def remember(self, entry: Recent) -> None:
        """Add a lookup; only the newest ``RECENT_KEEP`` are kept."""
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO recent (at, agent, value, chain, verdict) VALUES (?, ?, ?, ?, ?)",
                (entry.at, entry.agent, entry.value, entry.chain, entry.verdict),
            )
            self._db.execute(
                "DELETE FROM recent WHERE id <= ?", ((cursor.lastrowid or 0) - RECENT_KEEP,)
            )

    def recent(self, count: int) -> list[Recent]:
        """The newest ``count`` lookups, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, agent, value, chain, verdict FROM recent ORDER BY id DESC LIMIT ?",
                (count,),
            ).fetchall()
        return [Recent(*row) for row in rows]

    def close(self) -> None:
        """Close the database file."""
        with self._lock:
            self._db.close()


class RedisStore:
    """The shared state on Redis or Valkey, for several machines behind a load balancer."""

    def __init__(
        self, url: str, prefix: str = "txdoctor:", clock: Callable[[], float] = time.time
    ) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self._prefix = prefix
        self._clock = clock

    def ping(self) -> None:
        """Fail now (redis.RedisError) when the server cannot be reached."""
        self._redis.ping()

    def cache_get(self, key: str) -> Any | None:
        """The cached JSON value under ``key``, if still fresh (Redis expires it)."""
        raw = self._redis.get(self._prefix + "cache:" + key)
        return json.loads(raw) if raw is not None else None

    def cache_put(self, key: str, value: Any, ttl: float) -> None:
        """Keep ``value`` for ``ttl`` seconds."""
        self._redis.set(
            self._prefix + "cache:" + key, json.dumps(value), px=max(1, int(ttl * 1000))
        )

    def hit(self, key: str, limit: int, window: float) -> float | None:
        """Fixed-window counter: INCR and PEXPIRE in one transaction."""
        now = self._clock()
        slot = int(now // window)
        name = f"{self._prefix}hits:{key}:{slot}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.pexpire(name, int(window * 1000) + 1000)
        count = int(pipe.execute()[0])
        return None if count <= limit else max(1.0, (slot + 1) * window - now)

    def remember(self, entry: Recent) -> None:
        """Add a lookup; only the newest ``RECENT_KEEP`` are kept."""
        name = self._prefix + "recent"
        pipe = self._redis.pipeline()
        pipe.lpush(name, json.dumps(asdict(entry)))
        pipe.ltrim(name, 0, RECENT_KEEP - 1)
        pipe.execute()

    def recent(self, count: int) -> list[Recent]:
        """The newest ``count`` lookups, newest first."""
        rows = self._redis.lrange(self._prefix + "recent", 0, count - 1)
        return [Recent(**json.loads(row)) for row in rows]

    def close(self) -> None:
        """Close the connection pool."""
        self._redis.close()


def private_dir(path: Path) -> None:
    """Create ``path`` (mode 0700) or tighten it to 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
