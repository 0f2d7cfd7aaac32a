"""Tokens with exact offsets, and the folding that makes "Oekraïne" match "oekraine".

Tokens are found in the original text, so their offsets can highlight the article
verbatim; only the token's own copy is normalised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Numbers keep their separators ("100.000", "2,5"); words keep inner hyphens and
# apostrophes ("NAVO-Rusland-raad", "zo'n") so they can be indexed whole and in parts.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’\-‐‑][^\W_]+)*")
_PART_SPLIT = re.compile(r"['’\-‐‑]")


@dataclass(frozen=True, slots=True)
class Token:
    """A word as written (`start`/`end` index the source text) and its folded form."""

    start: int
    end: int
    folded: str

    @property
    def parts(self) -> list[str]:
        """The pieces of a hyphenated word ("navo", "rusland", "raad"); [] when it is one piece."""
        pieces = [p for p in _PART_SPLIT.split(self.folded) if p]
        return pieces if len(pieces) > 1 else []

    @property
    def joined(self) -> str:
        """The word without its hyphens: "navoruslandraad"."""
        return _PART_SPLIT.sub("", self.folded)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Compatibility-normalise, drop accents and case: "Oekraïne" → "oekraine"."""
    if word.isascii():  # no accents or compatibility forms: the same as the full path
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", stripped.casefold())


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[start:end]`, with offsets into `text`."""
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text, start, stop)]


def words(text: str) -> list[str]:
    """Folded words only, for when offsets are not needed."""
    return [fold(m.group()) for m in _TOKEN.finditer(text)]
