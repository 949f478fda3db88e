"""Recovery-phrase (BIP-39 mnemonic) detection in every language `mnemonic` ships.

A phrase is found when a run of 10–25 tokens is made (almost) only of words of
one wordlist: at least max(10, 75 %) exact words and at least 90 % exact or
near-miss words (a typo at edit distance 1, or 2 for words of 7+ letters;
Korean compared by jamo; Chinese characters only count exact), or when every
token is a word cut to its unique first four letters.
English prose uses enough wordlist words ("you can also give that") to need a
further guard: a run with many common function words, or with words repeated
(random phrases seldom repeat one), is prose, unless it is a complete phrase
whose BIP-39 checksum verifies. Chinese and Japanese written without spaces
are checked as a whole input (see `_unspaced_han`, `_unspaced_kana`).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

VALID_COUNTS = (12, 15, 18, 21, 24)
MIN_WORDS = 10
MAX_WINDOW = 25
EXACT_SHARE = 0.75
MATCHED_SHARE = 0.9
ABBREVIATION = 4  # BIP-39 words are unique by their first four letters in most lists
LANGUAGE_ORDER = (
    "english", "spanish", "french", "italian", "portuguese", "czech", "turkish",
    "russian", "japanese", "korean", "chinese_simplified", "chinese_traditional",
)  # fmt: skip
CHINESE = ("chinese_simplified", "chinese_traditional")

# English wordlist words that are mostly function words: many of them in a run
# means a sentence, not a phrase (a random 12-word phrase holds 3 of them ~0.2 % of the time).
_ENGLISH_PROSE_MARKERS = (
    "about", "again", "also", "always", "any", "because", "before", "can", "have",
    "into", "just", "more", "much", "never", "now", "often", "only", "other", "same",
    "such", "that", "then", "there", "they", "this", "very", "what", "when", "where",
    "will", "you", "please", "help", "want", "need", "like", "know", "make", "give",
    "tell", "find", "keep", "feel", "try",
)  # fmt: skip
PROSE_MARKERS = {"english": frozenset(_ENGLISH_PROSE_MARKERS)}
# Characters of a Chinese question, rare in a phrase; an unspaced run holding one is
# only refused when its checksum verifies.
CONVERSATIONAL_HAN = frozenset("我你吗呢请帮吧啊嗎幫請什么麼为為帐账賬")

# U+FFFD is kept inside words: see _DAMAGED_WORDS.
_LETTER_RUN = re.compile(r"(?:[^\W\d_]|\ufffd)+")
# mnemonic's russian.txt has "снова" stored with its "в" replaced by two U+FFFD.
# Phrases from wallets hold the real word, phrases made by `mnemonic` the damaged one.
_DAMAGED_WORDS = {"сно\ufffd\ufffdа": "снова"}
_CAMEL_EDGE = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")
_KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff]+$")


@dataclass(frozen=True)
class PhraseFinding:
    """A recovery phrase was found: its language, word count and written form."""

    language: str
    words: int
    form: str  # "words", "abbreviated" (first 4 letters) or "unspaced"
    exact: int = 0  # how many of the words are exact wordlist words


@dataclass(frozen=True)
class Token:
    """A word of the text, normalised; `joined` for a Han character inside a longer run."""

    text: str
    joined: bool = False


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF


@lru_cache(maxsize=16384)
def normalize_word(word: str) -> str:
    """Compare form of a word: accents dropped for Latin script (users often omit
    them: "eleve" for "élève"), NFKC otherwise (kana voicing marks matter)."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if stripped.isascii():
        return stripped.casefold()
    return unicodedata.normalize("NFKC", word).casefold()


def tokenize(text: str) -> list[Token]:
    """Split text into words: letter runs, with Han characters one per token."""
    tokens: list[Token] = []
    for match in _LETTER_RUN.finditer(text):
        run = match.group()
        if not any(is_han(ch) for ch in run):
            tokens.append(Token(normalize_word(run)))
            continue
        joined = sum(1 for ch in run if is_han(ch)) > 1
        pending = ""
        for ch in run:
            if is_han(ch):
                if pending:
                    tokens.append(Token(normalize_word(pending)))
                    pending = ""
                tokens.append(Token(ch, joined))
            else:
                pending += ch
        if pending:
            tokens.append(Token(normalize_word(pending)))
    return tokens


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a swap counts 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def typo_budget(word: str) -> int:
    """How many edits a word may carry and still count as a wordlist word."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 6 else 2


class Wordlist:
    """One BIP-39 wordlist, normalised, with typo lookup built on first use."""

    def __init__(self, language: str, words: Sequence[str]) -> None:
        self.language = language
        self.han = language in CHINESE
        self.index = {normalize_word(w): i for i, w in enumerate(words)}
        for damaged, repaired in _DAMAGED_WORDS.items():
            if damaged in self.index:
                self.index[normalize_word(repaired)] = self.index[damaged]
        self.prefixes: dict[str, int] = {}
        if not self.han:
            prefix_counts: dict[str, int] = {}
            for word in self.index:
                prefix_counts[word[:ABBREVIATION]] = prefix_counts.get(word[:ABBREVIATION], 0) + 1
            self.prefixes = {
                w[:ABBREVIATION]: i
                for w, i in self.index.items()
                if len(w) > ABBREVIATION and prefix_counts[w[:ABBREVIATION]] == 1
            }
        self.lengths = sorted({len(w) for w in self.index})
        self._near: dict[str, list[str]] | None = None

    def exact(self, token: Token) -> bool:
        """True when the token is a word of this list."""
        if self.han:
            return not token.joined and token.text in self.index
        return token.text in self.index

    def abbreviation(self, token: Token) -> bool:
        """True when the token is a wordlist word cut to its unique first 4 letters."""
        return len(token.text) == ABBREVIATION and token.text in self.prefixes

    def near(self, token: Token) -> bool:
        """True when the token is a typo (small edit distance) of a wordlist word."""
        if self.han:
            return False
        text = self._typo_form(token.text)
        budget = typo_budget(text)
        if budget == 0:
            return False
        if self._near is None:
            self._near = {}
            for word in map(self._typo_form, self.index):
                for variant in _deletions(word, typo_budget(word) or 1):
                    self._near.setdefault(variant, []).append(word)
        for variant in _deletions(text, budget):
            for word in self._near.get(variant, ()):
                if osa_distance(text, word, budget) <= budget:
                    return True
        return False

    def _typo_form(self, word: str) -> str:
        # A Korean typo changes one jamo, not a whole syllable: compare decomposed.
        return unicodedata.normalize("NFD", word) if self.language == "korean" else word

    def checksum_ok(self, words: Sequence[str]) -> bool:
        """True when the normalised words form a phrase with a valid BIP-39 checksum."""
        if len(words) not in VALID_COUNTS or any(w not in self.index for w in words):
            return False
        packed = 0
        for word in words:
            packed = packed << 11 | self.index[word]
        checksum_bits = len(words) * 11 // 33
        entropy = (packed >> checksum_bits).to_bytes(len(words) * 11 * 32 // 33 // 8, "big")
        expected = hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits)
        return packed & ((1 << checksum_bits) - 1) == expected


@cache
def wordlists() -> tuple[Wordlist, ...]:
    """All BIP-39 wordlists shipped with `mnemonic`, most used languages first."""
    from mnemonic import Mnemonic  # loaded only for text that may hold a phrase

    available = set(Mnemonic.list_languages())
    ordered = [lang for lang in LANGUAGE_ORDER if lang in available]
    ordered += sorted(available - set(ordered))
    return tuple(Wordlist(lang, Mnemonic(lang).wordlist) for lang in ordered)


@cache
def _word_owners() -> dict[str, tuple[Wordlist, ...]]:
    """Every word and unique 4-letter prefix of every list, with the lists holding it."""
    owners: dict[str, list[Wordlist]] = {}
    for wordlist in wordlists():
        for word in (*wordlist.index, *wordlist.prefixes):
            holders = owners.setdefault(word, [])
            if not holders or holders[-1] is not wordlist:
                holders.append(wordlist)
    return {word: tuple(holders) for word, holders in owners.items()}


def is_wordlist_word(token: Token) -> bool:
    """True when ``token`` is a word (or unique 4-letter prefix) of any wordlist."""
    return token.text in _word_owners()


def _candidate_lists(tokens: Sequence[Token]) -> list[Wordlist]:
    """The lists that hold at least MIN_WORDS of the tokens: the only ones worth a scan."""
    owners = _word_owners()
    counts: dict[str, int] = {}
    for token in tokens:
        for wordlist in owners.get(token.text, ()):
            counts[wordlist.language] = counts.get(wordlist.language, 0) + 1
    return [w for w in wordlists() if counts.get(w.language, 0) >= MIN_WORDS]


def _prefix_sums(flags: Sequence[bool]) -> list[int]:
    sums = [0]
    for flag in flags:
        sums.append(sums[-1] + flag)
    return sums


def _could_hold_phrase(sums: list[int]) -> bool:
    n = len(sums) - 1
    width = min(n, MAX_WINDOW)
    return any(sums[s + width] - sums[s] >= MIN_WORDS for s in range(n - width + 1))


def _slide(seen: Counter[str], leaving: str, entering: str) -> None:
    seen[leaving] -= 1
    if not seen[leaving]:
        del seen[leaving]
    seen[entering] += 1


class _Scan:
    """Sliding-window search for a phrase of one wordlist in a token list."""

    def __init__(self, wordlist: Wordlist, tokens: Sequence[Token]) -> None:
        self.wordlist = wordlist
        self.tokens = tokens
        self.exact = [wordlist.exact(t) for t in tokens]
        self.short_matches = [
            e or wordlist.abbreviation(t) for e, t in zip(self.exact, tokens, strict=True)
        ]
        self.exact_sums = _prefix_sums(self.exact)
        self.short_sums = _prefix_sums(self.short_matches)
        self.all_short = _prefix_sums([len(t.text) <= ABBREVIATION for t in tokens])
        markers = PROSE_MARKERS.get(wordlist.language, frozenset())
        self.marker_sums = _prefix_sums([t.text in markers for t in tokens])
        self._near: dict[int, bool] = {}

    def worth_scanning(self) -> bool:
        return _could_hold_phrase(self.exact_sums) or (
            bool(self.wordlist.prefixes) and _could_hold_phrase(self.short_sums)
        )

    def _near_at(self, index: int) -> bool:
        if index not in self._near:
            self._near[index] = self.wordlist.near(self.tokens[index])
        return self._near[index]

    def find(self) -> PhraseFinding | None:
        n = len(self.tokens)
        texts = [t.text for t in self.tokens]
        for width in range(min(n, MAX_WINDOW), MIN_WORDS - 1, -1):
            seen = Counter(texts[:width])  # slides along with the window
            for start in range(n - width + 1):
                if start:
                    _slide(seen, texts[start - 1], texts[start + width - 1])
                form = self._phrase_at(start, width, width - len(seen))
                if form is not None:
                    exact = self.exact_sums[start + width] - self.exact_sums[start]
                    return PhraseFinding(self.wordlist.language, width, form, exact)
        return None

    def _phrase_at(self, start: int, width: int, repeats: int) -> str | None:
        end = start + width
        need_exact = max(MIN_WORDS, math.ceil(EXACT_SHARE * width))
        exact = self.exact_sums[end] - self.exact_sums[start]
        matched_flags = self.exact
        form = "words"
        if self.all_short[end] - self.all_short[start] == width:
            abbreviated = self.short_sums[end] - self.short_sums[start]
            if abbreviated > exact:
                exact, matched_flags, form = abbreviated, self.short_matches, "abbreviated"
        if exact < need_exact:
            return None
        if exact < width:
            # Han characters have no near misses to find, so only the exact share counts.
            allowed_misses = width - (
                need_exact if self.wordlist.han else math.ceil(MATCHED_SHARE * width)
            )
            unmatched = 0
            for index in range(start, end):
                if not matched_flags[index] and not self._near_at(index):
                    unmatched += 1
                    if unmatched > allowed_misses:
                        return None
        if self._reads_like_prose(start, width, repeats):
            return None
        return form

    def _reads_like_prose(self, start: int, width: int, repeats: int) -> bool:
        """Function words or repeated words: a sentence or a list of terms, unless the
        run is a complete phrase whose checksum verifies."""
        markers = self.marker_sums[start + width] - self.marker_sums[start]
        if markers < max(3, math.ceil(width / 4)) and repeats < max(2, math.ceil(width / 6)):
            return False
        if width not in VALID_COUNTS:
            return True
        words = [t.text for t in self.tokens[start : start + width]]
        return not self.wordlist.checksum_ok(words)


def _unspaced_han(text: str) -> PhraseFinding | None:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) not in VALID_COUNTS or not all(is_han(ch) for ch in letters):
        return None
    chatty = any(ch in CONVERSATIONAL_HAN for ch in letters)
    for wordlist in sorted(
        (w for w in wordlists() if w.han), key=lambda w: sum(ch not in w.index for ch in letters)
    ):
        missing = sum(1 for ch in letters if ch not in wordlist.index)
        if (missing == 0 and wordlist.checksum_ok(letters)) or (missing <= 1 and not chatty):
            return PhraseFinding(
                wordlist.language, len(letters), "unspaced", len(letters) - missing
            )
    return None


def _unspaced_kana(text: str) -> PhraseFinding | None:
    kana = "".join(ch for ch in text if ch.isalpha())
    if len(kana) < 3 * VALID_COUNTS[0] or not _KANA.match(kana):
        return None
    japanese = next((w for w in wordlists() if w.language == "japanese"), None)
    if japanese is None:
        return None
    reachable: list[set[int]] = [set() for _ in range(len(kana) + 1)]
    reachable[0].add(0)
    for i in range(len(kana)):
        if not reachable[i]:
            continue
        for length in japanese.lengths:
            if i + length <= len(kana) and kana[i : i + length] in japanese.index:
                reachable[i + length] |= {c + 1 for c in reachable[i] if c < VALID_COUNTS[-1]}
    counts = reachable[len(kana)] & set(VALID_COUNTS)
    if counts:
        return PhraseFinding("japanese", max(counts), "unspaced")
    return None


# No ASCII word or unique prefix of any BIP-39 list is shorter (a unit test checks it).
SHORTEST_ASCII_WORD = 3
# In ASCII text, the letter runs (``_LETTER_RUN``) that may be words.
_ASCII_WORDISH = re.compile(rf"[A-Za-z]{{{SHORTEST_ASCII_WORD},}}")


def _enough_possible_words(text: str) -> bool:
    """Whether ``text`` may hold MIN_WORDS wordlist words: an upper bound on the tokens
    that could be, without tokenizing. A plain hash or address is cut into short letter
    runs ("x", "aaeb", "f") that cannot be, and then the wordlists (about 70 ms to build)
    are never loaded nor scanned. A run with other than ASCII letters may give one token a
    character (Han), so it counts as that many."""
    if text.isascii():  # letters are A-Z and a-z: one findall counts the runs of 3 or more
        return len(_ASCII_WORDISH.findall(text)) >= MIN_WORDS
    possible = 0
    for match in _LETTER_RUN.finditer(text):
        run = match.group()
        if not run.isascii():
            possible += len(run)
        elif len(run) >= SHORTEST_ASCII_WORD:
            possible += 1
        if possible >= MIN_WORDS:
            return True
    return False


def find_phrase(text: str) -> PhraseFinding | None:
    """Find a BIP-39 recovery phrase (whole, damaged, or inside other text)."""
    text = unicodedata.normalize("NFKC", text)
    # "AbandonAbilityAble…": words joined in CamelCase are words all the same.
    spaced = _CAMEL_EDGE.sub(" ", text)
    if _enough_possible_words(spaced):
        tokens = tokenize(spaced)
        # Lists share words (English/French, both Chinese lists): keep the best fit.
        findings = []
        for wordlist in _candidate_lists(tokens):
            scan = _Scan(wordlist, tokens)
            if scan.worth_scanning():
                finding = scan.find()
                if finding is not None:
                    findings.append(finding)
        if findings:
            return max(findings, key=lambda f: (f.words, f.exact))
    if text.isascii():  # no Han, no kana: nothing unspaced to look for (most rows)
        return None
    return _unspaced_han(text) or _unspaced_kana(text)
