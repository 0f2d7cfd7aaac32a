"""Stage 5, quote: the sentence (or two) of a passage that answers best.

Like Lucene's unified highlighter, every sentence is scored as a small document (BM25
saturation, a length pivot, a slight preference for early sentences). A neighbouring
sentence joins the quote only when it adds question words the best sentence lacks,
since the answer often sits in the sentence after the one that repeats the question
("…battle group in Roemenië…" / "Frankrijk … te leiden").

A sentence longer than `max_quote_chars` (a paragraph without sentence punctuation) is
quoted in part: the stretch of at most that many characters, cut between words, that
holds the most question words. The quote stays a verbatim slice of the file (the JSON's
`text[start:end] == quote`); `cut_start`/`cut_end` tell renderers to show "…" there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bot.core import nl
from bot.core.analysis import Analyzer
from bot.core.config import RetrievalConfig
from bot.core.passages import Passage
from bot.core.pipeline.answer_types import contains_type
from bot.core.pipeline.records import AnswerType, Query, Quote
from bot.core.text import _TOKEN, fold, tokenize

PASSAGE_CACHE_SIZE = 4096
"""Passages whose analysed words are remembered for quoting."""


class MatchedToken(NamedTuple):
    """A word of the article (offsets into the text) and the question words it stands for,
    in question order, so sums over them are the same on every run."""

    start: int
    end: int
    words: tuple[str, ...]


@dataclass
class _Sentence:
    """How often each question word occurs in one sentence, and where."""

    counts: dict[str, int]
    spans: list[tuple[int, int]]


class Quoter:
    """Chooses quotes from a file's passages; remembers the analysed words of the passages
    it quoted (the article's few passages are asked about again and again)."""

    def __init__(
        self, text: str, passages: Sequence[Passage], analyzer: Analyzer, config: RetrievalConfig
    ) -> None:
        self.text = text
        self.passages = passages
        self.analyzer = analyzer
        self.config = config
        self._terms: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}

    def quotes(self, query: Query, passages: Sequence[int]) -> list[Quote]:
        """Best one- or two-sentence window of each passage for the query."""
        by_term: dict[str, tuple[str, ...]] = {}
        for word in query.words:  # in question order, so sums over them are reproducible
            for t in word.all_terms:
                by_term[t] = (*by_term.get(t, ()), word.surface)
        order = {w.surface: n for n, w in enumerate(query.words)}
        weights = {w.surface: w.highlight_weight for w in query.words}
        focus = {w.surface for w in query.words if w.role in ("which", "kind")}
        wanted = query.wanted if self.config.on("answer-type-quote") else None
        out = []
        for passage_index in passages:
            matched = []
            for start, end, terms in self._passage_terms(passage_index):
                if len(terms) == 1:
                    words = by_term.get(terms[0], ())
                else:  # a hyphenated word: whole and parts may stand for several words
                    found = {w for t in terms for w in by_term.get(t, ())}
                    words = tuple(sorted(found, key=order.__getitem__))
                if words:
                    matched.append(MatchedToken(start, end, words))
            sentences = self.passages[passage_index].sentences
            out.append(
                select_quote(self.text, sentences, weights, matched, self.config, wanted, focus)
            )
        return out

    def _passage_terms(self, passage_index: int) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, index terms) of each content word of a passage, remembered."""
        cached = self._terms.get(passage_index)
        if cached is None:
            passage = self.passages[passage_index]
            cached = []
            for m in _TOKEN.finditer(self.text, passage.start, passage.end):
                words = self.analyzer.content_words_of(fold(m.group()))
                terms = tuple(self.analyzer.stem(w) for w in words)
                if terms:
                    cached.append((m.start(), m.end(), terms))
            if len(self._terms) >= PASSAGE_CACHE_SIZE:
                self._terms.clear()
            self._terms[passage_index] = cached
        return cached


def select_quote(
    text: str,
    sentences: Sequence[tuple[int, int]],
    weights: Mapping[str, float],
    matched: Sequence[MatchedToken],
    config: RetrievalConfig,
    wanted: AnswerType | None = None,
    focus: frozenset[str] | set[str] = frozenset(),
) -> Quote:
    """Best one- or two-sentence window of `sentences`.

    `weights` maps each question word to its weight; `matched` lists the passage's words
    that stand for question words, in text order. When the question asks for a number or
    a time (`wanted`), sentences that hold one are preferred. `focus` names the word the
    question asks "which" of ("Welke troepen …?").
    """
    per_sentence = _by_sentence(sentences, matched)
    scored = [
        _score(sentence.counts, e - s, weights, position, config)
        for position, ((s, e), sentence) in enumerate(zip(sentences, per_sentence, strict=True))
    ]
    if wanted is not None:
        scored = [
            score * config.answer_type_bonus
            if score and contains_type(text[s:e], wanted)
            else score
            for score, (s, e) in zip(scored, sentences, strict=True)
        ]
    best = max(range(len(sentences)), key=lambda i: (scored[i], -i))
    window = [best]
    neighbour = _neighbour(text, sentences, per_sentence, weights, best, focus, config)
    if neighbour is not None:
        window = sorted((best, neighbour))
    start, end = sentences[window[0]][0], sentences[window[-1]][1]
    highlights = [span for i in window for span in per_sentence[i].spans]
    if end - start <= config.max_quote_chars:
        return Quote(start, end, highlights, scored[best])
    lo, hi = shorten(text, start, end, highlights, config)
    kept = [(s, e) for s, e in highlights if lo <= s and e <= hi]
    return Quote(lo, hi, kept, scored[best], cut_start=lo > start, cut_end=hi < end)


def shorten(
    text: str,
    start: int,
    end: int,
    highlights: Sequence[tuple[int, int]],
    config: RetrievalConfig,
) -> tuple[int, int]:
    """The part of `text[start:end]` to quote when it is longer than `max_quote_chars`:
    the stretch holding the most question words (the earliest such), a little context
    before the first, cut between words (inside a word only when one word is that long)."""
    max_chars = config.max_quote_chars
    if end - start <= max_chars:
        return start, end
    best_lo, best_count = start, -1
    ends = sorted(e for _, e in highlights)
    for first, _ in sorted(highlights):
        lo = min(max(start, first - config.quote_cut_lead_chars), end - max_chars)
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
    matched: Sequence[_Sentence],
    weights: Mapping[str, float],
    best: int,
    focus: frozenset[str] | set[str],
    config: RetrievalConfig,
) -> int | None:
    """The sentence next to the best one that also carries the answer, if any.

    It must fit in the quote, and either add question words the best sentence lacks
    (a real share of the question's weight), or follow it and continue it about what
    the question asks "which" of: open with a word that points back and name that
    again ("Welke troepen …?" — "… extra troepen …. Het gaat daarbij om landtroepen …").
    The sentence before only joins when the best one points back to it ("Dat heeft …").
    """
    if not config.on("neighbour-sentence"):
        return None
    total = sum(weights.values()) or 1.0
    chosen: tuple[float, bool, int] | None = None
    for n in (best + 1, best - 1):
        if not 0 <= n < len(sentences):
            continue
        lo, hi = min(best, n), max(best, n)
        if sentences[hi][1] - sentences[lo][0] > config.max_quote_chars:
            continue
        if n < best and not _continues(text, sentences[best], config):
            continue  # the best sentence stands on its own; what came before is context
        counts = matched[n].counts
        new = sum(weights.get(w, 0.0) for w in counts if w not in matched[best].counts)
        continues = (
            config.on("continuation")
            and n == best + 1
            and not counts.keys().isdisjoint(focus)
            and _continues(text, sentences[n], config)
        )
        if new >= config.min_new_share * total or continues:
            key = (new, n == best + 1, n)
            if chosen is None or key > chosen:
                chosen = key
    return None if chosen is None else chosen[2]


def _continues(text: str, sentence: tuple[int, int], config: RetrievalConfig) -> bool:
    """True when the sentence opens with a word that refers back to the one before."""
    words = tokenize(text, sentence[0], min(sentence[1], sentence[0] + config.continuation_window))
    return bool(words) and words[0].folded in nl.words("continuation")


def _by_sentence(
    sentences: Sequence[tuple[int, int]], matched: Sequence[MatchedToken]
) -> list[_Sentence]:
    """For each sentence: how often each question word occurs in it, and where."""
    out = [_Sentence({}, []) for _ in sentences]
    i = 0
    for token in matched:
        while i < len(sentences) and sentences[i][1] <= token.start:
            i += 1
        if i == len(sentences):
            break
        if token.start < sentences[i][0]:
            continue
        sentence = out[i]
        sentence.spans.append((token.start, token.end))
        for w in token.words:
            sentence.counts[w] = sentence.counts.get(w, 0) + 1
    return out


def _score(
    counts: Mapping[str, int],
    length: int,
    weights: Mapping[str, float],
    position: int,
    config: RetrievalConfig,
) -> float:
    k1 = config.quote_k1
    norm = k1 * (1 - config.quote_b + config.quote_b * length / config.quote_length_pivot)
    total = sum(weights.get(w, 0.0) * (tf * (k1 + 1)) / (tf + norm) for w, tf in counts.items())
    return total * (1.0 + config.early_sentence_bonus / (1 + position))
