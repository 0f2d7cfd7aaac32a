"""What kind of answer a question asks for, and whether a text contains one.

"Hoeveel …?" wants a number and "Wanneer …?" or "Op welke datum …?" a time; a quote
without one matches the question's words but not its point ("Hoeveel soldaten stuurt
Frankrijk?" against a sentence that only says France is willing). Other question forms
expect nothing checkable. The word lists are in bot/core/data/nl/.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from bot.core import nl
from bot.core.pipeline.records import AnswerType
from bot.core.text import words

_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


@cache
def _phrases() -> tuple[tuple[frozenset[str], frozenset[str], AnswerType], ...]:
    """Two-word phrases that ask for a type: (first words, second words, type)."""
    which, how = nl.words("which_words"), nl.words("how_words")
    return (
        (how, nl.words("how_number"), "number"),
        (which, nl.words("number_nouns"), "number"),
        (nl.words("what_words"), nl.words("cost_words"), "number"),
        (how, nl.words("how_time"), "time"),
        (which, nl.words("time_nouns"), "time"),
    )


def _found(folded: list[str]) -> set[AnswerType]:
    """The type each type phrase in the folded question asks for."""
    return {
        kind
        for a, b in itertools.pairwise(folded)
        for first, second, kind in _phrases()
        if a in first and b in second
    }


def expected_type(question: str) -> AnswerType | None:
    """The answer type a question asks for, from its question word
    ("wanneer", "hoeveel") or phrase ("op welke datum", "hoe laat", "hoe vaak", "wat kost")."""
    folded = words(question)
    kinds = _found(folded)
    if "number" in kinds or any(w in nl.words("number_questions") for w in folded):
        return "number"
    if "time" in kinds or any(w in nl.words("time_questions") for w in folded):
        return "time"
    return None


def contains_type(text: str, kind: AnswerType) -> bool:
    """True when `text` holds an answer of the given type."""
    folded = words(text)
    if kind == "number":
        numbers = nl.words("number_words")
        return any(w[0].isdigit() or w in numbers for w in folded)
    times, endings = nl.words("time_words"), nl.ordered("time_endings")
    return bool(_YEAR.search(text)) or any(w in times or w.endswith(endings) for w in folded)
