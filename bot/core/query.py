"""Turn a question into weighted index terms, forgiving typos, accents and compounds.

Each content word of the question becomes a `QueryWord` that knows how it was matched
(as written, by stem, as compound parts, joined with its neighbour, or corrected), so the
confidence rule can weigh what the article really shares with the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from bot.core.affixes import AffixIndex
from bot.core.analysis import Analyzer
from bot.core.text import Token, tokenize
from bot.core.vocabulary import Vocabulary

MatchKind = Literal["exact", "stem", "compound", "join", "typo", "affix", "unknown"]
WEIGHTS: dict[MatchKind, float] = {"typo": 0.9, "affix": 0.6}
"""Query weight by how a word was matched: the looser the match, the less it counts."""
COMPOUND_HEAD_WEIGHT = 0.5
"""Weight of a longer compound the word is the head of, relative to the word itself."""
SOURCE_WEIGHT = 0.5
"""Weight of the source a question names ("volgens Stoltenberg"), in query and coverage."""
MAX_QUERY_WORDS = 64
_CLOSED_SYLLABLE = re.compile(r"[a-z]*[^aeiou]([aou])[^aeiouwy]")


@dataclass(frozen=True)
class QueryWord:
    """A content word of the question and the index terms it stands for."""

    word: str
    terms: tuple[str, ...]
    kind: MatchKind
    capitalised: bool = False
    compounds: tuple[str, ...] = ()
    """Terms of the file's compounds that end in this word ("dreiging" → "bedreiging")."""
    span: int = 1
    """How many of the question's words this stands for (2 for a joined compound)."""
    asks_kind: bool = False
    """The question asks what kind of this it is ("Wat voor organisatie …?"), so the
    file's compounds with this head ("verdedigingsorganisatie") count in full."""
    focus: bool = False
    """The question asks which of these it is ("Welke troepen …?", "Hoeveel troepen …?")."""
    source: bool = False
    """Who said it ("volgens Stoltenberg"): the article often names its source otherwise
    ("aldus …", "De Noor", "zei hij"), so it counts less than what is asked about."""

    @property
    def weight(self) -> float:
        """How much this word's terms count in the BM25 query."""
        return WEIGHTS.get(self.kind, 1.0) * (SOURCE_WEIGHT if self.source else 1.0)

    @property
    def all_terms(self) -> tuple[str, ...]:
        """Every index term this word matches, its compounds' included."""
        return self.terms + self.compounds

    @property
    def compound_share(self) -> float:
        """How much a compound this word heads counts, relative to the word itself."""
        return 1.0 if self.asks_kind else COMPOUND_HEAD_WEIGHT

    def weighted_terms(self) -> dict[str, float]:
        """Query weight per index term: the word's own, then compounds it heads, lower."""
        weights = dict.fromkeys(self.compounds, self.weight * self.compound_share)
        weights.update(dict.fromkeys(self.terms, self.weight))
        return weights


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
    kind_of = _word_after(tokens, analyzer, _KIND_QUESTIONS)
    focus = kind_of or _word_after(tokens, analyzer, _WHICH_QUESTIONS)
    source = _word_after(tokens, analyzer, _SOURCE_OPENERS)

    resolved: list[QueryWord] = []
    joined: set[int] = set()
    i = 0
    while i < len(words) - 1:
        size, compound = _join_at(words, i, vocabulary)
        if compound is None:
            i += 1
            continue
        # The compound stands for its words; on their own they only count a little, or
        # "tweesporen aanpak" would find any "aanpak" as readily as the compound.
        group = [w for w, _ in words[i : i + size]]
        parts = tuple(t for w in group if w in vocabulary for t in word_terms(w))
        terms = word_terms(compound)
        extra = tuple(dict.fromkeys(t for t in parts if t not in terms))
        resolved.append(QueryWord(compound, terms, "join", compounds=extra, span=size))
        joined.update(range(i, i + size))
        i += size

    for i, (word, capitalised) in enumerate(words):
        if i in joined:
            continue
        qw = _resolve(word, capitalised, analyzer, vocabulary, word_terms, has_term, affixes)
        if affixes is not None and qw.kind in ("exact", "stem"):
            heads = affixes.ending_with(word) + affixes.starting_with(word)
            if qw.kind == "exact":
                heads += vocabulary.split_compound(word)
            extra = tuple(t for h in heads for t in word_terms(h) if t not in qw.terms)
            qw = replace(qw, compounds=tuple(dict.fromkeys(extra)), asks_kind=word == kind_of)
        resolved.append(replace(qw, focus=word == focus, source=word == source))
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
    for form in spelling_forms(word):
        form_stem = analyzer.stem(form)
        if has_term(form_stem):
            return QueryWord(word, (form_stem,), "stem", capitalised)
    # A split into known words beats a typo; a split that only finds a head or a tail
    # ("troepen" in "troepenconcentatie") comes after one ("troepenconcentratie").
    parts = vocabulary.split_compound(word)
    if len(parts) > 1:
        return _compound(word, parts, capitalised, word_terms)
    nearest = vocabulary.nearest(word)
    if nearest is not None:
        return QueryWord(word, word_terms(nearest), "typo", capitalised)
    if parts:
        return _compound(word, parts, capitalised, word_terms)
    related = affixes.related(word) if affixes is not None else []
    if related:
        terms = tuple(dict.fromkeys(t for r in related for t in word_terms(r)))
        return QueryWord(word, terms, "affix", capitalised)
    return QueryWord(word, (stem,), "unknown", capitalised)


_KIND_QUESTIONS: set[tuple[str, ...]] = {
    ("wat", "voor"),
    ("welk", "soort"),
    ("welke", "soort"),
    ("what", "kind"),
}
_WHICH_QUESTIONS: set[tuple[str, ...]] = {
    ("welke",),
    ("welk",),
    ("hoeveel",),
    ("which",),
    ("how", "many"),
}
_SOURCE_OPENERS: set[tuple[str, ...]] = {("volgens",), ("aldus",), ("according", "to")}
_FILLERS = {"een", "de", "het", "soort", "type", "of", "a", "an", "the"}


def _word_after(
    tokens: list[Token], analyzer: Analyzer, openers: set[tuple[str, ...]]
) -> str | None:
    """The first content word after a question opener: "Wat voor (een) organisatie …?" →
    "organisatie" for the kind openers, "Welke troepen …?" → "troepen" for "which"."""
    folded = [t.folded for t in tokens]
    for i in range(len(folded)):
        for opener in openers:
            if tuple(folded[i : i + len(opener)]) != opener:
                continue
            for token in tokens[i + len(opener) :]:
                if token.folded in _FILLERS:
                    continue
                found = analyzer.content_words(token)
                return found[0] if found else None
    return None


def _compound(
    word: str, parts: list[str], capitalised: bool, word_terms: Callable[[str], tuple[str, ...]]
) -> QueryWord:
    terms = tuple(dict.fromkeys(t for p in parts for t in word_terms(p)))
    return QueryWord(word, terms, "compound", capitalised)


def _join_at(
    words: list[tuple[str, bool]], i: int, vocabulary: Vocabulary
) -> tuple[int, str | None]:
    """The compound the words from `i` make: three in a row ("twee sporen aanpak"), or two
    in either order ("lucht macht", "opbouw van troepen": stop words are already gone),
    or two with a typo when one of them is not a word of the file."""
    three = [w for w, _ in words[i : i + 3]]
    if len(three) == 3:
        compound = vocabulary.join(*three)
        if compound is not None:
            return 3, compound
    first, second = words[i][0], words[i + 1][0]
    joined = vocabulary.join(first, second) or vocabulary.join(second, first)
    if joined is None and (first not in vocabulary or second not in vocabulary):
        # A split compound with a typo in it: "satteliet beelden" → "satellietbeelden".
        joined = vocabulary.nearest(first + second)
    return 2, joined


def spelling_forms(word: str) -> list[str]:
    """The word, then without the present-tense -t ending the Snowball stemmer keeps, then
    the infinitives that ending points to.

    "stuurt", "vormt", "leidt" stem to themselves, while "sturen", "vormen", "leiden" lose
    their ending; trying the bare verb stem lets the question's form meet the article's.
    Short verbs keep their vowel before -n: "ziet" → "zien", "staat" → "staan".
    A final -d and -t sound alike and are often confused ("bezorgt" for "bezorgd").
    A long vowel written single in a closed syllable is doubled, as the stemmer does for
    "gaven" → "gaaf": "gaf" → "gaaf", "kwam" → "kwaam".
    """
    forms = [word]
    if len(word) > 3 and word[-1] in "dt":  # "bezorgt" ~ "bezorgd", "vint" ~ "vindt"
        base = word[:-2] if word.endswith("dt") else word[:-1]
        forms += [base + end for end in ("d", "t", "dt") if base + end != word]
    if len(word) > 3 and word.endswith("t") and not word.endswith("tt"):
        bare = word[:-1]
        forms += [bare] if len(word) > 4 else []
        forms += [bare + "n", bare + "en"]
    closed = _CLOSED_SYLLABLE.fullmatch(word)
    if closed:
        forms.append(word[:-1] + closed.group(1) + word[-1])
    return list(dict.fromkeys(forms))


def _dedupe(words: list[QueryWord]) -> list[QueryWord]:
    """A word asked twice counts once: repetition should not outweigh the rest."""
    seen: set[str] = set()
    out = []
    for qw in words:
        if qw.word not in seen:
            seen.add(qw.word)
            out.append(qw)
    return out
