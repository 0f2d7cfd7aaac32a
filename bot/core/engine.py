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

from bot.core.affixes import AffixIndex
from bot.core.analysis import Analyzer
from bot.core.answer import Answer, Result
from bot.core.config import DEFAULT, RetrievalConfig
from bot.core.index import BM25Index, IntArray
from bot.core.knowledge import KnowledgeFile
from bot.core.passages import PassageTable, split_passages
from bot.core.pipeline import everyday
from bot.core.pipeline.analyse import analyse
from bot.core.pipeline.answer_types import contains_type
from bot.core.pipeline.expand import Lexicon, expand
from bot.core.pipeline.judge import judge
from bot.core.pipeline.quote import PASSAGE_CACHE_SIZE, Quoter
from bot.core.pipeline.records import AnswerType, Candidate, Quote
from bot.core.pipeline.rerank import rerank
from bot.core.pipeline.retrieve import retrieve
from bot.core.synonyms import NO_SYNONYMS, Synonyms
from bot.core.text import _TOKEN, fold
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

    def __init__(
        self,
        knowledge: KnowledgeFile,
        config: RetrievalConfig = DEFAULT,
        *,
        synonyms: Synonyms = NO_SYNONYMS,
    ) -> None:
        started = time.perf_counter()
        self.knowledge = knowledge
        self.config = config
        self.synonyms = synonyms
        self.passages: PassageTable = split_passages(knowledge, max_chars=config.max_passage_chars)
        self.analyzer = Analyzer()
        self._word_ids: dict[str, int] = {}
        flat_words, lengths = self._read_words()
        self.vocabulary = self._vocabulary(flat_words, lengths)
        self.index = self._build_index(flat_words, lengths)
        self._word_ids = {}  # only building needs it (~70 MB for a million distinct words)
        self.quoter = Quoter(knowledge.text, self.passages, self.analyzer, config)
        self._holds_cache: dict[tuple[int, AnswerType], bool] = {}
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
        return Vocabulary(dict(zip(self._word_ids, df.tolist(), strict=True)), self.config)

    def _build_index(self, flat_words: Ids, lengths: IntArray) -> BM25Index:
        """Each word is indexed as its stem: number the stems and map every token's word."""
        term_ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        stems = self.analyzer.stem_many(list(self._word_ids))
        term_of_word = np.fromiter(map(term_ids.__getitem__, stems), np.int32, len(stems))
        config = self.config
        return BM25Index(
            term_of_word[flat_words], lengths, list(term_ids), k1=config.bm25_k1, b=config.bm25_b
        )

    # -- answering --------------------------------------------------------------------

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K) -> Answer:
        """Answer `question` with up to `top_k` verbatim quotes, or say the article doesn't.

        The pipeline, one stage a module of bot/core/pipeline:
        analyse → expand → retrieve → re-rank → quote → judge.
        """
        question = question[:MAX_QUESTION_CHARS]
        config = self.config
        # The admin's synonyms rewrite the question before analysis (synonyms.py).
        rewritten = self.synonyms.expand(question, self.vocabulary.__contains__)
        analysed = analyse(rewritten, self.analyzer, config)
        query = expand(analysed, self.lexicon, config)
        candidates = retrieve(query, self.index, max(1, top_k, config.rerank_depth))
        if not candidates:
            reason = "no content word in common" if query.words else "no content word in question"
            return Answer(question=question, status="not_found", reason=reason)
        ranked = rerank(candidates, query, self._holds, config)[: max(1, top_k)]
        quotes = self.quoter.quotes(query, [c.passage for c in ranked])
        best = quotes[0]
        verdict = judge(query, ranked[0], self.knowledge.text[best.start : best.end], config)
        return Answer(
            question=question,
            status="answered" if verdict.answered else "not_found",
            results=[
                self._result(n, c, q)
                for n, (c, q) in enumerate(zip(ranked, quotes, strict=True), 1)
            ],
            confidence=verdict.confidence,
            reason=verdict.reason,
        )

    def with_config(self, config: RetrievalConfig) -> Engine:
        """The same file and synonyms, answered with other tunables (for ablations)."""
        return Engine(self.knowledge, config, synonyms=self.synonyms)

    def warm_up(self) -> None:
        """Build the look-up tables questions build on first use (typos, affixes), so the
        first question after a (re)load of a large file is as fast as the rest."""
        self.vocabulary.prepare()
        _ = self.lexicon
        everyday.warm_up()

    @cached_property
    def lexicon(self) -> Lexicon:
        """What question words are matched against; its affix look-ups are built on first use."""
        affixes = AffixIndex(self.vocabulary.df, self.config)
        return Lexicon(self.analyzer, self.vocabulary, affixes, self.index)

    def word_terms(self, word: str) -> tuple[str, ...]:
        """Index terms of a folded word: its stem (compounds are matched at query time)."""
        return (self.analyzer.stem(word),)

    def _holds(self, passage_index: int, kind: AnswerType) -> bool:
        """Whether a passage holds a number (or a time); remembered, as the same passages
        are re-ranked for question after question."""
        key = (passage_index, kind)
        found = self._holds_cache.get(key)
        if found is None:
            passage = self.passages[passage_index]
            found = contains_type(self.knowledge.text[passage.start : passage.end], kind)
            if len(self._holds_cache) >= PASSAGE_CACHE_SIZE:
                self._holds_cache.clear()
            self._holds_cache[key] = found
        return found

    def _result(self, rank: int, candidate: Candidate, quote: Quote) -> Result:
        passage = self.passages[candidate.passage]
        text = self.knowledge.text
        return Result(
            rank=rank,
            score=round(candidate.score, 4),
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
