"""Whether a question asks for something (wh-) or asks yes or no.

A wh-question's answer adds what the question lacks; a yes/no question's answer may repeat
it word for word. The verdict's novelty feature only applies to the former.
"""

from __future__ import annotations

from wordfreq import zipf_frequency

from bot.core import nl
from bot.core.pipeline.everyday import WORDLIST
from bot.core.text import _TOKEN, fold


def asks_for_something(question: str) -> bool:
    """True for a wh-question ("Wie…", "waar…", "how…"), False for a yes/no question."""
    return any(fold(m[0]) in nl.words("wh_words") for m in _TOKEN.finditer(question))


def english_share(question: str) -> float:
    """Share of the question's words more common in English than in Dutch (wordfreq).

    Lexical evidence means little for an English question about a Dutch article (it can
    share only names), so the verdict needs to know the language it is weighing.
    """
    words = [fold(m[0]) for m in _TOKEN.finditer(question) if m[0].isalpha()]
    if not words:
        return 0.0
    english = sum(
        zipf_frequency(w, "en", wordlist=WORDLIST) > zipf_frequency(w, "nl", wordlist=WORDLIST)
        for w in words
    )
    return english / len(words)


def asks_for_a_name(question: str) -> bool:
    """True when the question asks what something is called."""
    words = [fold(m[0]) for m in _TOKEN.finditer(question)]
    for phrase in nl.phrases("name_questions"):
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


def names_something_new(quote: str, question: str) -> bool:
    """Whether the quote holds a capitalised word, not opening a sentence, that the question
    does not (folded): the name a what-is-it-called question asks for."""
    asked = {fold(m[0]) for m in _TOKEN.finditer(question)}
    for m in _TOKEN.finditer(quote):
        word = m[0]
        if not word[0].isupper() or fold(word) in asked:
            continue
        before = quote[: m.start()].rstrip(" “‘\"'(")
        if before and before[-1] not in ".!?…":
            return True
    return False
