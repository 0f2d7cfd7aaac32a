"""Choose the quote: the sentence (or two) of a passage that answers best.

Like Lucene's unified highlighter, every sentence is scored as a small document (BM25
saturation, length pivot ~87 characters, a slight preference for early sentences). A
neighbouring sentence joins the quote only when it adds question words the best
sentence lacks, since the answer often sits in the sentence after the one that
repeats the question ("…battle group in Roemenië…" / "Frankrijk … te leiden").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.text import Token, tokenize

K1 = 1.2
B = 0.75
LENGTH_PIVOT = 87.0
MAX_QUOTE_CHARS = 400
NEIGHBOUR_GAIN = 1.25
"""A two-sentence quote must score this much more than the best sentence alone."""


@dataclass(frozen=True)
class Quote:
    """A span of whole sentences and the offsets of the question's words inside it."""

    start: int
    end: int
    highlights: list[tuple[int, int]]
    score: float


def select_quote(
    text: str,
    sentences: Sequence[tuple[int, int]],
    weights: Mapping[int, float],
    match: Callable[[Token], frozenset[int]],
) -> Quote:
    """Best one- or two-sentence window of `sentences`.

    `weights` maps each query word (by index) to its weight; `match` tells which query
    words a token of the article stands for.
    """
    matched = [_sentence_matches(text, s, match) for s in sentences]
    scored = [
        _score(counts, e - s, weights, position)
        for position, ((s, e), (counts, _)) in enumerate(zip(sentences, matched, strict=True))
    ]
    best = max(range(len(sentences)), key=lambda i: (scored[i], -i))
    window = [best]
    best_score = scored[best]
    for neighbour in (best + 1, best - 1):
        if not 0 <= neighbour < len(sentences):
            continue
        lo, hi = min(best, neighbour), max(best, neighbour)
        if sentences[hi][1] - sentences[lo][0] > MAX_QUOTE_CHARS:
            continue
        merged = _merge(matched[lo][0], matched[hi][0])
        pair_score = _score(merged, sentences[hi][1] - sentences[lo][0], weights, lo)
        if (
            best_score > 0
            and pair_score >= best_score * NEIGHBOUR_GAIN
            and _adds_words(matched[best][0], matched[neighbour][0])
        ):
            window = [lo, hi]
            best_score = pair_score
            break
    start, end = sentences[window[0]][0], sentences[window[-1]][1]
    highlights = [span for i in window for span in matched[i][1]]
    return Quote(start, end, highlights, best_score)


def _sentence_matches(
    text: str, sentence: tuple[int, int], match: Callable[[Token], frozenset[int]]
) -> tuple[dict[int, int], list[tuple[int, int]]]:
    counts: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    for token in tokenize(text, sentence[0], sentence[1]):
        words = match(token)
        if words:
            spans.append((token.start, token.end))
            for w in words:
                counts[w] = counts.get(w, 0) + 1
    return counts, spans


def _score(
    counts: Mapping[int, int], length: int, weights: Mapping[int, float], position: int
) -> float:
    norm = K1 * (1 - B + B * length / LENGTH_PIVOT)
    total = sum(weights.get(w, 0.0) * (tf * (K1 + 1)) / (tf + norm) for w, tf in counts.items())
    return total * (1.0 + 0.1 / (1 + position))


def _merge(a: Mapping[int, int], b: Mapping[int, int]) -> dict[int, int]:
    merged = dict(a)
    for w, tf in b.items():
        merged[w] = merged.get(w, 0) + tf
    return merged


def _adds_words(best: Mapping[int, int], neighbour: Mapping[int, int]) -> bool:
    return any(w not in best for w in neighbour)
