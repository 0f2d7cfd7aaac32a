"""Stage 6, judge: does the best passage answer the question, or only share words with it?

BM25 always ranks something first; whether it answers is a separate question. The best
passage must cover at least `min_coverage` of the question's weight (expand decides each
word's weight, present and missing), and a question asking "how many" or "when" needs a
number or a time in the quote. A calibrated verdict can replace this function: it
receives everything the pipeline knows (the query, the best candidate, its quote).
"""

from __future__ import annotations

from bot.core.config import RetrievalConfig
from bot.core.pipeline.answer_types import contains_type
from bot.core.pipeline.records import Candidate, Judgement, Query


def judge(query: Query, best: Candidate, quote: str, config: RetrievalConfig) -> Judgement:
    """Answered when the best passage covers enough of the question's weight."""
    coverage = best.coverage
    if coverage <= 0:
        return Judgement(False, 0.0, "no content word in common")
    if coverage < config.min_coverage:
        return Judgement(False, coverage, f"best passage covers {coverage:.0%} of the question")
    wanted = query.wanted
    required = config.on("answer-type-required") and wanted is not None
    if required and wanted is not None and not contains_type(quote, wanted):
        return Judgement(False, coverage, f"the best quote holds no {wanted}")
    return Judgement(True, coverage, f"best passage covers {coverage:.0%} of the question")
