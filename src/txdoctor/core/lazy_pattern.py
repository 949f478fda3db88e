"""Regular expressions compiled when first used, not when their module is imported.

Compiling costs 0.1–1.5 ms a pattern, and a module's patterns are compiled at every start even
when the input never reaches them (a hash never meets the Lightning or name-service patterns).
"""

from __future__ import annotations

import re
from functools import cached_property


class LazyPattern:
    """``re.compile(pattern, flags)`` on first use, with the methods of ``re.Pattern`` used here."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return re.compile(self.pattern, self.flags)

    def match(self, string: str) -> re.Match[str] | None:
        """``re.Pattern.match``."""
        return self.compiled.match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        """``re.Pattern.fullmatch``."""
        return self.compiled.fullmatch(string)

    def search(self, string: str) -> re.Match[str] | None:
        """``re.Pattern.search``."""
        return self.compiled.search(string)
