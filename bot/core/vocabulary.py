"""The knowledge file's own words: split compounds against them and correct typos to them.

No dictionary ships with the bot; the article is its own lexicon. That is enough for
"troepenopbouw" ↔ "opbouw van troepen" and "Stoltenburg" → "stoltenberg" on one article,
and it grows with the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_PART_CHARS = 3
MIN_COMPOUND_CHARS = 7
LINKING_MORPHEMES = ("s", "en", "e")


def typo_budget(word: str) -> int:
    """Edits allowed when correcting a word (Meilisearch's rule): 0 ≤4, 1 ≤8, 2 beyond."""
    if len(word) <= 4:
        return 0
    if len(word) <= 8:
        return 1
    return 2


class Vocabulary:
    """The folded content words of a knowledge file with their document frequencies."""

    def __init__(self, document_frequency: dict[str, int]) -> None:
        self.df = document_frequency
        self._words = list(document_frequency)
        self._by_length: dict[int, list[str]] = {}
        for word in self._words:
            self._by_length.setdefault(len(word), []).append(word)

    def __contains__(self, word: object) -> bool:
        return word in self.df

    def __len__(self) -> int:
        return len(self.df)

    def split_compound(self, word: str) -> list[str]:
        """Known words a compound is made of ("troepenopbouw" → troepen, opbouw); [] if none.

        Tries every split point, allowing a linking -s-, -en- or -e- after the head; keeps
        the split whose parts are longest. A part is only taken if the file uses it alone.
        """
        if len(word) < MIN_COMPOUND_CHARS or not word.isalpha():
            return []
        best: list[str] = []
        best_cover = 0
        for cut in range(MIN_PART_CHARS, len(word) - MIN_PART_CHARS + 1):
            head, tail = word[:cut], word[cut:]
            heads = [head] + [
                head[: -len(link)] for link in LINKING_MORPHEMES if head.endswith(link)
            ]
            known_head = next(
                (h for h in heads if len(h) >= MIN_PART_CHARS and h in self.df), None
            )
            tail_parts = [tail] if tail in self.df else self._split_tail(tail)
            if known_head is not None and tail_parts:
                parts = [known_head, *tail_parts]
            elif known_head is not None and len(known_head) >= 4 and len(tail) >= 4:
                parts = [known_head]
            elif tail_parts and len(tail) >= 5 and len(head) >= MIN_PART_CHARS:
                parts = tail_parts
            else:
                continue
            cover = sum(len(p) for p in parts)
            if cover > best_cover:
                best, best_cover = parts, cover
        return best

    def _split_tail(self, tail: str) -> list[str]:
        """One more level of splitting for three-part compounds."""
        if len(tail) < MIN_COMPOUND_CHARS:
            return []
        for cut in range(MIN_PART_CHARS, len(tail) - MIN_PART_CHARS + 1):
            head, rest = tail[:cut], tail[cut:]
            for h in (head, *(head[: -len(x)] for x in LINKING_MORPHEMES if head.endswith(x))):
                if len(h) >= MIN_PART_CHARS and h in self.df and rest in self.df:
                    return [h, rest]
        return []

    def join(self, first: str, second: str) -> str | None:
        """The compound two neighbouring query words make, if the file uses it ("lucht macht")."""
        for link in ("", "s", "en", "e"):
            joined = f"{first}{link}{second}"
            if joined in self.df:
                return joined
        return None

    def nearest(self, word: str) -> str | None:
        """The indexed word closest to a misspelt one, within the typo budget; ties → commoner."""
        budget = typo_budget(word)
        if budget == 0 or not word.isalpha():
            return None
        candidates: Iterable[str] = [
            w
            for length in range(len(word) - budget, len(word) + budget + 1)
            for w in self._by_length.get(length, ())
        ]
        matches = process.extract(
            word, list(candidates), scorer=OSA.distance, score_cutoff=budget, limit=None
        )
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], -self.df[m[0]], m[0]))
        return best[0]
