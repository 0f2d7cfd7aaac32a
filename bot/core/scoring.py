"""The BM25 model: rank-bm25's Okapi formula with Lucene's always-positive IDF.

rank-bm25's own IDF goes to zero or a floor for terms in half the passages or more,
which on a ten-passage article lets "navo" outweigh "rusland".
`LuceneIdfBM25` is that model as a rank-bm25 class: it is the reference our inverted
index must reproduce exactly (tests/test_index_identity.py).
"""

from __future__ import annotations

import math

from rank_bm25 import BM25Okapi

from bot.core.config import DEFAULT

K1 = DEFAULT.bm25_k1
B = DEFAULT.bm25_b


def lucene_idf(corpus_size: int, document_frequency: int) -> float:
    """log(1 + (N − n + 0.5) / (n + 0.5)): positive, and rarer terms always weigh more."""
    return math.log(1.0 + (corpus_size - document_frequency + 0.5) / (document_frequency + 0.5))


class LuceneIdfBM25(BM25Okapi):  # type: ignore[misc]
    """rank-bm25's BM25Okapi with the Lucene IDF; scoring is rank-bm25's own `get_scores`."""

    def __init__(self, corpus: list[list[str]], k1: float = K1, b: float = B) -> None:
        super().__init__(corpus, k1=k1, b=b)

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = lucene_idf(self.corpus_size, freq)
        self.average_idf = sum(self.idf.values()) / len(self.idf) if self.idf else 0.0
