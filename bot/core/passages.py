"""Split a knowledge file into paragraphs and passages with exact character offsets.

Passages are whole paragraphs (measured best on the article: a paragraph holds the
question's context, and the quote is then narrowed to sentences). Only a paragraph longer
than `max_chars` is cut into windows of whole sentences, so long files still give
focused passages. Headings are never passages: they become the `section` of what follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bot.core.config import DEFAULT
from bot.core.knowledge import KnowledgeError, KnowledgeFile
from bot.core.sentences import split_sentences

HEADING_MAX_CHARS = 80
MAX_PASSAGE_CHARS = DEFAULT.max_passage_chars
_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_CLOSING_PUNCTUATION = tuple(".!?…:;,\"'”’»)")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of article text; `number` is 1-based and does not count headings."""

    number: int
    start: int
    end: int
    section: str | None


@dataclass(frozen=True)
class Passage:
    """The unit that is indexed and retrieved: a paragraph, or a window of one."""

    index: int
    start: int
    end: int
    paragraph: int
    section: str | None
    text: str = field(repr=False, compare=False)
    """The whole file's text (shared, not copied), for splitting sentences on demand."""

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Offsets of the passage's sentences; split when first needed (only quoted
        passages ever are), which keeps building the index of a large file fast."""
        return tuple(split_sentences(self.text, self.start, self.end))


def is_heading(block: str) -> bool:
    """A short single line with no closing punctuation stands alone as a heading."""
    line = block.strip()
    return (
        bool(line)
        and "\n" not in line
        and len(line) <= HEADING_MAX_CHARS
        and not line.endswith(_CLOSING_PUNCTUATION)
    )


def split_blocks(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Offsets of the blank-line separated blocks of `text[start:]`, trimmed of space."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BLOCK_SEPARATOR.finditer(text, start):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result


def split_paragraphs(knowledge: KnowledgeFile) -> list[Paragraph]:
    """The article's paragraphs, each knowing the heading it stands under."""
    text = knowledge.text
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for start, end in split_blocks(text, knowledge.body_start):
        block = text[start:end]
        if is_heading(block):
            section = block.strip()
            continue
        paragraphs.append(Paragraph(len(paragraphs) + 1, start, end, section))
    return paragraphs


def split_passages(
    knowledge: KnowledgeFile, *, max_chars: int = MAX_PASSAGE_CHARS
) -> list[Passage]:
    """Passages of the knowledge file; raises KnowledgeError when there is none."""
    text = knowledge.text
    passages: list[Passage] = []
    for paragraph in split_paragraphs(knowledge):
        if paragraph.end - paragraph.start <= max_chars:
            spans = [(paragraph.start, paragraph.end)]
        else:
            sentences = split_sentences(text, paragraph.start, paragraph.end)
            spans = [(w[0][0], w[-1][1]) for w in _windows(sentences, max_chars)]
        for start, end in spans:
            passages.append(
                Passage(len(passages), start, end, paragraph.number, paragraph.section, text)
            )
    if not passages:
        where = f"{knowledge.path}: " if knowledge.path is not None else ""
        raise KnowledgeError(f"{where}the file has no paragraph to answer from (only headings)")
    return passages


def _windows(sentences: list[tuple[int, int]], max_chars: int) -> list[list[tuple[int, int]]]:
    """Group consecutive sentences into windows of at most `max_chars` (a longer one alone)."""
    windows: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for sentence in sentences:
        if current and sentence[1] - current[0][0] > max_chars:
            windows.append(current)
            current = []
        current.append(sentence)
    if current:
        windows.append(current)
    return windows
