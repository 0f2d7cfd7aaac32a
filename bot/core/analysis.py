"""Dutch text analysis: fold, drop stop words, stem — each distinct word analysed once.

Mirrors Lucene's DutchAnalyzer (Snowball stop words, Snowball stemmer) with two fixes
the notes call for: accents are folded before stemming (Oekraïne = Oekraine), and
question words are stop words, so a question's form does not drive ranking.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import Stemmer

from bot.core.text import Token

MIN_TERM_CHARS = 2


@cache
def stopwords() -> frozenset[str]:
    """The stop word list shipped in `bot/core/data/stopwords_nl.txt`."""
    data = resources.files("bot.core").joinpath("data/stopwords_nl.txt").read_text("utf-8")
    words: set[str] = set()
    for line in data.splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


class Analyzer:
    """Turns folded words into index terms; caches stems because corpora repeat words."""

    def __init__(self, algorithm: str = "dutch") -> None:
        self._stemmer = Stemmer.Stemmer(algorithm)
        self._stops = stopwords()
        self._stems: dict[str, str] = {}

    def is_stopword(self, word: str) -> bool:
        """True for words too common or too formal to say what a question is about."""
        return word in self._stops or len(word) < MIN_TERM_CHARS

    def stem(self, word: str) -> str:
        """The Snowball Dutch stem of a folded word; numbers and short words stay as they are."""
        stem = self._stems.get(word)
        if stem is None:
            stem = word if len(word) <= 3 or not word.isalpha() else self._stemmer.stemWord(word)
            self._stems[word] = stem
        return stem

    def content_words(self, token: Token) -> list[str]:
        """The folded words a token stands for: the whole word, then its hyphen parts."""
        if token.folded in self._stops:
            return []
        whole = token.joined
        out = [whole] if not self.is_stopword(whole) else []
        out.extend(p for p in token.parts if not self.is_stopword(p) and p != whole)
        return out
