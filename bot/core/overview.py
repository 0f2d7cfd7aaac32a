"""Questions about the article as a whole get its title, its lede and how to ask.

"Waar gaat dit over?", "samenvatting?" or "help" share a word with some sentence by
chance at best; quoting that sentence as an answer would be a guess. A question whose
content words are all words for the article itself (data/nl/overview_words.txt), or that
has none left, is answered with the first paragraph's opening sentences instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core import nl
from bot.core.analysis import Analyzer
from bot.core.passages import Passage
from bot.core.text import _TOKEN, fold

LEDE_CHARS = 400
"""The lede is the first paragraph's opening sentences, up to about this many characters."""


def asks_about_whole_article(question: str, analyzer: Analyzer) -> bool:
    """True when nothing in the question names a detail: only words for the article, or none."""
    words = {w for m in _TOKEN.finditer(question) for w in analyzer.content_words_of(fold(m[0]))}
    return words <= nl.words("overview_words")


def lede(passages: Sequence[Passage]) -> tuple[Passage, int, int] | None:
    """The first passage and the span of its opening sentences (whole sentences, at least one)."""
    if not passages:
        return None
    first = passages[0]
    sentences = first.sentences or ((first.start, first.end),)
    end = sentences[0][1]
    for _, sentence_end in sentences[1:]:
        if sentence_end - first.start > LEDE_CHARS:
            break
        end = sentence_end
    return first, sentences[0][0], end
