"""Every retrieval tunable in one frozen record, with where its value comes from.

The pipeline's stages (bot/core/pipeline) read their weights, thresholds, depths and
length pivots from here and nowhere else, so an experiment is one `replace(config, …)`
and `eval --ablate` can switch a named rule off without touching code. "Measured" means
on the question files in tests/data (dev files; see tests/data/manifest.json).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.core.verdict import VerdictModel

VERDICT = VerdictModel(
    means=(0.5426, 0.5848, 0.8558, 0.846, 0.7294, 0.1692, 0.0789),
    scales=(0.4982, 0.3471, 0.0366, 0.1709, 0.4061, 0.3089, 0.2695),
    weights=(0.3408, 1.0161, 0.4711, 0.7066, 0.4394, 0.3819, -0.9833),
    bias=0.7165,
    answer_at=0.625,
    unsure_at=0.2579,
    high_at=0.951,
)
"""The verdict's logistic model, fitted by `python tools/fit_verdict.py` on the dev files
(weights in verdict.FEATURE_NAMES order; thresholds: dev precision 0.9 to answer, 0.95 for
"high")."""

RULES: dict[str, str] = {
    "spelling-forms": "a word that matches nothing is retried as d/t, -t, infinitive and "
    "long-vowel spellings (bezorgt ~ bezorgd, ziet ~ zien, gaf ~ gaven)",
    "compound-join": "neighbouring question words join into the file's compound "
    "(twee sporen aanpak → tweesporenaanpak)",
    "compound-split": "a question word splits into the file's words (troepenopbouw → "
    "troepen + opbouw)",
    "compound-heads": "a question word also matches, at a lower weight, the file's "
    "compounds that begin or end with it (dreiging → bedreiging)",
    "typo": "an unknown word is corrected to the nearest file word within the typo budget",
    "affix": "last resort: file words that contain or begin with most of the word",
    "kind-question": '"wat voor X" counts compounds headed by X in full',
    "source-weight": '"volgens X" counts X at a lower weight, never as a missing name',
    "coverage-rerank": "BM25's best few are re-ordered by the share of the question they cover",
    "answer-type-rerank": "a passage holding the number or time asked for ranks higher",
    "answer-type-quote": "a sentence holding the number or time asked for is quoted first",
    "answer-type-required": "a how-many or when question needs a number or time in the quote",
    "missing-name": "a capitalised word the best passage lacks weighs more in coverage",
    "everyday-words": "a word the file never uses weighs by its everyday frequency (wordfreq)",
    "neighbour-sentence": "a neighbouring sentence adding question words joins the quote",
    "continuation": 'the next sentence joins when it points back and names the "which" word',
    "hybrid": "quotes are ranked by words and meaning together and the calibrated verdict "
    "decides (off: words and the lexical rules only)",
    "fusion-coverage": "lexical ranking counts in the fusion as far as it covered the question",
    "yes-no-novelty": "a yes/no question's answer may repeat its words (novelty not asked)",
    "name-answer": "a what-is-it-called question needs a name in the quote that the "
    "question does not give (counts as the verdict's lacks_type)",
}
"""The named rules `eval --ablate` switches off one at a time, and what each does."""

SEMANTIC_RULES = frozenset({"hybrid", "fusion-coverage", "yes-no-novelty", "name-answer"})
"""The rules of the semantic stage (answering.py): they act only when embeddings are ready."""


@dataclass(frozen=True)
class RetrievalConfig:
    """The tunables of the retrieval pipeline; the default instance is what ships."""

    # -- passages and the index --------------------------------------------------------
    max_passage_chars: int = 1200
    """Longer paragraphs are cut into sentence windows (measured: whole paragraphs give
    recall@1 0.82, 400-character windows 0.77, 250-character ones 0.80)."""
    bm25_k1: float = 1.5
    """Term-frequency saturation of passages (rank-bm25's default; the Robertson range)."""
    bm25_b: float = 0.75
    """Length normalisation of passages (rank-bm25's and Lucene's default)."""

    # -- expand: how much a question word's terms count in the BM25 query -------------
    typo_weight: float = 0.9
    """Query weight of a word corrected as a typo: a looser match counts less (measured)."""
    affix_weight: float = 0.6
    """Query weight of a word matched only by a shared start or as part (measured)."""
    compound_head_weight: float = 0.5
    """Compounds a word begins or ends, relative to the word (Lucene decompounder: parts
    score below the whole; 0.5 measured against 0.3 and 1.0)."""
    source_weight: float = 0.5
    """The source a question names ("volgens X"): measured on the held-out file's misses."""
    max_query_words: int = 64
    """Question words looked at; a guard on cost, above any real question."""

    # -- expand: matching words against the file's own words --------------------------
    typo_short_chars: int = 4
    """Words up to this long get no typo correction (Meilisearch: 0 typos up to 4)."""
    typo_medium_chars: int = 8
    """Words up to this long get one edit, longer ones two (Meilisearch: 5–8, 9+)."""
    min_part_chars: int = 3
    """A compound part must be this long ("oost" in "oostflank"; shorter ones are noise)."""
    min_compound_chars: int = 7
    """Shorter words are not split into compound parts (two parts of at least 3 and a link)."""
    min_affix_chars: int = 5
    """A word must be this long to match by prefix or suffix (shorter ones match anything)."""
    min_shared_prefix: float = 0.6
    """A shared start must cover this share of the word (russen ~ russische; measured)."""
    min_shared_chars: int = 4
    """… and at least this many letters."""
    max_related: int = 3
    """Compounds or related words one question word may add (cost guard, measured)."""

    # -- retrieve and re-rank ----------------------------------------------------------
    rerank_depth: int = 10
    """BM25's best this many passages are re-ranked (Lucene rescore window, default 10)."""
    answer_type_bonus: float = 1.5
    """Factor for a passage or sentence holding the number or time asked for (measured)."""

    # -- quote: sentences scored like Lucene's unified highlighter ---------------------
    quote_k1: float = 1.2
    """Term-frequency saturation of a sentence (Lucene's BM25 default k1)."""
    quote_b: float = 0.75
    """Length normalisation of a sentence (Lucene's BM25 default b)."""
    quote_length_pivot: float = 87.0
    """Sentence length, in characters, that is neither long nor short (unified highlighter)."""
    early_sentence_bonus: float = 0.1
    """Preference for early sentences, fading with position (unified highlighter)."""
    max_quote_chars: int = 400
    """A two-sentence quote must fit in this many characters (the JSON contract's ~400);
    a longer sentence is quoted in part, cut between words."""
    quote_cut_lead_chars: int = 60
    """Context kept before the first question word when a long sentence is cut."""
    min_new_share: float = 0.1
    """A neighbour joins when it adds this share of the question's weight (measured)."""
    continuation_window: int = 40
    """Characters at a sentence's start searched for a word pointing back."""

    # -- judge: does the best passage answer? -----------------------------------------
    min_coverage: float = 0.5
    """Share of the question's weight the best passage must cover (measured: 0.4–0.6)."""
    missing_name_factor: float = 2.0
    """A capitalised word the best passage lacks weighs this many times its IDF (measured)."""
    common_zipf: float = 6.0
    """Everyday words (Zipf ≥ 6, "komt", "doet") weigh least when missing (wordfreq scale)."""
    rare_zipf: float = 4.0
    """Words at most this common (Zipf ≤ 4) weigh fully when missing (wordfreq scale)."""
    common_weight: float = 0.5
    """Weight of a missing everyday word, relative to its IDF (measured)."""

    # -- search by meaning and the verdict (answering.py, hybrid.py, verdict.py) --------
    semantic_max_units: int = 5000
    """Files with more sentences + pairs are answered by words only: embedding takes
    ~20–40 ms a unit on one core, so 5,000 units is minutes of background work."""
    lexical_high_coverage: float = 0.85
    """Without embeddings, an answer covering this share of the question's weight is
    labelled high confidence (the earlier label's threshold, kept)."""
    lexical_medium_coverage: float = 0.65
    """… and medium from this share; below it, low."""
    lexical_depth: int = 5
    """Passages lexical retrieval proposes to the fusion (the article has 9; measured)."""
    fusion_similarity: float = 1.0
    """Weight of a unit's standardised cosine in the fused score (the unit of the scale)."""
    fusion_lexical: float = 4.0
    """Weight of coverage × BM25/BM25_best of the unit's passage (measured 1–6 on the dev
    files: 4 keeps every lexical question first, 1–2 put more paraphrases first)."""
    fusion_quote: float = 0.5
    """Bonus for a unit overlapping the lexical quote of its passage (measured 0–1)."""
    verdict: VerdictModel = VERDICT
    """Answered / unsure / not found, from the best quote's features."""

    disabled: frozenset[str] = field(default_factory=frozenset)
    """Names of `RULES` switched off (eval --ablate); empty in production."""

    def __post_init__(self) -> None:
        unknown = set(self.disabled) - RULES.keys()
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")

    def on(self, rule: str) -> bool:
        """True unless the named rule is switched off."""
        return rule not in self.disabled

    def without(self, rule: str) -> RetrievalConfig:
        """This config with one more rule switched off."""
        return replace(self, disabled=self.disabled | {rule})


DEFAULT = RetrievalConfig()
