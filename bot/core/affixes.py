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

from bot.core import nl
from bot.core.config import DEFAULT, RetrievalConfig


class AffixIndex:
    """Sorted forward and reversed word lists for prefix and suffix look-ups."""

    def __init__(self, words: Iterable[str], config: RetrievalConfig = DEFAULT) -> None:
        self._min_chars = config.min_affix_chars
        self._min_shared = config.min_shared_prefix
        self._min_shared_chars = config.min_shared_chars
        self._max = config.max_related
        self._forward = sorted(w for w in words if w.isalpha())
        self._reversed = sorted(w[::-1] for w in self._forward)

    def ending_with(self, word: str) -> list[str]:
        """Longer words that end with `word`: compounds whose head it is ("bedreiging")."""
        if len(word) < self._min_chars or not word.isalpha():
            return []
        found = [w[::-1] for w in _with_prefix(self._reversed, word[::-1]) if len(w) > len(word)]
        return sorted(found, key=lambda w: (len(w), w))[: self._max]

    def starting_with(self, word: str) -> list[str]:
        """Longer words that start with `word`: compounds it is the first part of."""
        if len(word) < self._min_chars or not word.isalpha():
            return []
        found = [w for w in _with_prefix(self._forward, word) if len(w) > len(word)]
        return sorted(found, key=lambda w: (len(w), w))[: self._max]

    def related(self, word: str) -> list[str]:
        """Longer words ending or starting with `word`, else words sharing most of its start."""
        if len(word) < self._min_chars or not word.isalpha():
            return []
        found = self.ending_with(word) + self.starting_with(word)
        if not found:
            found = self._shared_start(word) or self._shared_start(
                _without_suffix(word, self._min_chars)
            )
        return sorted(set(found), key=lambda w: (len(w), w))[: self._max]

    def _shared_start(self, word: str) -> list[str]:
        out: list[str] = []
        if len(word) < self._min_shared_chars:
            return out
        for w in _with_prefix(self._forward, word[: self._min_shared_chars]):
            shared = _common_prefix(word, w)
            if shared >= self._min_shared * len(word):
                out.append(w)
        return out


def _without_suffix(word: str, min_chars: int) -> str:
    """`word` without a derivational ending ("bondgenootschap" of "bondgenoot": without it
    the stem's own forms share most of the word's start), when enough of a stem is left."""
    for suffix in nl.ordered("derivational_suffixes"):
        if word.endswith(suffix) and len(word) - len(suffix) >= min_chars:
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
