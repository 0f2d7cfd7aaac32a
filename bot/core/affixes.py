"""Find the file's words that contain a query word, or begin with most of it.

The last resort before giving up on a question word: "flank" is the tail of
"oostflank", "aanvallen" of "cyberaanvallen", and "Russen" begins "Russische" (a
demonym, an inflection or a cognate often shares most of its start with the file's word).
Sorted word lists (and reversed words for endings) make each look-up a bisection, so it
stays cheap on a large file.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

MIN_AFFIX_CHARS = 5
MIN_SHARED_PREFIX = 0.6
"""A shared beginning must cover this share of the question's word ("russen" ~ "russische")."""
MIN_SHARED_CHARS = 4
MAX_RELATED = 3
DERIVATIONAL_SUFFIXES = (
    "schappen",
    "schap",
    "heden",
    "heid",
    "ingen",
    "ing",
    "lijke",
    "lijk",
    "ische",
    "isch",
)
"""Dutch endings that make a new word of a stem ("bondgenootschap" of "bondgenoot");
without them the stem's own forms ("bondgenoten") share most of the word's start."""


class AffixIndex:
    """Sorted forward and reversed word lists for prefix and suffix look-ups."""

    def __init__(self, words: Iterable[str]) -> None:
        self._forward = sorted(w for w in words if w.isalpha())
        self._reversed = sorted(w[::-1] for w in self._forward)

    def ending_with(self, word: str) -> list[str]:
        """Longer words that end with `word`: compounds whose head it is ("bedreiging")."""
        if len(word) < MIN_AFFIX_CHARS or not word.isalpha():
            return []
        found = [w[::-1] for w in _with_prefix(self._reversed, word[::-1]) if len(w) > len(word)]
        return sorted(found, key=lambda w: (len(w), w))[:MAX_RELATED]

    def starting_with(self, word: str) -> list[str]:
        """Longer words that start with `word`: compounds it is the first part of."""
        if len(word) < MIN_AFFIX_CHARS or not word.isalpha():
            return []
        found = [w for w in _with_prefix(self._forward, word) if len(w) > len(word)]
        return sorted(found, key=lambda w: (len(w), w))[:MAX_RELATED]

    def related(self, word: str) -> list[str]:
        """Longer words ending or starting with `word`, else words sharing most of its start."""
        if len(word) < MIN_AFFIX_CHARS or not word.isalpha():
            return []
        found = self.ending_with(word) + self.starting_with(word)
        if not found:
            found = self._shared_start(word) or self._shared_start(_without_suffix(word))
        return sorted(set(found), key=lambda w: (len(w), w))[:MAX_RELATED]

    def _shared_start(self, word: str) -> list[str]:
        out: list[str] = []
        if len(word) < MIN_SHARED_CHARS:
            return out
        for w in _with_prefix(self._forward, word[:MIN_SHARED_CHARS]):
            shared = _common_prefix(word, w)
            if shared >= MIN_SHARED_PREFIX * len(word):
                out.append(w)
        return out


def _without_suffix(word: str) -> str:
    """`word` without a derivational ending, when enough of a stem is left; else ''."""
    for suffix in DERIVATIONAL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_AFFIX_CHARS:
            return word[: -len(suffix)]
    return ""


def _with_prefix(sorted_words: list[str], prefix: str, limit: int = 50) -> list[str]:
    out: list[str] = []
    i = bisect_left(sorted_words, prefix)
    while i < len(sorted_words) and sorted_words[i].startswith(prefix) and len(out) < limit:
        out.append(sorted_words[i])
        i += 1
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
