"""Stage 3, retrieve: BM25's best passages, and how much of the question each covers.

The scale machinery lives here and below (index.py): the inverted index scores only the
postings of the query's terms, and whether a passage holds a term is a look-up in that
term's sorted postings, so no passage is read. Each `Candidate` carries its signals by
name (BM25, which words it matches, coverage) for re-rank to combine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bot.core.index import BM25Index
from bot.core.pipeline.records import Candidate, Query, QueryTerm


def retrieve(query: Query, index: BM25Index, depth: int) -> list[Candidate]:
    """BM25's best `depth` passages with a score above zero, best first."""
    hits = index.top(query.bm25_query(), depth)
    if not hits:
        return []
    docs = np.fromiter((p for p, _ in hits), dtype=np.int64, count=len(hits))
    terms = {t for word in query.words for t in word.all_terms}
    present = {t: index.containing(t, docs) for t in terms}
    candidates = []
    for n, (passage, bm25) in enumerate(hits):
        matched = match_shares(query.words, {t for t in terms if present[t][n]})
        coverage = covered_share(query.words, matched) if matched else 0.0
        candidates.append(Candidate(passage, bm25, matched, coverage))
    return candidates


def match_shares(words: Sequence[QueryTerm], present: set[str]) -> dict[str, float]:
    """How fully each question word is in a passage with the `present` terms: 1 as itself,
    its compound share when only a compound it heads is there."""
    shares: dict[str, float] = {}
    for word in words:
        if not present.isdisjoint(word.terms):
            shares[word.surface] = 1.0
        elif not present.isdisjoint(word.compounds):
            shares[word.surface] = word.compound_share
    return shares


def covered_share(words: Sequence[QueryTerm], matched: Mapping[str, float]) -> float:
    """The share of the question's weight a passage matches (0 to 1): Lucene's classic
    coordination factor, with each word weighed as expand decided."""
    total = sum(w.weight if w.surface in matched else w.missing_weight for w in words)
    if total <= 0:
        return 0.0
    return sum(w.weight * matched[w.surface] for w in words if w.surface in matched) / total
