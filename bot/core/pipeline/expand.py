"""Stage 2, expand: each question word resolved against the file, and weighed.

A word is matched as written, else by another spelling's stem, as compound parts,
corrected as a typo, or by a shared start, in that order; neighbouring words that make
one of the file's compounds join. Each `QueryTerm` then gets every weight it has, here
and only here (`_weigh`): its factor in the BM25 query, its share of the question when a
passage has it, when a passage lacks it, and in choosing the quote's sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.affixes import AffixIndex
from bot.core.analysis import Analyzer
from bot.core.config import RetrievalConfig
from bot.core.index import BM25Index
from bot.core.pipeline.everyday import missing_word_weight
from bot.core.pipeline.inflection import spelling_forms
from bot.core.pipeline.records import (
    MatchKind,
    Query,
    QueryTerm,
    Question,
    QuestionWord,
    Role,
)
from bot.core.vocabulary import Vocabulary


@dataclass(frozen=True)
class Lexicon:
    """What expand matches question words against: the file's words and index terms."""

    analyzer: Analyzer
    vocabulary: Vocabulary
    affixes: AffixIndex
    index: BM25Index

    def terms(self, word: str) -> tuple[str, ...]:
        """Index terms of a folded word: its stem (compounds are matched at query time)."""
        return (self.analyzer.stem(word),)

    def has_term(self, term: str) -> bool:
        """True when the index has the term."""
        return term in self.index.term_id


def expand(question: Question, lexicon: Lexicon, config: RetrievalConfig) -> Query:
    """The question's words as weighted index terms; a word asked twice counts once."""
    words = question.words
    resolved: list[QueryTerm] = []
    joined: set[int] = set()
    i = 0
    while config.on("compound-join") and i < len(words) - 1:
        size, compound = _join_at(words, i, lexicon.vocabulary, config)
        if compound is None:
            i += 1
            continue
        # The compound stands for its words; on their own they only count a little, or
        # "tweesporen aanpak" would find any "aanpak" as readily as the compound.
        group = [w.surface for w in words[i : i + size]]
        parts = tuple(t for w in group if w in lexicon.vocabulary for t in lexicon.terms(w))
        terms = lexicon.terms(compound)
        extra = tuple(dict.fromkeys(t for t in parts if t not in terms))
        resolved.append(QueryTerm(compound, terms, "join", compounds=extra, span=size))
        joined.update(range(i, i + size))
        i += size

    for i, word in enumerate(words):
        if i in joined:
            continue
        term = _resolve(word, lexicon, config)
        if term.match in ("exact", "stem"):
            compounds = _heads(word.surface, term, lexicon, config)
            term = QueryTerm(
                term.surface,
                term.terms,
                term.match,
                capitalised=term.capitalised,
                compounds=compounds,
            )
        resolved.append(term)
    weighed: dict[str, QueryTerm] = {}
    for term in resolved:
        if term.surface not in weighed:  # a word asked twice counts once
            role = _role(term.surface, term.match, question, config)
            weighed[term.surface] = _weigh(term, role, lexicon, config)
    return Query(question, tuple(weighed.values()))


def _role(surface: str, match: MatchKind, question: Question, config: RetrievalConfig) -> Role:
    """What the word is to the question, from the words its form points at."""
    if match == "join":
        return "topic"  # a compound joined from the question's words stands for several
    if surface == question.kind_of and match in ("exact", "stem") and config.on("kind-question"):
        return "kind"
    if surface == question.which:
        return "which"
    if surface == question.source and config.on("source-weight"):
        return "source"
    return "topic"


def _heads(
    word: str, term: QueryTerm, lexicon: Lexicon, config: RetrievalConfig
) -> tuple[str, ...]:
    """Terms of the file's compounds that begin or end with the word, and (for a word the
    file uses as written) of the file's words it splits into."""
    heads: list[str] = []
    if config.on("compound-heads"):
        heads += lexicon.affixes.ending_with(word) + lexicon.affixes.starting_with(word)
    if term.match == "exact" and config.on("compound-split"):
        heads += lexicon.vocabulary.split_compound(word)
    extra = (t for h in heads for t in lexicon.terms(h) if t not in term.terms)
    return tuple(dict.fromkeys(extra))


def _resolve(word: QuestionWord, lexicon: Lexicon, config: RetrievalConfig) -> QueryTerm:
    surface, capitalised = word.surface, word.capitalised
    vocabulary = lexicon.vocabulary
    if surface in vocabulary:
        return QueryTerm(surface, lexicon.terms(surface), "exact", capitalised=capitalised)
    forms = spelling_forms(surface) if config.on("spelling-forms") else [surface]
    for form in forms:
        form_stem = lexicon.analyzer.stem(form)
        if lexicon.has_term(form_stem):
            return QueryTerm(surface, (form_stem,), "stem", capitalised=capitalised)
    # A split into known words beats a typo; a split that only finds a head or a tail
    # ("troepen" in "troepenconcentatie") comes after one ("troepenconcentratie").
    parts = vocabulary.split_compound(surface) if config.on("compound-split") else []
    if len(parts) > 1:
        return _compound(word, parts, lexicon)
    nearest = vocabulary.nearest(surface) if config.on("typo") else None
    if nearest is not None:
        return QueryTerm(surface, lexicon.terms(nearest), "typo", capitalised=capitalised)
    if parts:
        return _compound(word, parts, lexicon)
    related = lexicon.affixes.related(surface) if config.on("affix") else []
    if related:
        terms = tuple(dict.fromkeys(t for r in related for t in lexicon.terms(r)))
        return QueryTerm(surface, terms, "affix", capitalised=capitalised)
    stem = lexicon.analyzer.stem(surface)
    return QueryTerm(surface, (stem,), "unknown", capitalised=capitalised)


def _compound(word: QuestionWord, parts: list[str], lexicon: Lexicon) -> QueryTerm:
    terms = tuple(dict.fromkeys(t for p in parts for t in lexicon.terms(p)))
    return QueryTerm(word.surface, terms, "compound", capitalised=word.capitalised)


def _join_at(
    words: tuple[QuestionWord, ...], i: int, vocabulary: Vocabulary, config: RetrievalConfig
) -> tuple[int, str | None]:
    """The compound the words from `i` make: three in a row ("twee sporen aanpak"), or two
    in either order ("lucht macht", "opbouw van troepen": stop words are already gone),
    or two with a typo when one of them is not a word of the file."""
    three = [w.surface for w in words[i : i + 3]]
    if len(three) == 3:
        compound = vocabulary.join(*three)
        if compound is not None:
            return 3, compound
    first, second = words[i].surface, words[i + 1].surface
    joined = vocabulary.join(first, second) or vocabulary.join(second, first)
    if (
        joined is None
        and config.on("typo")
        and (first not in vocabulary or second not in vocabulary)
    ):
        # A split compound with a typo in it: "satteliet beelden" → "satellietbeelden".
        joined = vocabulary.nearest(first + second)
    return 2, joined


def _weigh(term: QueryTerm, role: Role, lexicon: Lexicon, config: RetrievalConfig) -> QueryTerm:
    """Every weight of one question word, decided in this one place.

    - in the BM25 query: lower for a looser match (typo, affix) and for a named source;
      a compound it only heads counts `compound_head_weight`, in full when the question
      asks what kind of this it is;
    - in the question's weight (coverage): its IDF, once per word a joined compound
      stands for; a named source counts `source_weight`;
    - when the passage lacks it: a name (capitalised) weighs `missing_name_factor` times,
      a word the file never uses by its everyday frequency (everyday.py).
    """
    index = lexicon.index
    source = role == "source"
    factor = config.source_weight if source else 1.0
    match_weight = {"typo": config.typo_weight, "affix": config.affix_weight}
    base = term.span * max(index.idf_of(t) for t in term.terms)
    if source:
        missing = config.source_weight
    elif term.capitalised and config.on("missing-name"):
        missing = config.missing_name_factor
    elif term.match == "unknown" and config.on("everyday-words"):
        missing = missing_word_weight(spelling_forms(term.surface), config)
    else:
        missing = 1.0
    return QueryTerm(
        term.surface,
        term.terms,
        term.match,
        role,
        term.capitalised,
        term.compounds,
        term.span,
        query_weight=match_weight.get(term.match, 1.0) * factor,
        compound_share=1.0 if role == "kind" else config.compound_head_weight,
        weight=base * factor,
        missing_weight=base * missing,
        highlight_weight=base,
    )
