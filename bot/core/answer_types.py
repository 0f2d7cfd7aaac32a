"""What kind of answer a question asks for, and whether a quote contains one.

"Hoeveel …?" wants a number and "Wanneer …?" or "Op welke datum …?" a time; a quote
without one matches the question's words but not its point ("Hoeveel soldaten stuurt
Frankrijk?" against a sentence that only says France is willing). Other question forms
expect nothing checkable.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from bot.core.text import words

AnswerType = Literal["number", "time"]

_NUMBER_QUESTIONS = {"hoeveel", "hoeveelste"}
_TIME_QUESTIONS = {"wanneer", "hoelang", "when"}
_NUMBER_WORDS = frozenset(
    "twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
    "twintig dertig veertig vijftig zestig zeventig tachtig negentig honderd duizend "
    "miljoen miljard tientallen honderden duizenden miljoenen dozijn helft "
    "two three four five six seven eight nine ten hundred thousand million billion".split()
)
_TIME_WORDS = frozenset(
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart "
    "april mei juni juli augustus september oktober november december vandaag gisteren "
    "morgen eergisteren overmorgen dag dagen week weken maand maanden jaar jaren eeuw "
    "decennium decennia ochtend voormiddag middag namiddag avond nacht eind begin midden "
    "binnenkort straks later eerder toen voorheen sindsdien uur uren minuten seconden "
    "voorjaar najaar lente zomer herfst winter kwartaal".split()
)
_TIME_PARTS = tuple(
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ochtend middag avond nacht".split()
)
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


_WHICH = {"welke", "welk", "which", "what"}
_TIME_NOUNS = frozenset(
    "datum dag dagen jaar maand week tijdstip uur moment date day year month time".split()
)
_NUMBER_NOUNS = frozenset("aantal bedrag percentage getal number amount".split())
_HOW = {"hoe", "how"}
_WHAT = {"wat", "what"}
_COST = {"kost", "kosten", "kostte", "kostten", "bedraagt", "cost", "costs"}

_PHRASES: tuple[tuple[set[str], frozenset[str], AnswerType, bool], ...] = (
    (_HOW, frozenset({"veel", "vaak", "many", "much", "often"}), "number", False),
    (_WHICH, _NUMBER_NOUNS, "number", True),
    (_WHAT, frozenset(_COST), "number", True),
    (_HOW, frozenset({"laat", "lang", "long"}), "time", False),
    (_WHICH, _TIME_NOUNS, "time", True),
)
"""Two-word phrases that ask for a type: (first words, second words, type, whether the
second word only names the type and so is no search word: "op welke *dag*")."""


def _phrases(folded: list[str]) -> list[tuple[AnswerType, str, bool]]:
    """(type, second word, names the type) of each type phrase in the folded question."""
    return [
        (kind, b, naming)
        for a, b in itertools.pairwise(folded)
        for first, second, kind, naming in _PHRASES
        if a in first and b in second
    ]


def expected_type(question: str) -> AnswerType | None:
    """The answer type a question asks for, from its question word ("wanneer", "hoeveel")
    or phrase ("op welke datum", "hoe laat", "welk aantal", "hoe vaak", "wat kost")."""
    folded = words(question)
    kinds = {kind for kind, _, _ in _phrases(folded)}
    if "number" in kinds or any(w in _NUMBER_QUESTIONS for w in folded):
        return "number"
    if "time" in kinds or any(w in _TIME_QUESTIONS for w in folded):
        return "time"
    return None


def type_words(question: str) -> frozenset[str]:
    """The question's words that only say what type of answer it wants ("dag" in "Op welke
    dag …?", "kost" in "Wat kost …?"): the question is not about them, so they are no
    search words."""
    return frozenset(b for _, b, naming in _phrases(words(question)) if naming)


def contains_type(text: str, kind: AnswerType) -> bool:
    """True when `text` holds an answer of the given type."""
    folded = words(text)
    if kind == "number":
        return any(w[0].isdigit() or w in _NUMBER_WORDS for w in folded)
    return bool(_YEAR.search(text)) or any(
        w in _TIME_WORDS or w.endswith(_TIME_PARTS) for w in folded
    )
