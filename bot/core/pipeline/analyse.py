"""Stage 1, analyse: the question's content words and what it asks for.

Tokenise and fold the question, drop stop words (question words included, so a
question's form does not drive ranking), and read its form: the type of answer wanted
("hoeveel" → a number), the word it asks the kind of ("Wat voor organisatie"), which of
("Welke troepen"), and the source it names ("volgens Stoltenberg").
"""

from __future__ import annotations

from bot.core import nl
from bot.core.analysis import Analyzer
from bot.core.config import RetrievalConfig
from bot.core.pipeline.answer_types import expected_type
from bot.core.pipeline.records import Question, QuestionWord
from bot.core.text import Token, tokenize


def analyse(question: str, analyzer: Analyzer, config: RetrievalConfig) -> Question:
    """The question's content words (capitalised: a name, unless it opens the question)."""
    tokens = tokenize(question)
    words: list[QuestionWord] = []
    for i, token in enumerate(tokens):
        capitalised = i > 0 and question[token.start].isupper()
        words.extend(QuestionWord(w, capitalised) for w in analyzer.content_words(token))
    kind_of = _word_after(tokens, analyzer, nl.phrases("kind_openers"))
    return Question(
        text=question,
        words=tuple(words[: config.max_query_words]),
        wanted=expected_type(question),
        kind_of=kind_of,
        which=kind_of or _word_after(tokens, analyzer, nl.phrases("which_openers")),
        source=_word_after(tokens, analyzer, nl.phrases("source_openers")),
    )


def _word_after(
    tokens: list[Token], analyzer: Analyzer, openers: frozenset[tuple[str, ...]]
) -> str | None:
    """The first content word after a question opener: "Wat voor (een) organisatie …?" →
    "organisatie" for the kind openers, "Welke troepen …?" → "troepen" for "which"."""
    folded = [t.folded for t in tokens]
    fillers = nl.words("opener_fillers")
    for i in range(len(folded)):
        for opener in openers:
            if tuple(folded[i : i + len(opener)]) != opener:
                continue
            for token in tokens[i + len(opener) :]:
                if token.folded in fillers:
                    continue
                found = analyzer.content_words(token)
                return found[0] if found else None
    return None
