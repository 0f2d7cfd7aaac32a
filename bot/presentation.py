"""Wording and markup shared by both front ends, so the CLI and Discord say the same thing.

Each front end supplies only its own markup (ANSI bold, Markdown bold + escaping);
labels, sentences and their Dutch/English forms live here once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from bot.core.answer import Answer, Result
from bot.core.engine import MAX_QUESTION_CHARS
from bot.core.knowledge import KnowledgeFile

Language = Literal["en", "nl"]

MESSAGES: dict[str, dict[Language, str]] = {
    "paragraph": {"en": "paragraph {n}", "nl": "alinea {n}"},
    "score": {"en": "score {score:.2f}", "nl": "score {score:.2f}"},
    "nearest": {
        "en": "Nearest passage (not an answer)",
        "nl": "Dichtstbijzijnde passage (geen antwoord)",
    },
    "unsure": {
        "en": "The article may say this, but I am not sure: these are the closest passages.",
        "nl": "Het artikel zegt dit misschien, maar ik ben niet zeker: dit zijn de "
        "dichtstbijzijnde passages.",
    },
    "possible": {"en": "Possible answer", "nl": "Mogelijk antwoord"},
    "not_found": {
        "en": "The article doesn't seem to be about this.",
        "nl": "Het artikel lijkt hier niet over te gaan.",
    },
    "overview": {"en": "About this article", "nl": "Over dit artikel"},
    "semantic_ready": {"en": "on", "nl": "aan"},
    "semantic_building": {
        "en": "starting (answers by words meanwhile)",
        "nl": "wordt gestart (intussen antwoorden op woorden)",
    },
    "semantic_off": {"en": "off: {reason}", "nl": "uit: {reason}"},
    "how_to_ask": {
        "en": "Ask about any detail of it, in Dutch or English, in your own words.",
        "nl": "Vraag gerust naar een detail, in het Nederlands of Engels, in je eigen woorden.",
    },
    "answer_header": {"en": "Answer ({confidence})", "nl": "Antwoord ({confidence})"},
    "question": {"en": "Question", "nl": "Vraag"},
    "no_match": {
        "en": "No passage of the article shares a word with the question.",
        "nl": "Geen enkele passage van het artikel deelt een woord met de vraag.",
    },
    "confidence_high": {"en": "high confidence", "nl": "grote zekerheid"},
    "confidence_medium": {"en": "medium confidence", "nl": "redelijke zekerheid"},
    "confidence_low": {"en": "low confidence", "nl": "weinig zekerheid"},
    "empty_question": {
        "en": "The question is empty: type a question about the article.",
        "nl": "De vraag is leeg: typ een vraag over het artikel.",
    },
    "long_question": {
        "en": "The question is too long ({n} characters; at most {max}).",
        "nl": "De vraag is te lang ({n} tekens; hoogstens {max}).",
    },
}


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long); the message is for the user."""


def check_question(question: str, lang: Language = "en") -> str:
    """The question without surrounding space; QuestionError when empty or too long."""
    cleaned = question.strip()
    if not cleaned:
        raise QuestionError(say("empty_question", lang))
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise QuestionError(say("long_question", lang, n=len(cleaned), max=MAX_QUESTION_CHARS))
    return cleaned


def say(key: str, lang: Language = "en", **values: object) -> str:
    """The message `key` in `lang`, filled in."""
    return MESSAGES[key][lang].format(**values)


def language_of(locale: str | None) -> Language:
    """Dutch for Dutch locales (nl, nl-BE…), English otherwise."""
    return "nl" if locale and locale.lower().startswith("nl") else "en"


def location(result: Result, lang: Language = "en") -> str:
    """Where a quote stands: "paragraph 3 · Satellietbeelden"."""
    parts = [say("paragraph", lang, n=result.paragraph)]
    if result.section:
        parts.append(result.section)
    return " · ".join(parts)


def confidence_label(answer: Answer, lang: Language = "en") -> str:
    """How sure an answer is, in words (the core decides: answering.py)."""
    return say(f"confidence_{answer.certainty or 'low'}", lang)


def verdict_line(answer: Answer, lang: Language = "en") -> str:
    """The first line of a reply: answer and its certainty, possible answers, or not found."""
    if answer.overview:
        return say("overview", lang)
    if answer.answered:
        return say("answer_header", lang, confidence=confidence_label(answer, lang))
    if answer.status == "unsure":
        return say("unsure", lang)
    if not answer.results:
        return f"{say('not_found', lang)} {say('no_match', lang)}"
    return say("not_found", lang)


def semantic_summary(state: str, lang: Language = "en") -> str:
    """The semantic stage's state (KnowledgeBase.semantic_state) in words."""
    if state in ("ready", "building"):
        return say(f"semantic_{state}", lang)
    return say("semantic_off", lang, reason=state)


def source_line(knowledge: KnowledgeFile) -> str | None:
    """ "Title — source (date)" from the file's front matter, when it has any."""
    bits = [b for b in (knowledge.title, knowledge.source) if b]
    if not bits:
        return None
    line = " — ".join(bits)
    return f"{line} ({knowledge.date})" if knowledge.date else line


def mark(
    text: str,
    spans: Sequence[tuple[int, int]],
    wrap: Callable[[str], str],
    escape: Callable[[str], str] = lambda s: s,
) -> str:
    """`text` with each span passed through `wrap` and everything through `escape`."""
    out: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor or end > len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(wrap(escape(text[start:end])))
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)
