"""Decide whether the article answers a question, or only shares words with it.

BM25 always ranks something first; whether that first passage answers is a separate
question. Two signals, as in RETRIEVAL-NOTES.md: how much of the question's IDF weight
the best passage covers, and whether a distinctive (rare) word matched at all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from bot.core.index import BM25Index
from bot.core.query import QueryWord

MIN_COVERAGE = 0.5
"""Share of the question's IDF weight the best passage must cover."""


@dataclass(frozen=True)
class Judgement:
    """The verdict and why, so `eval` and logs can show it."""

    answered: bool
    confidence: float
    reason: str


def judge(
    words: Sequence[QueryWord],
    weights: Mapping[int, float],
    matched: Collection[int],
    index: BM25Index,
) -> Judgement:
    """Answered when the best passage covers enough of the question, including a rare word."""
    total = sum(weights.values())
    if not words or total <= 0:
        return Judgement(False, 0.0, "no content word in question")
    covered = sum(weights[i] for i in matched)
    coverage = covered / total
    half = index.corpus_size / 2
    rare = any(
        min(index.df_of(t) for t in words[i].terms) <= half for i in matched if words[i].terms
    )
    if not rare and index.corpus_size > 2:
        return Judgement(False, coverage, "only words found everywhere in the article")
    if coverage < MIN_COVERAGE:
        return Judgement(False, coverage, f"best passage covers {coverage:.0%} of the question")
    return Judgement(True, coverage, f"best passage covers {coverage:.0%} of the question")
