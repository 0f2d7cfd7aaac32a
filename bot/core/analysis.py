"""Dutch text analysis: fold, drop stop words, stem — each distinct word analysed once.

Mirrors Lucene's DutchAnalyzer (Snowball stop words, Snowball stemmer) with two fixes:
accents are folded before stemming (Oekraïne = Oekraine), and
question words are stop words, so a question's form does not drive ranking.
"""

from __future__ import annotations

import re

import Stemmer

from bot.core import nl
from bot.core.text import Token

MIN_TERM_CHARS = 2
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
"""Thousands written with separators: "100.000" (Dutch) and "100,000" (English) alike."""
CONTENT_CACHE_WORDS = 65_536
"""Folded words whose content words are remembered (quoting re-reads the same words)."""


def stopwords() -> frozenset[str]:
    """The stop word list shipped in `bot/core/data/nl/stopwords.txt`."""
    return nl.words("stopwords")


class Analyzer:
    """Turns folded words into index terms; caches stems because corpora repeat words."""

    def __init__(self, algorithm: str = "dutch") -> None:
        # PyStemmer's own small cache would only thrash on a large file: we keep every stem.
        self._stemmer = Stemmer.Stemmer(algorithm, 0)
        self._stops = stopwords()
        self._stems: dict[str, str] = {}
        self._content: dict[str, list[str]] = {}

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

    def stem_many(self, words: list[str]) -> list[str]:
        """`stem` of each word, in one call to the stemmer (building a large index)."""
        out = list(words)
        todo = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
        for i, stem in zip(todo, self._stemmer.stemWords([words[i] for i in todo]), strict=True):
            out[i] = stem
        return out

    def content_words(self, token: Token) -> list[str]:
        """The folded words a token stands for: the whole word, then its hyphen parts."""
        return self.content_words_of(token.folded)

    def content_words_of(self, folded: str) -> list[str]:
        """`content_words` for a folded token; most words are plain letters and take a
        shortcut, the rest are remembered (quoting re-reads the same words).

        A number grouped in thousands stands for its digits, so "100.000", "100,000" and
        "100000" are one term; a decimal ("2,5") stays as written.
        """
        if folded.isalpha():
            return [] if self.is_stopword(folded) else [folded]
        cached = self._content.get(folded)
        if cached is None:
            cached = []
            if _GROUPED_NUMBER.fullmatch(folded):
                cached = [folded.replace(".", "").replace(",", "")]
            elif folded not in self._stops:
                token = Token(0, len(folded), folded)
                whole = token.joined
                cached = [whole] if not self.is_stopword(whole) else []
                cached.extend(p for p in token.parts if not self.is_stopword(p) and p != whole)
            if len(self._content) >= CONTENT_CACHE_WORDS:
                self._content.clear()
            self._content[folded] = cached
        return list(cached)
