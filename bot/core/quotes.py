"""Choose the quote: the sentence (or two) of a passage that answers best.

Like Lucene's unified highlighter, every sentence is scored as a small document (BM25
saturation, length pivot ~87 characters, a slight preference for early sentences). A
neighbouring sentence joins the quote only when it adds question words the best
sentence lacks, since the answer often sits in the sentence after the one that
repeats the question ("…battle group in Roemenië…" / "Frankrijk … te leiden").

A sentence longer than `MAX_QUOTE_CHARS` (a paragraph without sentence punctuation) is
quoted in part: the stretch of at most that many characters, cut between words, that
holds the most question words. The quote stays a verbatim slice of the file (the JSON's
`text[start:end] == quote`); `cut_start`/`cut_end` tell renderers to show "…" there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.core.answer_types import AnswerType, contains_type
from bot.core.text import tokenize

K1 = 1.2
B = 0.75
LENGTH_PIVOT = 87.0
MAX_QUOTE_CHARS = 400
CUT_LEAD_CHARS = 60
"""Context kept before the first question word when a long sentence is cut."""
ANSWER_TYPE_BONUS = 1.5
"""Score factor for a sentence holding the kind of answer asked for (a number, a time)."""
MIN_NEW_SHARE = 0.1
"""A neighbour joins the quote when it adds at least this share of the question's weight."""
CONTINUATION_WORDS = frozenset(
    "het dat die dit deze daarbij daarnaast daarom daardoor daarmee bovendien ook concreet "
    "zo hij zij ze hun zijn".split()
)
"""Sentence openers that point back to the sentence before (anaphora, connectives)."""


MatchedToken = tuple[int, int, frozenset[int]]
"""(start, end) of a word of the article and the numbers of the question words it matches."""


@dataclass(frozen=True)
class Quote:
    """A span of whole sentences and the offsets of the question's words inside it."""

    start: int
    end: int
    highlights: list[tuple[int, int]]
    score: float
    cut_start: bool = False
    """True when the quote starts inside a sentence (renderers show "…" before it)."""
    cut_end: bool = False
    """True when the quote ends inside a sentence (renderers show "…" after it)."""


def select_quote(
    text: str,
    sentences: Sequence[tuple[int, int]],
    weights: Mapping[int, float],
    matched: Sequence[MatchedToken],
    wanted: AnswerType | None = None,
    focus: Collection[int] = (),
) -> Quote:
    """Best one- or two-sentence window of `sentences`.

    `weights` maps each query word (by number) to its weight; `matched` lists the
    passage's words that stand for query words, in text order. When the question asks
    for a number or a time (`wanted`), sentences that hold one are preferred. `focus`
    numbers the word the question asks "which" of ("Welke troepen …?").
    """
    per_sentence = _by_sentence(sentences, matched)
    scored = [
        _score(counts, e - s, weights, position)
        for position, ((s, e), (counts, _)) in enumerate(zip(sentences, per_sentence, strict=True))
    ]
    if wanted is not None:
        scored = [
            score * ANSWER_TYPE_BONUS if score and contains_type(text[s:e], wanted) else score
            for score, (s, e) in zip(scored, sentences, strict=True)
        ]
    best = max(range(len(sentences)), key=lambda i: (scored[i], -i))
    window = [best]
    neighbour = _neighbour(text, sentences, per_sentence, weights, best, focus)
    if neighbour is not None:
        window = sorted((best, neighbour))
    start, end = sentences[window[0]][0], sentences[window[-1]][1]
    highlights = [span for i in window for span in per_sentence[i][1]]
    if end - start <= MAX_QUOTE_CHARS:
        return Quote(start, end, highlights, scored[best])
    lo, hi = shorten(text, start, end, highlights)
    kept = [(s, e) for s, e in highlights if lo <= s and e <= hi]
    return Quote(lo, hi, kept, scored[best], cut_start=lo > start, cut_end=hi < end)


def shorten(
    text: str,
    start: int,
    end: int,
    highlights: Sequence[tuple[int, int]],
    max_chars: int = MAX_QUOTE_CHARS,
) -> tuple[int, int]:
    """The part of `text[start:end]` to quote when it is longer than `max_chars`: the
    stretch holding the most question words (the earliest such), a little context before
    the first, cut between words (inside a word only when one word is that long)."""
    if end - start <= max_chars:
        return start, end
    best_lo, best_count = start, -1
    ends = sorted(e for _, e in highlights)
    for first, _ in sorted(highlights):
        lo = min(max(start, first - CUT_LEAD_CHARS), end - max_chars)
        count = bisect_right(ends, lo + max_chars) - bisect_left(ends, first)
        if count > best_count:
            best_lo, best_count = lo, count
    lo, hi = best_lo, best_lo + max_chars
    if lo > start and not text[lo - 1].isspace():
        word_end = next((i for i in range(lo, hi) if text[i].isspace()), None)
        lo = lo if word_end is None else word_end
    if hi < end and not text[hi].isspace():
        word_start = next((i for i in range(hi - 1, lo, -1) if text[i].isspace()), None)
        hi = hi if word_start is None else word_start
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _neighbour(
    text: str,
    sentences: Sequence[tuple[int, int]],
    matched: Sequence[tuple[dict[int, int], list[tuple[int, int]]]],
    weights: Mapping[int, float],
    best: int,
    focus: Collection[int],
) -> int | None:
    """The sentence next to the best one that also carries the answer, if any.

    It must fit in the quote, and either add question words the best sentence lacks
    (a real share of the question's weight), or follow it and continue it about what
    the question asks "which" of: open with a word that points back and name that
    again ("Welke troepen …?" — "… extra troepen …. Het gaat daarbij om landtroepen …").
    The sentence before only joins when the best one points back to it ("Dat heeft …").
    """
    total = sum(weights.values()) or 1.0
    chosen: tuple[float, bool, int] | None = None
    for n in (best + 1, best - 1):
        if not 0 <= n < len(sentences):
            continue
        lo, hi = min(best, n), max(best, n)
        if sentences[hi][1] - sentences[lo][0] > MAX_QUOTE_CHARS:
            continue
        if n < best and not _continues(text, sentences[best]):
            continue  # the best sentence stands on its own; what came before is context
        counts = matched[n][0]
        new = sum(weights.get(w, 0.0) for w in counts if w not in matched[best][0])
        continues = (
            n == best + 1 and not counts.keys().isdisjoint(focus) and _continues(text, sentences[n])
        )
        if new >= MIN_NEW_SHARE * total or continues:
            key = (new, n == best + 1, n)
            if chosen is None or key > chosen:
                chosen = key
    return None if chosen is None else chosen[2]


def _continues(text: str, sentence: tuple[int, int]) -> bool:
    """True when the sentence opens with a word that refers back to the one before."""
    words = tokenize(text, sentence[0], min(sentence[1], sentence[0] + 40))
    return bool(words) and words[0].folded in CONTINUATION_WORDS


def _by_sentence(
    sentences: Sequence[tuple[int, int]], matched: Sequence[MatchedToken]
) -> list[tuple[dict[int, int], list[tuple[int, int]]]]:
    """For each sentence: how often each query word occurs in it, and where."""
    out: list[tuple[dict[int, int], list[tuple[int, int]]]] = [({}, []) for _ in sentences]
    i = 0
    for start, end, words in matched:
        while i < len(sentences) and sentences[i][1] <= start:
            i += 1
        if i == len(sentences):
            break
        if start < sentences[i][0]:
            continue
        counts, spans = out[i]
        spans.append((start, end))
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    return out


def _score(
    counts: Mapping[int, int], length: int, weights: Mapping[int, float], position: int
) -> float:
    norm = K1 * (1 - B + B * length / LENGTH_PIVOT)
    total = sum(weights.get(w, 0.0) * (tf * (K1 + 1)) / (tf + norm) for w, tf in counts.items())
    return total * (1.0 + 0.1 / (1 + position))
