"""Secrets spread over several inputs, which the classifier cannot see one input at a time.

A recovery phrase typed without quotes (``txdoctor diagnose word1 word2 …``) arrives as one
argument per word, and one pasted from a list arrives on stdin one word per line; a key
may sit after its label (``private key:`` then the hex, or ``my private key is`` typed as
four arguments) or before it (the hex, then ``(private key)`` on the next line); a
pretty-printed keystore arrives one line at a time. Each piece alone is invalid input (or,
for the key, a "transaction hash"), so it would be echoed back, or sent to every endpoint.
This joins neighbouring pieces and lets the classifier judge the whole: a secret becomes
one input, refused and redacted like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .classify import MAX_SCAN_CHARS, classify
from .eos_ids import ACCOUNT_NAME
from .model import Classified, InputKind
from .phrases import MAX_WINDOW
from .secrets import find_secret

MAX_PIECE_CHARS = 64
"""Longer inputs are not pieces of a spread secret (words and labels are short)."""
TAIL = 2 * MAX_WINDOW
"""Pieces a phrase can span, numbering included ("1." "abandon" "2." "ability" …)."""
MAX_HELD = 128
"""Pieces held back at most before the first ones are released; a secret found among them
keeps ``TAIL`` more, so no piece of it is released alone. Joined, they stay under the
length the classifier scans for secrets."""
LABEL_PIECES = 6
"""Pieces a label before its key may span ("my" "private" "key" "is" …)."""
AFTER_PIECES = 4
"""Pieces a label after its key may span ("(private" "key)" …)."""
MAX_DOCUMENT_LINES = 200
"""Lines joined at most while a JSON document's brackets are open."""

_KEY_SHAPED = re.compile(r"(?:0[xX])?[0-9a-fA-F]{64}|[1-9A-HJ-NP-Za-km-z]{64,90}")

_FORWARD_LABEL_ENDS = (":", "：", "=")
# How a JSON object or array starts: "{", "[", '{"…', "[12, …", '[{"…'.
_JSON_OPENER = re.compile(r'\s*(?:\{\s*(?:"|$)|\[\s*(?:[\d"{\[]|$))')


def join_spread_secrets(inputs: Iterable[str]) -> Iterator[str]:
    """``inputs`` in order, with every run of pieces that together hold a secret joined
    into one input (which the classifier then refuses). Everything else is unchanged.

    An input shaped like a key (64 hex digits, 64 bytes of base58) is held until the next
    input arrives, to see whether a label follows it."""
    joiner = _Joiner()
    for item in inputs:
        yield from joiner.feed(item)
    yield from joiner.finish()


class _Joiner:
    """The pieces held back while it is not yet known whether they form a secret."""

    def __init__(self) -> None:
        self.held: list[str] = []  # short invalid pieces: words, labels
        self.secret_held = False
        self.key: str | None = None  # a key-shaped input waiting for what follows it
        self.after: list[str] = []  # the pieces after it
        self.key_labelled = False  # whether those pieces label it

    def feed(self, item: str) -> Iterator[str]:
        if self.key is not None:
            yield from self._after_key(item)
            return
        if _is_piece(item):
            yield from self._hold(item)
            return
        if self.held:
            labelled = self._labelled_key(item)
            yield from _released(self.held if labelled is None else self.held[: -labelled[0]])
            self.held, self.secret_held = [], False
            if labelled is not None:
                yield labelled[1]
                return
        if _KEY_SHAPED.fullmatch(item.strip()):
            self.key = item
        else:
            yield item

    def _labelled_key(self, item: str) -> tuple[int, str] | None:
        """How many held pieces, joined with ``item``, make a labelled key, and the whole."""
        if not _is_id(item):
            return None
        for count in range(1, min(len(self.held), LABEL_PIECES) + 1):
            labelled = " ".join([*self.held[-count:], item])
            if find_secret(labelled) is not None:
                return count, labelled
        return None

    def finish(self) -> Iterator[str]:
        if self.key is not None and self.key_labelled:
            yield " ".join([self.key, *self.after])
            self.key, self.after, self.key_labelled = None, [], False
        elif self.key is not None:
            yield from self._release_key([])
        yield from _released(self.held)
        self.held, self.secret_held = [], False

    def _hold(self, item: str) -> Iterator[str]:
        self.held.append(item)
        if self.secret_held and len(self.held) >= MAX_HELD + TAIL:
            yield " ".join(self.held)
            self.held, self.secret_held = [], False
        elif not self.secret_held and len(self.held) >= MAX_HELD:
            self.secret_held = _holds_secret(self.held)
            if not self.secret_held:
                yield from self.held[:-TAIL]  # a phrase reaching past the end starts later
                self.held = self.held[-TAIL:]

    def _after_key(self, item: str) -> Iterator[str]:
        """A piece after a held key: maybe its label ("(private key)"). Once the pieces
        label the key, more are taken until an input that is not a piece: if the last
        pieces label that input too ("… my private key is <key>"), it joins the refusal,
        as nobody can tell which key they name."""
        assert self.key is not None
        # "private key:" names what follows it, not the key before it.
        forward = item.rstrip().endswith(_FORWARD_LABEL_ENDS) and not self.key_labelled
        if _is_piece(item) and not forward and len(self.after) < AFTER_PIECES + LABEL_PIECES:
            self.after.append(item)
            if not self.key_labelled and len(self.after) <= AFTER_PIECES:
                self.key_labelled = find_secret(" ".join([self.key, *self.after])) is not None
            elif not self.key_labelled:
                yield from self._release_key([])
            return
        if not self.key_labelled:
            yield from self._release_key([item])
            return
        run = [self.key, *self.after]
        self.key, self.after, self.key_labelled = None, [], False
        if not _is_piece(item) and _labels(run[1:], item):
            yield " ".join([*run, item])
            return
        yield " ".join(run)
        yield from self.feed(item)

    def _release_key(self, more: list[str]) -> Iterator[str]:
        """The held key as it is; what came after it is judged afresh."""
        assert self.key is not None
        key, rest = self.key, [*self.after, *more]
        self.key, self.after, self.key_labelled = None, [], False
        yield key
        for item in rest:
            yield from self.feed(item)


def _labels(pieces: list[str], item: str) -> bool:
    """True when the last of ``pieces``, which already label the key before them, may
    label ``item`` too ("<hash> my private key is" <hex>, "<hash> priv key" <hex>): which
    key they name cannot be told, so both are refused. Only a label closed by a bracket
    ("<key> (private key)") plainly names what came before it."""
    last = pieces[-1].rstrip() if pieces else ""
    if not last or last.endswith((")", "）", "]")) or not _is_id(item):
        return False
    return any(
        find_secret(" ".join([*pieces[-count:], item])) is not None
        for count in range(1, min(len(pieces), LABEL_PIECES) + 1)
    )


def _is_piece(item: str) -> bool:
    # 64 hex digits (a txid, or a key) are never invalid input: no need to classify them.
    return (
        len(item) <= MAX_PIECE_CHARS
        and not _KEY_SHAPED.fullmatch(item.strip())
        and _is_word(classify(item))
    )


def _is_word(verdict: Classified) -> bool:
    """Not an id: invalid input, or a bare word that is only a possible EOS account name
    (every seed word has that shape: a phrase spread over lines must still be joined)."""
    return verdict.kind is InputKind.INVALID or verdict.detail.get("form") == ACCOUNT_NAME


def _is_id(item: str) -> bool:
    """A hash or an address (not a refused secret, not a word that may be an EOS account)."""
    verdict = classify(item)
    return verdict.ok and not _is_word(verdict)


def _holds_secret(pieces: list[str]) -> bool:
    return len(pieces) >= 2 and find_secret(" ".join(pieces)) is not None


def _released(pieces: list[str]) -> Iterator[str]:
    """The pieces one by one, or all of them as one input when together they are a secret."""
    if _holds_secret(pieces):
        yield " ".join(pieces)
    else:
        yield from pieces


def join_json_documents(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(lines used, text)`` for each input of ``lines``: a line that opens a JSON object
    or array (a pretty-printed keystore, a keypair file) is joined with the lines after it
    until its brackets close, so that the document is judged whole. Bounded: at most
    ``MAX_DOCUMENT_LINES`` lines and ``MAX_SCAN_CHARS`` characters; brackets still open
    then (or at the end) leave the lines as they were, one input each."""
    iterator = iter(lines)
    for line in iterator:
        depth = _depth_change(line) if _JSON_OPENER.match(line) else 0
        if depth <= 0:
            yield 1, line
            continue
        parts = [line]
        size = len(line)
        while depth > 0 and len(parts) < MAX_DOCUMENT_LINES and size < MAX_SCAN_CHARS:
            following = next(iterator, None)
            if following is None:
                break
            parts.append(following)
            size += len(following) + 1
            depth += _depth_change(following)
        if depth <= 0:
            yield len(parts), "\n".join(parts)
        else:
            yield from ((1, part) for part in parts)


def _depth_change(line: str) -> int:
    """Opened minus closed brackets on a line, outside JSON strings (a line holds whole
    strings: JSON strings cannot span lines)."""
    depth = 0
    in_string = escaped = False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
    return depth
