"""The engine: a knowledge file's passages, their index, and `ask` → `Answer`.

Built once per knowledge file (start-up or reload) and then only read, so many
questions can share it across threads while a new one is being built.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bot.core.affixes import AffixIndex
from bot.core.analysis import Analyzer
from bot.core.answer import Answer, Result
from bot.core.answer_types import AnswerType, expected_type
from bot.core.confidence import Judgement, judge
from bot.core.index import BM25Index
from bot.core.knowledge import KnowledgeFile
from bot.core.passages import Passage, split_passages
from bot.core.query import QueryWord, analyze_query
from bot.core.quotes import select_quote
from bot.core.text import _TOKEN, Token, fold
from bot.core.vocabulary import Vocabulary

MAX_QUESTION_CHARS = 2000
DEFAULT_TOP_K = 3


@dataclass(frozen=True)
class EngineStats:
    """What /about and reload replies report."""

    paragraphs: int
    passages: int
    terms: int
    build_seconds: float


class Engine:
    """Answers questions about one knowledge file; immutable once built."""

    def __init__(self, knowledge: KnowledgeFile) -> None:
        started = time.perf_counter()
        self.knowledge = knowledge
        self.passages: list[Passage] = split_passages(knowledge)
        self.analyzer = Analyzer()
        self._word_ids: dict[str, int] = {}
        self._raw_words: dict[str, tuple[int, ...]] = {}
        flat_words, lengths = self._read_words()
        self.vocabulary = self._vocabulary(flat_words, lengths)
        self._terms_of_word: dict[str, tuple[str, ...]] = {}
        self.index = self._build_index(flat_words, lengths)
        self.stats = EngineStats(
            paragraphs=self.passages[-1].paragraph,
            passages=len(self.passages),
            terms=len(self.index.terms),
            build_seconds=time.perf_counter() - started,
        )

    # -- building ---------------------------------------------------------------------

    def _read_words(self) -> tuple[np.ndarray, np.ndarray]:
        """Content-word ids of every passage, end to end; each distinct spelling analysed once."""
        text = self.knowledge.text
        flat: list[int] = []
        lengths = np.zeros(len(self.passages), dtype=np.int64)
        cache = self._raw_words
        for passage in self.passages:
            before = len(flat)
            for raw in _TOKEN.findall(text, passage.start, passage.end):
                ids = cache.get(raw)
                if ids is None:
                    ids = self._analyse_raw(raw)
                flat.extend(ids)
            lengths[passage.index] = len(flat) - before
        return np.asarray(flat, dtype=np.int64), lengths

    def _analyse_raw(self, raw: str) -> tuple[int, ...]:
        folded = fold(raw)
        token = Token(0, len(raw), folded)
        ids = tuple(
            self._word_ids.setdefault(w, len(self._word_ids))
            for w in self.analyzer.content_words(token)
        )
        self._raw_words[raw] = ids
        return ids

    def _vocabulary(self, flat_words: np.ndarray, lengths: np.ndarray) -> Vocabulary:
        n = max(len(lengths), 1)
        docs = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        pairs = np.unique(flat_words * n + docs)
        df = np.bincount(pairs // n, minlength=len(self._word_ids))
        words = list(self._word_ids)
        return Vocabulary({w: int(df[i]) for i, w in enumerate(words)})

    def word_terms(self, word: str) -> tuple[str, ...]:
        """Index terms of a folded word: its stem, plus its compound parts' stems."""
        terms = self._terms_of_word.get(word)
        if terms is None:
            stem = self.analyzer.stem(word)
            parts = self.vocabulary.split_compound(word) if word in self.vocabulary else []
            terms = tuple(dict.fromkeys([stem, *(self.analyzer.stem(p) for p in parts)]))
            self._terms_of_word[word] = terms
        return terms

    def _build_index(self, flat_words: np.ndarray, lengths: np.ndarray) -> BM25Index:
        term_ids: dict[str, int] = {}
        words = list(self._word_ids)
        per_word = [
            [term_ids.setdefault(t, len(term_ids)) for t in self.word_terms(w)] for w in words
        ]
        counts = np.fromiter((len(t) for t in per_word), dtype=np.int64, count=len(per_word))
        starts = np.zeros(len(per_word) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        table = np.fromiter(
            (t for ts in per_word for t in ts), dtype=np.int64, count=int(starts[-1])
        )
        expand = counts[flat_words]
        token_starts = np.repeat(starts[flat_words], expand)
        within = np.arange(int(expand.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(expand) - expand, expand
        )
        flat_terms = table[token_starts + within]
        docs = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        term_lengths = np.bincount(np.repeat(docs, expand), minlength=len(lengths))
        return BM25Index(flat_terms, term_lengths.astype(np.int64), list(term_ids))

    # -- answering --------------------------------------------------------------------

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K) -> Answer:
        """Answer `question` with up to `top_k` verbatim quotes, or say the article doesn't."""
        question = question[:MAX_QUESTION_CHARS]
        words = analyze_query(
            question, self.analyzer, self.vocabulary, self.word_terms, self._has_term, self.affixes
        )
        query: dict[str, float] = {}
        for qw in words:
            for t in qw.terms:
                query[t] = max(query.get(t, 0.0), qw.weight)
        hits = self.index.top(query, max(1, top_k))
        if not hits:
            reason = "no content word in common" if words else "no content word in question"
            return Answer(question=question, answered=False, reason=reason)
        weights = self._word_weights(words)
        wanted = expected_type(question)
        results = [
            self._result(rank, p, s, words, weights, wanted) for rank, (p, s) in enumerate(hits, 1)
        ]
        matched = self._matched_words(hits[0][0], words)
        verdict: Judgement = judge(words, weights, matched, self.index, question, results[0].quote)
        return Answer(
            question=question,
            answered=verdict.answered,
            results=results,
            confidence=verdict.confidence,
            reason=verdict.reason,
        )

    @cached_property
    def affixes(self) -> AffixIndex:
        """Prefix/suffix look-ups over the vocabulary, built on first use."""
        return AffixIndex(self.vocabulary.df)

    def _has_term(self, term: str) -> bool:
        return term in self.index.term_id

    def _word_weights(self, words: Sequence[QueryWord]) -> dict[int, float]:
        return {i: max(self.index.idf_of(t) for t in qw.terms) for i, qw in enumerate(words)}

    def _token_matcher(self, words: Sequence[QueryWord]) -> dict[str, frozenset[int]]:
        by_term: dict[str, set[int]] = {}
        for i, qw in enumerate(words):
            for t in qw.terms:
                by_term.setdefault(t, set()).add(i)
        return {t: frozenset(v) for t, v in by_term.items()}

    def _matches(self, token: Token, by_term: dict[str, frozenset[int]]) -> frozenset[int]:
        found: set[int] = set()
        for word in self.analyzer.content_words(token):
            for term in self.word_terms(word):
                found |= by_term.get(term, frozenset())
        return frozenset(found)

    def _matched_words(self, passage_index: int, words: Sequence[QueryWord]) -> set[int]:
        passage = self.passages[passage_index]
        by_term = self._token_matcher(words)
        matched: set[int] = set()
        for raw in _TOKEN.finditer(self.knowledge.text, passage.start, passage.end):
            matched |= self._matches(Token(raw.start(), raw.end(), fold(raw.group())), by_term)
        return matched

    def _result(
        self,
        rank: int,
        passage_index: int,
        score: float,
        words: Sequence[QueryWord],
        weights: dict[int, float],
        wanted: AnswerType | None,
    ) -> Result:
        passage = self.passages[passage_index]
        text = self.knowledge.text
        by_term = self._token_matcher(words)
        quote = select_quote(
            text, passage.sentences, weights, lambda token: self._matches(token, by_term), wanted
        )
        return Result(
            rank=rank,
            score=round(score, 4),
            quote=text[quote.start : quote.end],
            start=quote.start,
            end=quote.end,
            passage=text[passage.start : passage.end],
            passage_start=passage.start,
            passage_end=passage.end,
            paragraph=passage.paragraph,
            section=passage.section,
            highlights=quote.highlights,
        )
