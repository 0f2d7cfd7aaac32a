"""An inverted BM25 index whose scores equal rank-bm25's, at a cost set by the candidates.

Each term's BM25 contribution to each passage that contains it is computed once at
build time (rank-bm25's formula, Lucene IDF). A query then touches only the postings of
its own terms instead of every passage, as rank-bm25's `get_scores` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from bot.core.scoring import B, K1, lucene_idf

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class BM25Index:
    """Postings in CSR form: for term id t, `docs[offsets[t]:offsets[t+1]]` and their scores."""

    def __init__(
        self,
        term_ids: IntArray,
        doc_lengths: IntArray,
        terms: Sequence[str],
        *,
        k1: float = K1,
        b: float = B,
    ) -> None:
        """`term_ids` are all passages' term ids end to end; `doc_lengths` says where each ends."""
        self.k1, self.b = k1, b
        self.terms = list(terms)
        self.term_id = {t: i for i, t in enumerate(self.terms)}
        self.doc_lengths = doc_lengths.astype(np.int64)
        self.corpus_size = len(doc_lengths)
        total = int(self.doc_lengths.sum())
        self.avgdl = total / self.corpus_size if self.corpus_size else 0.0
        n_terms = len(self.terms)

        doc_of_token = np.repeat(np.arange(self.corpus_size, dtype=np.int64), self.doc_lengths)
        keys = term_ids.astype(np.int64) * max(self.corpus_size, 1) + doc_of_token
        unique_keys, tf = np.unique(keys, return_counts=True)
        posting_terms = unique_keys // max(self.corpus_size, 1)
        self.docs: IntArray = unique_keys % max(self.corpus_size, 1)
        df = np.bincount(posting_terms, minlength=n_terms)
        self.document_frequency: IntArray = df.astype(np.int64)
        self.offsets: IntArray = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=self.offsets[1:])
        idf = np.log(1.0 + (self.corpus_size - df + 0.5) / (df + 0.5))
        self.idf: FloatArray = idf
        tf_f = tf.astype(np.float64)
        norm = k1 * (1 - b + b * self.doc_lengths[self.docs] / self.avgdl) if total else 1.0
        self.contributions: FloatArray = idf[posting_terms] * (tf_f * (k1 + 1) / (tf_f + norm))

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

    def score(self, query: Mapping[str, float]) -> tuple[IntArray, FloatArray]:
        """Candidate passages and their scores: Σ weight × BM25(term, passage)."""
        doc_parts: list[IntArray] = []
        score_parts: list[FloatArray] = []
        for term, weight in query.items():
            docs, contributions = self.postings(term)
            if len(docs):
                doc_parts.append(docs)
                score_parts.append(contributions * weight if weight != 1.0 else contributions)
        if not doc_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if len(doc_parts) == 1:
            return doc_parts[0], score_parts[0].copy()
        docs = np.concatenate(doc_parts)
        candidates, inverse = np.unique(docs, return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate(score_parts))
        return candidates, scores

    def top(self, query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        """The k best (passage, score) pairs with a score above zero, best first."""
        docs, scores = self.score(query)
        keep = scores > 0
        docs, scores = docs[keep], scores[keep]
        if len(docs) > k:
            part = np.argpartition(-scores, k - 1)[:k]
            docs, scores = docs[part], scores[part]
        order = np.lexsort((docs, -scores))
        return [(int(docs[i]), float(scores[i])) for i in order[:k]]

    def scores_all(self, query: Mapping[str, float]) -> FloatArray:
        """Dense scores for every passage (tests compare this with rank-bm25's `get_scores`)."""
        out = np.zeros(self.corpus_size, dtype=np.float64)
        docs, scores = self.score(query)
        out[docs] = scores
        return out
