"""Dutch sentence splitting with offsets, so a quote is whole sentences of the article.

Keeps "100.000" and abbreviations together and a closing quote mark (`.”`) with its
sentence; a paragraph that never ends a sentence is one sentence.
"""

from __future__ import annotations

import re

_CLOSERS = "\"'”’»)]"
# A sentence ends at . ! ? … (plus closing quotes/brackets), followed by space and
# something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s+[\"'“‘«(\[]?[\w])")
_ABBREVIATIONS = frozenset(
    (
        "bv bijv bvb dhr mevr mr dr prof ir ing nr blz p pp enz etc vs ca resp incl excl "
        "jl jr st min max mln mld gen lt kol sr ong zgn m.a.w d.w.z o.a i.p.v e.d a.s t.o.v"
    ).split()
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets into `text` of each sentence in `text[start:end]`, trimmed of space."""
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, stop):
        if _is_abbreviation(text, cursor, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, stop))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e)) is not None]


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    """True when the '.' at `dot` closes an abbreviation or an initial ("J. Stoltenberg")."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > sentence_start and (
        text[word_start - 1].isalpha() or text[word_start - 1] == "."
    ):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    return word in _ABBREVIATIONS or (len(word) == 1 and text[word_start].isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
