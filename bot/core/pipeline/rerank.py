"""Stage 4, re-rank: order retrieve's candidates by their signals combined.

BM25 adds up matches, so one repeated common word can outrank the one passage that has
the question's name ("Wat zei het Kremlin?"); scaling by coverage is Lucene's classic
coordination factor. A passage holding the number or time asked for is preferred. A new
signal (a semantic similarity, say) is one more field on `Candidate` and one more factor
in `_score`, with its coefficient in RetrievalConfig.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.config import RetrievalConfig
from bot.core.pipeline.records import AnswerType, Candidate, Query


def rerank(
    candidates: list[Candidate],
    query: Query,
    holds: Callable[[int, AnswerType], bool],
    config: RetrievalConfig,
) -> list[Candidate]:
    """The candidates with their final `score`, best first (ties keep BM25's order).

    `holds(passage, type)` says whether a passage holds an answer of the type asked for.
    """
    wanted = query.wanted
    typed = config.on("answer-type-rerank")
    scored = []
    for candidate in candidates:
        has_type = wanted is not None and typed and holds(candidate.passage, wanted)
        score = _score(candidate, has_type, config)
        c = candidate
        scored.append(Candidate(c.passage, c.bm25, c.matched, c.coverage, has_type, score))
    return sorted(scored, key=lambda c: -c.score)


def _score(candidate: Candidate, has_type: bool, config: RetrievalConfig) -> float:
    """BM25 × coverage × the answer-type bonus: the signals, combined."""
    score = candidate.bm25
    if config.on("coverage-rerank"):
        score *= candidate.coverage
    if has_type:
        score *= config.answer_type_bonus
    return score
