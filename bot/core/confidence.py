"""Decide whether the article answers a question, or only shares words with it.

BM25 always ranks something first; whether that first passage answers is a separate
question. The rule: the best passage must cover at least half of the question's weight,
where each content word weighs its IDF. Words the passage lacks are weighed by what
they suggest: a name (a capitalised word such as "Poetin", "Brussel" or "Frankrijk") is
what the question is about, so a name the passage never mentions weighs double, whether
or not the article uses it elsewhere ("de minister van Defensie van Frankrijk" is not
answered by a passage on the ministers of Defence that does not name France); an
ordinary word the article never uses may be just a paraphrase or a word any question
uses ("reactie", "doet"), so it weighs by how common it is in everyday language: half
for the most common words, in full for rare ones ("goedgekeurd"; background.py). A
question whose only matches are words found in most passages ("navo") is not answered
when it also asks about something the article does not contain. A question asking
"how many" or "when" needs a number or a time in the quote (answer_types.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.answer_types import contains_type, expected_type
from bot.core.background import missing_word_weight
from bot.core.index import BM25Index
from bot.core.query import SOURCE_WEIGHT, QueryWord, spelling_forms

MIN_COVERAGE = 0.5
UNKNOWN_NAME_FACTOR = 2.0


@dataclass(frozen=True)
class Judgement:
    """The verdict and why, so `eval` and logs can show it."""

    answered: bool
    confidence: float
    reason: str


def judge(
    words: Sequence[QueryWord],
    weights: Mapping[int, float],
    matched: Mapping[int, float],
    index: BM25Index,
    question: str = "",
    quote: str = "",
) -> Judgement:
    """Answered when the best passage covers enough of the question's weight.

    When the question asks for a number or a time, the best quote must also hold one.
    """
    coverage = covered_share(words, weights, matched) if matched else 0.0
    if coverage <= 0:
        return Judgement(False, 0.0, "no content word in common")
    common = index.corpus_size / 2
    only_common = all(min(index.df_of(t) for t in words[i].terms) > common for i in matched)
    if only_common and coverage < 1.0 and index.corpus_size > 2:
        return Judgement(False, coverage, "only words found all over the article match")
    if coverage < MIN_COVERAGE:
        return Judgement(False, coverage, f"best passage covers {coverage:.0%} of the question")
    wanted = expected_type(question)
    if wanted is not None and not contains_type(quote, wanted):
        return Judgement(False, coverage, f"the best quote holds no {wanted}")
    verdict = True
    return Judgement(verdict, coverage, f"best passage covers {coverage:.0%} of the question")


def covered_share(
    words: Sequence[QueryWord], weights: Mapping[int, float], matched: Mapping[int, float]
) -> float:
    """The share of the question's weight a passage matches (0 to 1): the coverage the
    rule above is about, also used to rank the best few passages (engine.py).

    `matched` says how fully each matched word is there: 1 for the word itself, less for
    a compound it only heads ("organisatie" for "verdragsorganisatie", query.py).
    """
    weighted = {i: weights[i] * _factor(words[i], i in matched) for i in range(len(words))}
    total = sum(weighted.values())
    return sum(weighted[i] * share for i, share in matched.items()) / total if total > 0 else 0.0


def _factor(word: QueryWord, matched: bool = False) -> float:
    if word.source:
        return SOURCE_WEIGHT
    if word.capitalised and not matched:
        return UNKNOWN_NAME_FACTOR
    return missing_word_weight(*spelling_forms(word.word)) if word.kind == "unknown" else 1.0
