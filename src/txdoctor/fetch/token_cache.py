"""Token metadata learnt during one run, shared by its threads, so each token is asked once."""

from __future__ import annotations

import threading
from collections import OrderedDict

from txdoctor.facts import TokenMeta

CACHE_SIZE = 2048


class TokenCache:
    """Token metadata per (chain id, contract), shared by the threads of one run; bounded."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[int | None, str], TokenMeta] = OrderedDict()

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
