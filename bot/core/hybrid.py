"""Rank quotes by words and by meaning together, and decide what the bot may claim.

Lexical retrieval (BM25, re-ranked) proposes passages and the quote it would show from
each; the semantic index scores every sentence and sentence pair by meaning. Each unit
(a sentence or a pair) gets

    score = similarity_weight · z(cosine)
            + lexical_weight · coverage · BM25/BM25_best
            + quote_weight · [the unit overlaps the lexical quote of its passage]

where z standardises the cosines over the file's units (e5 cosines sit in a narrow band,
so their spread, not their level, says which sentence stands out) and `coverage` is the
share of the question's weight the best lexical passage covers: lexical ranking is
trusted as far as it matched the question (an English question that shares only a name
with the article leaves the ranking to meaning). On the dev files a weighted sum of
normalised scores kept every lexical question right at rank 1, where reciprocal rank
fusion did not (it lets a loose dense match outvote an exact passage); scaling by
coverage put the right quote first for 87 of the 122 other questions, against at most 81
without it (measured on the dev files during development).
The best non-overlapping units are the quotes shown, answer or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.config import RetrievalConfig
from bot.core.semantic.encoder import Vectors
from bot.core.semantic.units import Unit


@dataclass(frozen=True, slots=True)
class LexicalQuote:
    """What lexical retrieval proposes from one passage."""

    passage: int
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class RankedQuote:
    """A quote to show, with the scores it was ranked by."""

    unit: Unit
    score: float
    similarity: float
    """The unit's cosine similarity to the question."""


def fuse(
    units: Sequence[Unit],
    similarities: Vectors,
    lexical: Sequence[LexicalQuote],
    config: RetrievalConfig,
    limit: int,
    coverage: float,
) -> list[RankedQuote]:
    """The best `limit` non-overlapping units by the fused score.

    With the rule "fusion-coverage" off, lexical ranking is trusted fully whatever it
    covered (coverage taken as 1).
    """
    if not units:
        return []
    spread = float(similarities.std()) or 1.0
    standout = (similarities - float(similarities.mean())) / spread
    best = max((q.score for q in lexical), default=0.0) or 1.0
    trust = coverage if config.on("fusion-coverage") else 1.0
    lexical_share = {q.passage: trust * q.score / best for q in lexical}
    quote_of = {q.passage: (q.start, q.end) for q in lexical}
    scores = config.fusion_similarity * standout
    for i, unit in enumerate(units):
        share = lexical_share.get(unit.passage)
        if share is None:
            continue
        scores[i] += config.fusion_lexical * share
        start, end = quote_of[unit.passage]
        if unit.start < end and start < unit.end:
            scores[i] += config.fusion_quote
    chosen: list[RankedQuote] = []
    for i in np.argsort(-scores, kind="stable"):
        unit = units[int(i)]
        if any(unit.start < c.unit.end and c.unit.start < unit.end for c in chosen):
            continue
        chosen.append(RankedQuote(unit, float(scores[i]), float(similarities[i])))
        if len(chosen) == limit:
            break
    return chosen
