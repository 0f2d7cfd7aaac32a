"""An inverted BM25 index whose scores equal rank-bm25's, at a cost set by the candidates.

Each term's BM25 contribution to each passage that contains it is computed once at
build time, with the very floating-point operations rank-bm25's `get_scores` performs
(same order, same IDF function), so a query's scores are rank-bm25's exactly and not just
closely. A query then touches only the postings of its own terms instead of every
passage: a few postings are added up in Python (no array set-up cost), many in one dense
score array.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.core.scoring import K1, B, lucene_idf

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

PYTHON_POSTINGS = 32
"""A query with at most this many postings (plus one per 256 passages, the cost of a dense
score array) is scored in Python; numpy's per-call overhead would dominate."""


class BM25Index:
    """Postings in CSR form: for term id t, `docs[offsets[t]:offsets[t+1]]` and their scores."""

    def __init__(
        self,
        term_ids: npt.NDArray[np.integer[Any]],
        doc_lengths: IntArray,
        terms: Sequence[str],
        *,
        k1: float = K1,
        b: float = B,
    ) -> None:
        """`term_ids` are all passages' term ids end to end; `doc_lengths` says where each ends."""
        self.k1, self.b = k1, b
        self.terms = list(terms)
        self.term_id = dict(zip(self.terms, range(len(self.terms)), strict=True))
        self.doc_lengths: IntArray = np.asarray(doc_lengths, dtype=np.int64)
        self.corpus_size = len(self.doc_lengths)
        total = int(self.doc_lengths.sum())
        self.avgdl = total / self.corpus_size if self.corpus_size else 0.0
        n_terms = len(self.terms)
        n_docs = max(self.corpus_size, 1)

        # Every occurrence as a (term, passage) key, sorted: a run of equal keys is one
        # posting, and its length the term's frequency in the passage. Arrays are reused in
        # place, as fresh memory is a large share of the cost on a big file.
        keys = np.repeat(np.arange(self.corpus_size, dtype=np.int64), self.doc_lengths)
        keys += np.asarray(term_ids, dtype=np.int64) * n_docs
        keys.sort(kind="stable")
        first = np.empty(len(keys), dtype=bool)
        first[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        del first
        tf = np.diff(starts, append=len(keys)).astype(np.float64)
        keys = keys[starts]
        del starts
        self.offsets: IntArray = np.searchsorted(
            keys, np.arange(n_terms + 1, dtype=np.int64) * n_docs
        ).astype(np.int64)
        df = np.diff(self.offsets)
        self.document_frequency: IntArray = df
        posting_terms = np.repeat(np.arange(n_terms, dtype=np.int64), df)
        keys -= posting_terms * n_docs
        self.docs: IntArray = keys
        self.idf: FloatArray = _idf(self.corpus_size, df)
        # rank-bm25: idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))), step by
        # step in place (+ and * commute exactly in floating point, the order is kept).
        norm = self.doc_lengths[keys].astype(np.float64)
        if total:
            norm *= b
            norm /= self.avgdl
            norm += 1 - b
            norm *= k1
        norm += tf
        tf *= k1 + 1
        tf /= norm
        del norm
        tf *= self.idf[posting_terms]
        self.contributions: FloatArray = tf

    @classmethod
    def from_documents(cls, documents: Sequence[Sequence[str]], **kwargs: float) -> BM25Index:
        """Build from tokenised passages (lists of terms), as rank-bm25 takes them."""
        term_id: dict[str, int] = {}
        flat = [term_id.setdefault(t, len(term_id)) for doc in documents for t in doc]
        lengths = np.fromiter((len(d) for d in documents), dtype=np.int64, count=len(documents))
        return cls(np.asarray(flat, dtype=np.int64), lengths, list(term_id), **kwargs)

    def idf_of(self, term: str) -> float:
        """IDF of a term; a term the file never uses gets the IDF of df = 0 (the highest)."""
        tid = self.term_id.get(term)
        if tid is None:
            return lucene_idf(self.corpus_size, 0)
        return float(self.idf[tid])

    def df_of(self, term: str) -> int:
        """In how many passages the term occurs."""
        tid = self.term_id.get(term)
        return 0 if tid is None else int(self.document_frequency[tid])

    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        """The passages containing `term` and the term's BM25 contribution to each."""
        tid = self.term_id.get(term)
        if tid is None:
            empty = np.zeros(0, dtype=np.int64)
            return empty, np.zeros(0, dtype=np.float64)
        lo, hi = self.offsets[tid], self.offsets[tid + 1]
        return self.docs[lo:hi], self.contributions[lo:hi]

    def containing(self, term: str, docs: IntArray) -> npt.NDArray[np.bool_]:
        """For each passage in `docs`, whether it contains `term` (a look-up in the
        term's sorted postings, without reading the passages)."""
        tid = self.term_id.get(term)
        if tid is None:
            return np.zeros(len(docs), dtype=bool)
        postings = self.docs[self.offsets[tid] : self.offsets[tid + 1]]
        at = np.searchsorted(postings, docs)
        found: npt.NDArray[np.bool_] = postings[np.minimum(at, len(postings) - 1)] == docs
        return found

    def _spans(self, query: Mapping[str, float]) -> tuple[list[tuple[int, int, float]], int]:
        """Each known query term's postings range and weight, in query order; total postings."""
        spans = []
        total = 0
        offsets = self.offsets
        for term, weight in query.items():
            tid = self.term_id.get(term)
            if tid is not None:
                lo, hi = int(offsets[tid]), int(offsets[tid + 1])
                spans.append((lo, hi, weight))
                total += hi - lo
        return spans, total

    def _score_small(self, spans: list[tuple[int, int, float]]) -> dict[int, float]:
        """Scores by passage, summed in query order as rank-bm25 sums them."""
        scores: dict[int, float] = {}
        get = scores.get
        for lo, hi, weight in spans:
            contributions = self.contributions[lo:hi].tolist()
            if weight != 1.0:
                contributions = [c * weight for c in contributions]
            for doc, contribution in zip(self.docs[lo:hi].tolist(), contributions, strict=True):
                scores[doc] = get(doc, 0.0) + contribution
        return scores

    def _in_python(self, postings: int) -> bool:
        return postings <= PYTHON_POSTINGS + self.corpus_size // 256

    def _score_dense(self, spans: list[tuple[int, int, float]]) -> FloatArray:
        """Scores of every passage (zero where no query term occurs)."""
        scores = np.zeros(self.corpus_size, dtype=np.float64)
        for lo, hi, weight in spans:
            contributions = self.contributions[lo:hi]
            # A term's postings name each passage once, so fancy-index += is exact.
            scores[self.docs[lo:hi]] += contributions * weight if weight != 1.0 else contributions
        return scores

    def score(self, query: Mapping[str, float]) -> tuple[IntArray, FloatArray]:
        """Candidate passages (ascending) and their scores: Σ weight × BM25(term, passage)."""
        spans, total = self._spans(query)
        if self._in_python(total):
            small = self._score_small(spans)
            ordered = sorted(small)
            return (
                np.asarray(ordered, dtype=np.int64),
                np.asarray([small[d] for d in ordered], dtype=np.float64),
            )
        touched = np.zeros(self.corpus_size, dtype=bool)
        for lo, hi, _ in spans:
            touched[self.docs[lo:hi]] = True
        candidates = np.flatnonzero(touched)
        return candidates, self._score_dense(spans)[candidates]

    def top(self, query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        """The k best (passage, score) pairs with a score above zero, best first.

        Equal scores are ordered by passage, so the result is that of sorting every
        passage by (-score, passage) and keeping the first k with a positive score.
        """
        if k <= 0:
            return []
        spans, total = self._spans(query)
        if self._in_python(total):
            small = self._score_small(spans)
            ranked = sorted(
                ((doc, s) for doc, s in small.items() if s > 0), key=lambda p: (-p[1], p[0])
            )
            return ranked[:k]
        scores = self._score_dense(spans)
        docs = np.flatnonzero(scores > 0)
        values = scores[docs]
        if len(docs) > k:
            kth = np.partition(values, len(values) - k)[len(values) - k]
            above = np.flatnonzero(values > kth)
            tied = np.flatnonzero(values == kth)[: k - len(above)]
            keep = np.concatenate((above, tied))
            docs, values = docs[keep], values[keep]
        order = np.lexsort((docs, -values))
        return [(int(docs[i]), float(values[i])) for i in order[:k]]

    def scores_all(self, query: Mapping[str, float]) -> FloatArray:
        """Dense scores for every passage (tests compare this with rank-bm25's `get_scores`)."""
        out = np.zeros(self.corpus_size, dtype=np.float64)
        docs, scores = self.score(query)
        out[docs] = scores
        return out


def _idf(corpus_size: int, document_frequency: IntArray) -> FloatArray:
    """Lucene IDF per term, from `lucene_idf` itself (math.log, as rank-bm25 computes it)."""
    values, inverse = np.unique(document_frequency, return_inverse=True)
    table = np.array([lucene_idf(corpus_size, int(v)) for v in values], dtype=np.float64)
    return table[inverse.reshape(-1)] if len(values) else np.zeros(0, dtype=np.float64)
