"""Tunables of retrieval (temporary home of the semantic section until the pipeline's
RetrievalConfig lands)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.answering import HybridSettings
from bot.core.hybrid import FusionWeights
from bot.core.verdict import VerdictModel

VERDICT = VerdictModel(
    means=(0.5315, 0.5792, 0.8545, 0.888, 0.7144, 0.1769, 0.0664),
    scales=(0.499, 0.3517, 0.0358, 0.1388, 0.4103, 0.3176, 0.249),
    weights=(0.4691, 0.7064, 0.5724, 0.627, 0.4524, 0.3591, -0.818),
    bias=0.7245,
    answer_at=0.724,
    unsure_at=0.2705,
    high_at=0.949,
)
"""Fitted by tools/fit_verdict.py on the dev files (FEATURE_NAMES order)."""


@dataclass(frozen=True)
class RetrievalConfig:
    """Every tunable of answering, each with where its value comes from."""

    semantic_max_units: int = 5000
    """Files with more sentences + pairs than this are served lexically (embedding costs
    ~20–40 ms a unit on one core: 5,000 units is a few minutes in the background)."""
    hybrid: HybridSettings = field(
        default_factory=lambda: HybridSettings(
            weights=FusionWeights(similarity=1.0, lexical=4.0, quote=0.5),
            verdict=VERDICT,
            lexical_depth=5,
        )
    )


DEFAULT_CONFIG = RetrievalConfig()
