"""Turn a question into weighted index terms, forgiving typos, accents and compounds.

Each content word of the question becomes a `QueryWord` that knows how it was matched
(as written, by stem, as compound parts, joined with its neighbour, or corrected), so the
confidence rule can weigh what the article really shares with the question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.core.affixes import AffixIndex
from bot.core.analysis import Analyzer
from bot.core.text import tokenize
from bot.core.vocabulary import Vocabulary

MatchKind = Literal["exact", "stem", "compound", "join", "typo", "affix", "unknown"]
WEIGHTS: dict[MatchKind, float] = {"typo": 0.9, "affix": 0.6}
"""Query weight by how a word was matched: the looser the match, the less it counts."""
MAX_QUERY_WORDS = 64


@dataclass(frozen=True)
class QueryWord:
    """A content word of the question and the index terms it stands for."""

    word: str
    terms: tuple[str, ...]
    kind: MatchKind
    capitalised: bool = False

    @property
    def weight(self) -> float:
        """How much this word's terms count in the BM25 query."""
        return WEIGHTS.get(self.kind, 1.0)


def analyze_query(
    question: str,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    word_terms: Callable[[str], tuple[str, ...]],
    has_term: Callable[[str], bool],
    affixes: AffixIndex | None = None,
) -> list[QueryWord]:
    """The question's content words, each resolved against the knowledge file."""
    tokens = tokenize(question)
    words: list[tuple[str, bool]] = []
    for i, token in enumerate(tokens):
        capitalised = i > 0 and question[token.start].isupper()
        words.extend((w, capitalised) for w in analyzer.content_words(token))
    words = words[:MAX_QUERY_WORDS]

    resolved: list[QueryWord] = []
    joined: set[int] = set()
    for i in range(len(words) - 1):
        first, second = words[i][0], words[i + 1][0]
        if first in vocabulary and second in vocabulary:
            continue
        compound = vocabulary.join(first, second)
        if compound is not None:
            resolved.append(QueryWord(compound, word_terms(compound), "join"))
            joined.update((i, i + 1))

    for i, (word, capitalised) in enumerate(words):
        if i in joined and word not in vocabulary:
            continue
        resolved.append(
            _resolve(word, capitalised, analyzer, vocabulary, word_terms, has_term, affixes)
        )
    return _dedupe(resolved)


def _resolve(
    word: str,
    capitalised: bool,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    word_terms: Callable[[str], tuple[str, ...]],
    has_term: Callable[[str], bool],
    affixes: AffixIndex | None,
) -> QueryWord:
    if word in vocabulary:
        return QueryWord(word, word_terms(word), "exact", capitalised)
    stem = analyzer.stem(word)
    if has_term(stem):
        return QueryWord(word, (stem,), "stem", capitalised)
    parts = vocabulary.split_compound(word)
    if parts:
        terms = tuple(dict.fromkeys(t for p in parts for t in word_terms(p)))
        return QueryWord(word, terms, "compound", capitalised)
    nearest = vocabulary.nearest(word)
    if nearest is not None:
        return QueryWord(word, word_terms(nearest), "typo", capitalised)
    related = affixes.related(word) if affixes is not None else []
    if related:
        terms = tuple(dict.fromkeys(t for r in related for t in word_terms(r)))
        return QueryWord(word, terms, "affix", capitalised)
    return QueryWord(word, (stem,), "unknown", capitalised)


def _dedupe(words: list[QueryWord]) -> list[QueryWord]:
    """A word asked twice counts once: repetition should not outweigh the rest."""
    seen: set[str] = set()
    out = []
    for qw in words:
        if qw.word not in seen:
            seen.add(qw.word)
            out.append(qw)
    return out
