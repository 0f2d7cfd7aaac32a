"""The three-way verdict: answered, unsure (the article may say it), or not found.

A small logistic model over named features of the best quote says how likely it is to
answer the question; two thresholds turn that into the verdict, and a third into the
"high" confidence label. The model is fitted on the dev question files only
(`python -m bot.core.fit_verdict`), its coefficients live in `RetrievalConfig`, and it is
reported on test files it never saw. Why these features: lexical and dense retrieval fail
differently, so their agreement is evidence; an on-topic question the article does not
answer is as similar to the text as a real one, so similarity alone is not (raw cosine
did not separate them); a quote that only repeats the question's words adds nothing
(novelty); and a question that asks for a number or a time needs one in the quote.
Four more features were tried and dropped when their fitted weights came out near zero
and leaving them out changed no held-out figure beyond one question: the similarity
standardised over the file, whether the best quote is the lexical best, the fused
score's margin over the second quote, and how high the lexical best quote ranks by
meaning (its weight came out negative beside `lexical_agreement`: no sense to keep).
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass, fields
from typing import Literal

Status = Literal["answered", "unsure", "not_found"]


@dataclass(frozen=True, slots=True)
class VerdictFeatures:
    """What the verdict looks at, each in [0, 1] or a small real range."""

    lexical_answered: float
    """1 when the lexical rules alone would answer (enough of the question's weight covered)."""
    coverage: float
    """Share of the question's weight the best lexical passage covers."""
    similarity: float
    """Cosine similarity of the best quote to the question."""
    novelty: float
    """Share of the content words of the quote's sentence that matches the question best
    which the question does not already use (1 for a yes/no question, whose answer may
    repeat it). Per sentence, not per quote: a second sentence adds words either way
    (measured on the dev files: 167 instead of 161 answers right, precision 0.874/0.870)."""
    lexical_agreement: float
    """1/rank, among lexical passages, of the passage of the most similar unit (0: absent)."""
    english: float
    """Share of the question's words that are English: lexical evidence then means less."""
    lacks_type: float
    """1 when the question asks for a number or a time and the best quote holds none, or
    asks what something is called and the quote names nothing new."""

    def values(self) -> tuple[float, ...]:
        """The features in declaration order (the order of the model's weights)."""
        return astuple(self)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(VerdictFeatures))


@dataclass(frozen=True, slots=True)
class VerdictModel:
    """Logistic regression over standardised features, and the thresholds on its output."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    answer_at: float
    """Probability from which the best quote is given as the answer."""
    unsure_at: float
    """Below this the article is taken not to be about the question."""
    high_at: float
    """Probability from which an answer is labelled high confidence."""

    @classmethod
    def neutral(cls) -> VerdictModel:
        """A model that weighs nothing (p = 0.5): for fitting, before coefficients exist."""
        n = len(FEATURE_NAMES)
        return cls((0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.5, 0.0, 1.0)

    def probability(self, features: VerdictFeatures) -> float:
        """How likely the best quote answers the question."""
        z = self.bias
        for x, mean, scale, weight in zip(
            features.values(), self.means, self.scales, self.weights, strict=True
        ):
            z += weight * (x - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def certainty(self, probability: float) -> Literal["high", "medium"]:
        """The label of an answer: "high" only where the dev answers were right ≥ 95 %."""
        return "high" if probability >= self.high_at else "medium"

    def status(self, probability: float) -> Status:
        """The verdict for a probability."""
        if probability >= self.answer_at:
            return "answered"
        return "unsure" if probability >= self.unsure_at else "not_found"
