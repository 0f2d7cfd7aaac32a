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
_HOW_TIME = {"laat", "lang", "long"}
_HOW_NUMBER = {"veel", "vaak", "many", "much", "often"}
_WHAT = {"wat", "what"}
_COST = {"kost", "kosten", "kostte", "kostten", "bedraagt", "cost", "costs"}


def expected_type(question: str) -> AnswerType | None:
    """The answer type a question asks for, from its question word ("wanneer", "hoeveel")
    or phrase ("op welke datum", "hoe laat", "welk aantal", "hoe vaak", "wat kost")."""
    folded = words(question)
    pairs = list(itertools.pairwise(folded))
    if any(w in _NUMBER_QUESTIONS for w in folded) or any(
        (a in _HOW and b in _HOW_NUMBER)
        or (a in _WHICH and b in _NUMBER_NOUNS)
        or (a in _WHAT and b in _COST)
        for a, b in pairs
    ):
        return "number"
    if any(w in _TIME_QUESTIONS for w in folded) or any(
        (a in _HOW and b in _HOW_TIME) or (a in _WHICH and b in _TIME_NOUNS) for a, b in pairs
    ):
        return "time"
    return None


def type_words(question: str) -> frozenset[str]:
    """The question's words that only say what type of answer it wants ("dag" in "Op welke
    dag …?", "kost" in "Wat kost …?"): the question is not about them, so they are no
    search words."""
    folded = words(question)
    return frozenset(
        b
        for a, b in itertools.pairwise(folded)
        if (a in _WHICH and b in _TIME_NOUNS | _NUMBER_NOUNS) or (a in _WHAT and b in _COST)
    )


def contains_type(text: str, kind: AnswerType) -> bool:
    """True when `text` holds an answer of the given type."""
    folded = words(text)
    if kind == "number":
        return any(w[0].isdigit() or w in _NUMBER_WORDS for w in folded)
    return bool(_YEAR.search(text)) or any(
        w in _TIME_WORDS or w.endswith(_TIME_PARTS) for w in folded
    )
