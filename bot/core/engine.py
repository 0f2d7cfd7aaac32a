"""The engine: a knowledge file's passages, their index, and `ask` → `Answer`.

Built once per knowledge file (start-up or reload) and then only read, so many
questions can share it across threads while a new one is being built.
"""

from __future__ import annotations

import itertools
import re
import time
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from bot.core import background
from bot.core.affixes import AffixIndex
from bot.core.analysis import Analyzer
from bot.core.answer import Answer, Result
from bot.core.answer_types import AnswerType, contains_type, expected_type, type_words
from bot.core.confidence import Judgement, covered_share, judge
from bot.core.index import BM25Index, IntArray
from bot.core.knowledge import KnowledgeFile
from bot.core.passages import Passage, split_passages
from bot.core.query import QueryWord, analyze_query
from bot.core.quotes import ANSWER_TYPE_BONUS, MatchedToken, select_quote
from bot.core.text import _TOKEN, fold
from bot.core.vocabulary import Vocabulary

MAX_QUESTION_CHARS = 2000
PASSAGE_CACHE_SIZE = 4096
"""Passages whose analysed words are remembered for quoting."""
DEFAULT_TOP_K = 3
RERANK_DEPTH = 10
"""BM25's best this many passages are re-ordered by how much of the question they cover."""


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
        self.passages: Sequence[Passage] = split_passages(knowledge)
        self.analyzer = Analyzer()
        self._word_ids: dict[str, int] = {}
        flat_words, lengths = self._read_words()
        self.vocabulary = self._vocabulary(flat_words, lengths)
        self._passage_term_cache: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}
        self.index = self._build_index(flat_words, lengths)
        self._word_ids = {}  # only building needs it (~70 MB for a million distinct words)
        self.stats = EngineStats(
            paragraphs=self.passages[-1].paragraph,
            passages=len(self.passages),
            terms=len(self.index.terms),
            build_seconds=time.perf_counter() - started,
        )

    # -- building ---------------------------------------------------------------------
    #
    # Python touches each distinct spelling and word once; work per token is left to C
    # loops (the regex, a dictionary numbering spellings, numpy), so a large file builds
    # in a time set mostly by its number of distinct words.

    def _read_words(self) -> tuple[Ids, IntArray]:
        """Content-word ids of every passage, end to end, and how many each passage has."""
        spellings, tokens = self._spellings()
        # The word ids each spelling stands for, as one flat table and a count per
        # spelling (a list per spelling would cost ~70 bytes each on a file of a million
        # distinct words). The passage boundary, spelling 0, stands for no word.
        sizes = array("i", [0])
        table = array("i")
        analysed: dict[str, int] = {}  # spellings that differ in case or accents only
        starts = array("q", [0])
        for spelling in range(1, len(spellings)):
            folded = fold(spellings[spelling])
            seen = analysed.get(folded)
            if seen is None:
                analysed[folded] = spelling
                ids: Sequence[int] = self._analyse(folded)
            else:
                ids = table[starts[seen] : starts[seen] + sizes[seen]]
            starts.append(len(table))
            sizes.append(len(ids))
            table.extend(ids)
        del spellings, analysed, starts
        words, words_so_far = _expand(
            tokens, np.frombuffer(sizes, dtype=np.int32), np.frombuffer(table, dtype=np.int32)
        )
        # Each passage's tokens end with the boundary (spelling 0): count words up to it.
        ends = words_so_far[tokens == 0]
        return words, np.diff(ends, prepend=0).astype(np.int64)

    def _spellings(self) -> tuple[list[str], Ids]:
        """Distinct token spellings (0 is the passage boundary) and every token's spelling id.

        Passages are tokenised in batches joined by a character no token contains, so one
        regex call covers a few thousand passages and ends each with a boundary token. The
        token pattern looks neither behind nor ahead, so it finds in the joined text exactly
        the tokens it finds in each passage alone (tests/test_index_identity.py checks this).
        """
        text = self.knowledge.text
        ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        ids[_BOUNDARY]  # the boundary is spelling 0
        number = ids.__getitem__
        parts: list[Ids] = []
        joinable = _BOUNDARY not in text  # always, for a decoded file (NUL bytes are refused)
        for lo in range(0, len(self.passages), _BATCH_PASSAGES):
            batch = self.passages[lo : lo + _BATCH_PASSAGES]
            if not joinable:
                tokens: list[str] = []
                for p in batch:
                    tokens += _TOKEN.findall(text, p.start, p.end)
                    tokens.append(_BOUNDARY)
            else:
                joined = _BOUNDARY.join([text[p.start : p.end] for p in batch])
                tokens = _TOKEN_OR_BOUNDARY.findall(joined + _BOUNDARY)
            parts.append(np.fromiter(map(number, tokens), dtype=np.int32, count=len(tokens)))
        return list(ids), np.concatenate(parts)

    def _analyse(self, folded: str) -> list[int]:
        """Ids of the content words a folded spelling stands for, numbering new words."""
        words = self.analyzer.content_words_of(folded)
        word_ids = self._word_ids
        return [word_ids.setdefault(w, len(word_ids)) for w in words]

    def _vocabulary(self, flat_words: Ids, lengths: IntArray) -> Vocabulary:
        n = max(len(lengths), 1)
        # (word, passage) keys, sorted; a run of equal keys is one passage using the word.
        keys = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        keys += flat_words.astype(np.int64) * n
        keys.sort(kind="stable")
        distinct = np.empty(len(keys), dtype=bool)
        distinct[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
        keys = keys[distinct]
        starts = np.searchsorted(keys, np.arange(len(self._word_ids) + 1, dtype=np.int64) * n)
        df = np.diff(starts)
        return Vocabulary(dict(zip(self._word_ids, df.tolist(), strict=True)))

    def word_terms(self, word: str) -> tuple[str, ...]:
        """Index terms of a folded word: its stem (compounds are matched at query time)."""
        return (self.analyzer.stem(word),)

    def _build_index(self, flat_words: Ids, lengths: IntArray) -> BM25Index:
        """Each word is indexed as its stem: number the stems and map every token's word."""
        term_ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        stems = self.analyzer.stem_many(list(self._word_ids))
        term_of_word = np.fromiter(map(term_ids.__getitem__, stems), np.int32, len(stems))
        return BM25Index(term_of_word[flat_words], lengths, list(term_ids))

    # -- answering --------------------------------------------------------------------

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K) -> Answer:
        """Answer `question` with up to `top_k` verbatim quotes, or say the article doesn't."""
        question = question[:MAX_QUESTION_CHARS]
        words = analyze_query(
            question, self.analyzer, self.vocabulary, self.word_terms, self._has_term, self.affixes
        )
        asked_type = type_words(question)
        words = [w for w in words if w.word not in asked_type]
        query: dict[str, float] = {}
        for qw in words:
            for term, weight in qw.weighted_terms().items():
                query[term] = max(query.get(term, 0.0), weight)
        hits = self.index.top(query, max(1, top_k, RERANK_DEPTH))
        if not hits:
            reason = "no content word in common" if words else "no content word in question"
            return Answer(question=question, answered=False, reason=reason)
        weights = self._word_weights(words)
        wanted = expected_type(question)
        by_term = self._token_matcher(words)
        focus = {i for i, w in enumerate(words) if w.focus}
        ranked = self._rerank(hits, words, weights, wanted)[: max(1, top_k)]
        results = [
            self._result(rank, p, score, self._matched_tokens(p, by_term), weights, wanted, focus)
            for rank, (p, score, _) in enumerate(ranked, 1)
        ]
        best, in_best = results[0], ranked[0][2]
        verdict: Judgement = judge(words, weights, in_best, self.index, question, best.quote)
        return Answer(
            question=question,
            answered=verdict.answered,
            results=results,
            confidence=verdict.confidence,
            reason=verdict.reason,
        )

    def _rerank(
        self,
        hits: list[tuple[int, float]],
        words: Sequence[QueryWord],
        weights: dict[int, float],
        wanted: AnswerType | None,
    ) -> list[tuple[int, float, dict[int, float]]]:
        """Order BM25's best few by BM25 × the share of the question they cover, and
        prefer a passage holding the number or time asked for.

        BM25 adds up matches, so one repeated common word can outrank the one passage that
        has the question's name ("Wat zei het Kremlin?"); scaling by coverage is Lucene's
        classic coordination factor, with the confidence rule's weights. The score shown
        is this final one. Returns (passage, score, how fully each word is there).
        """
        text = self.knowledge.text
        rescored = []
        docs = np.fromiter((p for p, _ in hits), dtype=np.int64, count=len(hits))
        terms = {t for qw in words for t in qw.all_terms}
        present = {t: self.index.containing(t, docs) for t in terms}
        for n, (passage_index, score) in enumerate(hits):
            shares = _match_shares(words, {t for t in terms if present[t][n]})
            score *= covered_share(words, weights, shares)
            passage = self.passages[passage_index]
            if wanted is not None and contains_type(text[passage.start : passage.end], wanted):
                score *= ANSWER_TYPE_BONUS
            rescored.append((passage_index, score, shares))
        return sorted(rescored, key=lambda c: -c[1])

    def warm_up(self) -> None:
        """Build the look-up tables questions build on first use (typos, affixes), so the
        first question after a (re)load of a large file is as fast as the rest."""
        self.vocabulary.prepare()
        _ = self.affixes
        background.warm_up()

    @cached_property
    def affixes(self) -> AffixIndex:
        """Prefix/suffix look-ups over the vocabulary, built on first use."""
        return AffixIndex(self.vocabulary.df)

    def _has_term(self, term: str) -> bool:
        return term in self.index.term_id

    def _word_weights(self, words: Sequence[QueryWord]) -> dict[int, float]:
        """Each question word weighs its IDF (a joined compound, once per word it joins)."""
        return {
            i: qw.span * max(self.index.idf_of(t) for t in qw.terms) for i, qw in enumerate(words)
        }

    def _token_matcher(self, words: Sequence[QueryWord]) -> dict[str, frozenset[int]]:
        by_term: dict[str, set[int]] = {}
        for i, qw in enumerate(words):
            for t in qw.all_terms:
                by_term.setdefault(t, set()).add(i)
        return {t: frozenset(v) for t, v in by_term.items()}

    def _passage_terms(self, passage_index: int) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, index terms) of each content word of a passage, remembered.

        Quoting reads the top passages word by word for every question; the article's
        passages are few and asked about again and again, so their analysis is kept.
        """
        cached = self._passage_term_cache.get(passage_index)
        if cached is None:
            passage = self.passages[passage_index]
            cached = []
            for m in _TOKEN.finditer(self.knowledge.text, passage.start, passage.end):
                words = self.analyzer.content_words_of(fold(m.group()))
                terms = tuple(t for w in words for t in self.word_terms(w))
                if terms:
                    cached.append((m.start(), m.end(), terms))
            if len(self._passage_term_cache) >= PASSAGE_CACHE_SIZE:
                self._passage_term_cache.clear()
            self._passage_term_cache[passage_index] = cached
        return cached

    def _matched_tokens(
        self, passage_index: int, by_term: dict[str, frozenset[int]]
    ) -> list[MatchedToken]:
        """The passage's words that stand for question words, with those words' numbers."""
        out: list[MatchedToken] = []
        for start, end, terms in self._passage_terms(passage_index):
            ids = frozenset().union(*(by_term.get(t, ()) for t in terms))
            if ids:
                out.append((start, end, ids))
        return out

    def _result(
        self,
        rank: int,
        passage_index: int,
        score: float,
        matched: Sequence[MatchedToken],
        weights: dict[int, float],
        wanted: AnswerType | None,
        focus: set[int],
    ) -> Result:
        passage = self.passages[passage_index]
        text = self.knowledge.text
        quote = select_quote(text, passage.sentences, weights, matched, wanted, focus)
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
            cut_start=quote.cut_start,
            cut_end=quote.cut_end,
        )


_BOUNDARY = "\x00"
_TOKEN_OR_BOUNDARY = re.compile(re.escape(_BOUNDARY) + "|" + _TOKEN.pattern, _TOKEN.flags)
_BATCH_PASSAGES = 2048
Ids = npt.NDArray[np.int32]
"""Spelling, word or term ids of every token: 32 bits are plenty and halve the memory."""


def _match_shares(words: Sequence[QueryWord], present: set[str]) -> dict[int, float]:
    """How fully each question word is in a passage with the `present` terms: 1 as itself,
    its compound-head share when only a compound it heads is there (as in the query)."""
    shares: dict[int, float] = {}
    for i, qw in enumerate(words):
        if not present.isdisjoint(qw.terms):
            shares[i] = 1.0
        elif not present.isdisjoint(qw.compounds):
            shares[i] = qw.compound_share
    return shares


def _expand(keys: Ids, sizes: Ids, table: Ids) -> tuple[Ids, Ids]:
    """The rows of `keys` end to end (row r is the next `sizes[r]` items of `table`), and
    the running count of items after each key, with no Python loop over the keys (32-bit,
    to touch less memory)."""
    row_starts = np.cumsum(sizes, dtype=np.int32)
    row_starts -= sizes
    wanted = sizes[keys]
    so_far = np.cumsum(wanted, dtype=np.int32)
    # Output item j of key i is table item j + row_starts[key] - (where key i's items start).
    shift = row_starts[keys]
    shift -= so_far
    shift += wanted
    index = np.repeat(shift, wanted)
    index += np.arange(len(index), dtype=np.int32)
    expanded: Ids = table[index]
    return expanded, so_far
