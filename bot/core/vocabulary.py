"""The knowledge file's own words: split compounds against them and correct typos to them.

No dictionary ships with the bot; the article is its own lexicon. That is enough for
"troepenopbouw" ↔ "opbouw van troepen" and "Stoltenburg" → "stoltenberg" on one article,
and it grows with the file.

Both look-ups stay cheap on a large file, and give what trying everything would give.
A compound is split by first finding which of its prefixes and suffixes are words (one
dictionary probe each); then only split points next to a known head or tail are tried,
against sets of integers rather than by slicing the word again and again. Typo correction
first drops, with one vectorised pass, every candidate whose letters cannot be within
the typo budget, and runs the edit distance on the few that remain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.config import DEFAULT, RetrievalConfig

LINKING_MORPHEMES = ("s", "en", "e")
LINKS = ("", *LINKING_MORPHEMES)
"""What may stand between two words joined into a compound."""
_LETTER_BITS = 26
_OTHER_BITS = 64 - _LETTER_BITS
_UNFILTERED_CANDIDATES = 1024
"""Up to this many candidates go straight to the edit distance (filtering costs more)."""


def typo_budget(word: str, config: RetrievalConfig = DEFAULT) -> int:
    """Edits allowed when correcting a word (Meilisearch's rule): 0 ≤4, 1 ≤8, 2 beyond."""
    if len(word) <= config.typo_short_chars:
        return 0
    if len(word) <= config.typo_medium_chars:
        return 1
    return 2


def _letter_mask(word: str) -> int:
    """The set of a word's characters as 64 bits: a-z one bit each, others hashed."""
    mask = 0
    for char in word:
        code = ord(char)
        bit = code - 97 if 97 <= code < 97 + _LETTER_BITS else _LETTER_BITS + code % _OTHER_BITS
        mask |= 1 << bit
    return mask


@dataclass(frozen=True)
class _TypoTable:
    """The words sorted by length, with their letter masks, for `Vocabulary.nearest`."""

    words: list[str]
    masks: npt.NDArray[np.uint64]
    starts: npt.NDArray[np.int64]
    """`words[starts[n]:starts[n + 1]]` are the words of length n."""

    @classmethod
    def build(cls, words: list[str]) -> _TypoTable:
        """Sort by length and compute every word's letter mask in one pass over all letters."""
        ordered = sorted(words, key=len)
        lengths = np.fromiter(map(len, ordered), dtype=np.int64, count=len(ordered))
        codes = np.frombuffer("".join(ordered).encode("utf-32-le"), dtype=np.uint32)
        bits = codes.astype(np.int64)
        bits -= 97
        other = (bits < 0) | (bits >= _LETTER_BITS)
        bits[other] = _LETTER_BITS + codes[other] % _OTHER_BITS
        flags = np.left_shift(np.uint64(1), bits.astype(np.uint64))
        masks = np.zeros(len(ordered), dtype=np.uint64)
        filled = lengths > 0
        if filled.any():
            ends = np.cumsum(lengths)
            masks[filled] = np.bitwise_or.reduceat(flags, (ends - lengths)[filled])
        longest = int(lengths[-1]) if len(ordered) else 0
        starts = np.searchsorted(lengths, np.arange(longest + 2), side="left")
        return cls(ordered, masks, starts.astype(np.int64))

    def candidates(self, word: str, budget: int) -> list[str]:
        """Words within `budget` of `word` in length whose letters could be `budget` edits off.

        An edit brings at most one new character into a word and takes at most one out, so
        words that lack more than `budget` of the word's characters (or have more than
        `budget` it lacks) are too far; the bit masks only make that test weaker, never wrong.
        """
        last = len(self.starts) - 1
        lo = int(self.starts[min(max(len(word) - budget, 0), last)])
        hi = int(self.starts[min(len(word) + budget + 1, last)])
        if hi - lo <= _UNFILTERED_CANDIDATES:
            return self.words[lo:hi]
        wanted = np.uint64(_letter_mask(word))
        masks = self.masks[lo:hi]
        near = (np.bitwise_count(masks & ~wanted) <= budget) & (
            np.bitwise_count(wanted & ~masks) <= budget
        )
        return [self.words[lo + i] for i in np.flatnonzero(near).tolist()]


class Vocabulary:
    """The folded content words of a knowledge file with their document frequencies."""

    def __init__(
        self, document_frequency: dict[str, int], config: RetrievalConfig = DEFAULT
    ) -> None:
        self.df = document_frequency
        self.config = config
        self._typo_table: _TypoTable | None = None

    def __contains__(self, word: object) -> bool:
        return word in self.df

    def prepare(self) -> None:
        """Build the typo look-up table now rather than at the first misspelt question."""
        self._typos()

    def _typos(self) -> _TypoTable:
        if self._typo_table is None:
            self._typo_table = _TypoTable.build(list(self.df))
        return self._typo_table

    def split_compound(self, word: str) -> list[str]:
        """Known words a compound is made of ("troepenopbouw" → troepen, opbouw); [] if none.

        Tries every split point, allowing a linking -s-, -en- or -e- after the head; keeps
        the split whose parts are longest. A part is only taken if the file uses it alone.
        """
        n = len(word)
        min_part = self.config.min_part_chars
        if n < self.config.min_compound_chars or not word.isalpha():
            return []
        df = self.df
        span = range(min_part, n - min_part + 1)
        tails = [i for i in span if word[i:] in df]
        if not tails:
            # Without a known tail, the best split is the longest known head leaving 4 letters.
            for cut in range(n - 4, 3, -1):
                if word[:cut] in df:
                    return [word[:cut]]
            return []
        return self._best_split(word, {i for i in span if word[:i] in df}, tails)

    def _best_split(self, word: str, heads: set[int], tails: list[int]) -> list[str]:
        """`split_compound` given where known words end a head (`heads`: lengths of known
        prefixes) and start a tail (`tails`: sorted starts of known suffixes, not empty).

        Only split points next to a known head or tail can yield parts, so only those are
        tried — in the same order and with the same rules as trying every split point.
        """
        n = len(word)
        df = self.df
        min_part = self.config.min_part_chars
        tail_set = set(tails)
        # Where a tail that is not a word itself splits into two known words, by its start:
        # (end of the first word, start of the second). The first working split wins.
        inner: dict[int, tuple[int, int]] = {}
        for rest in tails:
            # A linking morpheme before the second word: "-s-", "-en-" or "-e-".
            if word[rest - 1] in "se":
                end = rest - 1
            elif word.endswith("en", 0, rest):
                end = rest - 2
            else:
                end = rest
            for cut in range(min_part, min(rest, n - 4) - min_part + 1):
                if cut in inner:
                    continue
                if word[cut:rest] in df:
                    inner[cut] = (rest, rest)
                elif end < rest and end - cut >= min_part and word[cut:end] in df:
                    inner[cut] = (end, rest)
        cuts = tail_set | inner.keys() | heads | {h + 1 for h in heads} | {h + 2 for h in heads}
        best_cover = 0
        best: tuple[int, int, int, int] = (0, 0, 0, 0)  # cut, head, end of first tail word, rest
        for cut in sorted(cuts):
            if not min_part <= cut <= n - min_part:
                continue
            # The known head before the cut, without a linking morpheme (0: none).
            if cut in heads:
                head = cut
            elif word[cut - 1] in "se":
                head = cut - 1 if cut - 1 in heads else 0
            elif word.endswith("en", 0, cut):
                head = cut - 2 if cut - 2 in heads else 0
            else:
                head = 0
            if cut in tail_set:
                end, rest = n, n
            elif cut in inner:
                end, rest = inner[cut]
            else:
                end = rest = 0
            tail_cover = end - cut + n - rest if end else 0
            if head and tail_cover:
                cover = head + tail_cover
            elif head >= 4 and n - cut >= 4:
                cover, end = head, 0
            elif tail_cover and n - cut >= 5:
                cover, head = tail_cover, 0
            else:
                continue
            if cover > best_cover:
                best_cover, best = cover, (cut, head, end, rest)
        if not best_cover:
            return []
        cut, head, end, rest = best
        parts = [word[:head]] if head else []
        if end:
            parts.append(word[cut:end])
            if rest < n:
                parts.append(word[rest:])
        return parts

    def join(self, *words: str) -> str | None:
        """The compound neighbouring query words make, if the file uses it ("lucht macht",
        "twee sporen aanpak"), with or without a linking -s-, -en- or -e-."""
        candidates = [words[0]]
        for word in words[1:]:
            candidates = [f"{c}{link}{word}" for c in candidates for link in LINKS]
        return next((c for c in candidates if c in self.df), None)

    def nearest(self, word: str) -> str | None:
        """The indexed word closest to a misspelt one, within the typo budget; ties → commoner."""
        budget = typo_budget(word, self.config)
        if budget == 0 or not word.isalpha():
            return None
        table = self._typos()
        matches = process.extract(
            word,
            table.candidates(word, budget),
            scorer=OSA.distance,
            score_cutoff=budget,
            limit=None,
        )
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], -self.df[m[0]], m[0]))
        return best[0]
