"""Token metadata learnt during one run, shared by its threads, so each token is asked once;
and what sits at an address (plain account, contract, token contract), so each recipient's
code is asked once in a while."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from txdoctor.facts import AccountKind, TokenMeta

CACHE_SIZE = 2048
KIND_MAX_AGE = 600.0
"""Seconds an address's kind is remembered: an empty address can get code later (a smart
wallet deployed on first use), so a long-lived process (``serve``) asks again now and then."""


class TokenCache:
    """Token metadata per (chain id, contract), shared by the threads of one run; bounded."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[int | None, str], TokenMeta] = OrderedDict()
        self._kinds: OrderedDict[tuple[int | None, str], tuple[float, AccountKind]] = OrderedDict()

    def get(self, chain_id: int | None, contract: str) -> TokenMeta | None:
        """The cached metadata of ``contract``, if any."""
        with self._lock:
            return self._items.get((chain_id, contract.lower()))

    def put(self, chain_id: int | None, contract: str, meta: TokenMeta) -> None:
        """Remember ``meta``; the oldest entry goes when the cache is full."""
        with self._lock:
            self._items[(chain_id, contract.lower())] = meta
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def kind(self, chain_id: int | None, address: str) -> AccountKind | None:
        """What sits at ``address``, if learnt less than ``KIND_MAX_AGE`` seconds ago."""
        with self._lock:
            entry = self._kinds.get((chain_id, address.lower()))
        if entry is None or time.monotonic() - entry[0] > KIND_MAX_AGE:
            return None
        return entry[1]

    def put_kind(self, chain_id: int | None, address: str, kind: AccountKind) -> None:
        """Remember what sits at ``address``; the oldest entry goes when the cache is full."""
        with self._lock:
            key = (chain_id, address.lower())
            self._kinds.pop(key, None)
            self._kinds[key] = (time.monotonic(), kind)
            while len(self._kinds) > self._size:
                self._kinds.popitem(last=False)
