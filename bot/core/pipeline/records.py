"""The typed records the pipeline's stages hand each other.

A question word is known by its `surface` (the folded word, or the compound it joined
into); words are deduplicated, so the surface names a word uniquely within a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

AnswerType = Literal["number", "time"]
MatchKind = Literal["exact", "stem", "compound", "join", "typo", "affix", "unknown"]
"""How a question word met the file: as written, by another spelling's stem, as compound
parts, joined with its neighbour, corrected, by a shared start or part, or not at all."""
Role = Literal["topic", "source", "which", "kind"]
"""What the word is to the question: what it is about; who said it ("volgens X"); what it
asks which of ("Welke troepen"); what it asks the kind of ("Wat voor organisatie")."""


@dataclass(frozen=True)
class QuestionWord:
    """A content word of the question as written (analyse's output)."""

    surface: str
    capitalised: bool


@dataclass(frozen=True)
class Question:
    """The question analysed: its content words and what it asks for."""

    text: str
    words: tuple[QuestionWord, ...]
    wanted: AnswerType | None
    """The type of answer asked for ("hoeveel": a number, "wanneer": a time)."""
    kind_of: str | None = None
    which: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class QueryTerm:
    """A question word resolved against the file, with every weight it has (expand's output)."""

    surface: str
    terms: tuple[str, ...]
    """Index terms that stand for the word itself."""
    match: MatchKind
    role: Role = "topic"
    capitalised: bool = False
    compounds: tuple[str, ...] = ()
    """Terms of the file's compounds the word heads or begins ("dreiging" → "bedreiging")."""
    span: int = 1
    """How many question words this stands for (2 for a joined compound)."""
    query_weight: float = 1.0
    """Factor on the word's terms in the BM25 query."""
    compound_share: float = 0.5
    """How much a compound the word only heads counts, relative to the word."""
    weight: float = 0.0
    """The word's share of the question when a passage has it: IDF × span (× role)."""
    missing_weight: float = 0.0
    """The word's share of the question when a passage lacks it."""
    highlight_weight: float = 0.0
    """The word's weight in choosing the quote's sentences: IDF × span."""

    @property
    def all_terms(self) -> tuple[str, ...]:
        """Every index term this word matches, its compounds' included."""
        return self.terms + self.compounds

    def weighted_terms(self) -> dict[str, float]:
        """Query weight per index term: the word's own, then compounds it heads, lower."""
        weights = dict.fromkeys(self.compounds, self.query_weight * self.compound_share)
        weights.update(dict.fromkeys(self.terms, self.query_weight))
        return weights


@dataclass(frozen=True)
class Query:
    """The question as weighted index terms (expand's output, retrieve's input)."""

    question: Question
    words: tuple[QueryTerm, ...]

    @property
    def wanted(self) -> AnswerType | None:
        """The type of answer asked for."""
        return self.question.wanted

    def bm25_query(self) -> dict[str, float]:
        """Index term → weight, the highest weight any word gives the term."""
        query: dict[str, float] = {}
        for word in self.words:
            for term, weight in word.weighted_terms().items():
                query[term] = max(query.get(term, 0.0), weight)
        return query


@dataclass(frozen=True)
class Candidate:
    """A passage retrieve found, with each named signal re-rank may combine."""

    passage: int
    bm25: float
    matched: Mapping[str, float]
    """How fully each question word (by surface) is in the passage: 1 as itself, its
    compound share when only a compound it heads is there."""
    coverage: float
    """The share of the question's weight the passage covers (0 to 1)."""
    has_type: bool = False
    """The passage holds the type of answer asked for (a number, a time)."""
    score: float = 0.0
    """The final ranking score (re-rank's output)."""


@dataclass(frozen=True)
class Quote:
    """A span of whole sentences (or part of one too long to quote whole) and the
    offsets of the question's words inside it."""

    start: int
    end: int
    highlights: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0
    cut_start: bool = False
    """True when the quote starts inside a sentence (renderers show "…" before it)."""
    cut_end: bool = False
    """True when the quote ends inside a sentence (renderers show "…" after it)."""


@dataclass(frozen=True)
class Judgement:
    """The verdict and why, so `eval` and logs can show it."""

    answered: bool
    confidence: float
    reason: str
