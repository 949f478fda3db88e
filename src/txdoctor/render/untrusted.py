"""Chain text in the customer formats (reply, Markdown): links defanged, code spans.

A revert reason ``Refund available: visit https://evil.example/claim`` or a token symbol
``www.claim-usdt.io`` is a stranger's text, and help desks turn bare URLs into links, in
Markdown (GFM autolinks) and in plain replies alike. In every customer format the URLs and
domains of chain text are defanged (``hxxps://evil[.]example/claim``); in Markdown chain
text also goes in code spans, where no renderer makes links. The text around it is
txdoctor's own (it may name mempool.space on purpose) and is left as it is, except that
any ``scheme://`` in it is defanged too: txdoctor's own sentences hold none, so one there
came from a stranger by a way not listed here.

Chain text is found in a report by value: the untrusted parameters of its findings
(``UNTRUSTED_PARAMS``) and the token symbols and names of its facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from txdoctor.advise.report import Report

UNTRUSTED_PARAMS = frozenset(
    {
        "reason",
        "reasons",
        "error_name",
        "asset",
        "last_asset",
        "token_name",
        "tokens",
        "program_log",
        "log_message",
        "sol_raw_error",
        "message",
        "name",
        "memo",  # EOS: a transfer's memo
        "recipient",  # EOS: account names may look like domains ("claim.io")
        "contract",
        "action",
        "assert_message",  # EOS: a contract's assert text, pasted with a push error
        "account",  # EOS: the account a push error names
    }
)
"""Finding parameters that hold strangers' text (chain data, an endpoint's error)."""
MIN_MATCHED_CHARS = 3
"""Shorter chain values are not looked for in a sentence: they would match inside words."""

_SCHEME = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*)(://)")
# A dot (or a dot look-alike browsers accept) between two labels, the last one a TLD-like
# run of letters: "claim-usdt.io", "evil。example"; not "0.5", "U.S." or "USDC.e".
_DOMAIN_DOT = re.compile(r"(?<=[\w-])[.\u3002\uff0e\uff61](?=[\w-]*[^\W\d_][\w-]*)")
_DOMAIN = re.compile(
    r"[\w-]+(?:[.\u3002\uff0e\uff61][\w-]+)*[.\u3002\uff0e\uff61]"
    r"[^\W\d_]{2,}(?![\w])"
)


def defang(text: str) -> str:
    """``text`` with every URL scheme and domain made inert: ``hxxps://evil[.]example``."""
    text = _SCHEME.sub(_defanged_scheme, text)
    return _DOMAIN.sub(lambda m: _DOMAIN_DOT.sub("[.]", m.group()), text)


def defang_urls(text: str) -> str:
    """``text`` with only ``scheme://`` made inert (for txdoctor's own sentences)."""
    return _SCHEME.sub(_defanged_scheme, text)


def _defanged_scheme(match: re.Match[str]) -> str:
    scheme = match.group(1)
    if scheme.lower() in ("http", "https"):
        return scheme[0] + "xx" + scheme[3:] + "://"
    return scheme + "[:]//"


def chain_texts(report: Report) -> tuple[str, ...]:
    """The strangers' strings a report's text may quote, longest first."""
    values: set[str] = set()
    for finding in report.findings:
        for key in UNTRUSTED_PARAMS:
            value = finding.params.get(key)
            if isinstance(value, str):
                values.add(value)
    if report.facts is not None:
        for transfer in report.facts.transfers:
            values.update(v for v in (transfer.token.symbol, transfer.token.name) if v)
    for address in report.addresses:
        tokens = [token for token, _raw in address.token_balances]
        tokens += [address.token] if address.token is not None else []
        values.update(v for token in tokens for v in (token.symbol, token.name) if v)
    return tuple(
        sorted((v for v in values if len(v.strip()) >= MIN_MATCHED_CHARS), key=len, reverse=True)
    )


def split_chain_text(text: str, values: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_chain_text)`` pieces, in order."""
    pattern = _pattern(tuple(values))
    if pattern is None:
        return [(text, False)] if text else []
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def _pattern(values: tuple[str, ...]) -> re.Pattern[str] | None:
    if not values:
        return None
    # Longest first, so a value holding another one is matched whole; whole words only.
    alternatives = "|".join(
        (r"(?<!\w)" if value[0].isalnum() else "")
        + re.escape(value)
        + (r"(?!\w)" if value[-1].isalnum() else "")
        for value in values
    )
    return re.compile(alternatives)


def defanged(text: str, values: Iterable[str]) -> str:
    """``text`` with its chain text defanged, and any ``scheme://`` in the rest."""
    return "".join(
        defang(piece) if chain else defang_urls(piece)
        for piece, chain in split_chain_text(text, values)
    )
