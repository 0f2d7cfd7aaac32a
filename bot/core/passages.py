"""Split a knowledge file into paragraphs and passages with exact character offsets.

Passages are whole paragraphs (measured best on the article: a paragraph holds the
question's context, and the quote is then narrowed to sentences). Only a paragraph longer
than `max_chars` is cut into windows of whole sentences, and a sentence longer than that
(a paragraph without sentence punctuation) into pieces cut between words, so every
passage is at most `max_chars` long. Headings are never passages: they become the
`section` of what follows.

A file may hold millions of tiny paragraphs, so passages are kept as columns of numbers
(`PassageTable`) and a `Passage` object is made only for the passages a question reads.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple, overload

from bot.core.config import DEFAULT
from bot.core.knowledge import KnowledgeError, KnowledgeFile, has_visible_text
from bot.core.sentences import split_sentences

HEADING_MAX_CHARS = 80
MAX_PASSAGE_CHARS = DEFAULT.max_passage_chars
_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_CLOSING_PUNCTUATION = tuple(".!?…:;,\"'”’»)")
_SPACE = re.compile(r"\s+")
_VISIBLE_START = re.compile(r"[\w.,;:!?\"'()\-]")
"""A block starting with one of these has visible text without a closer look."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of article text; `number` is 1-based and does not count headings."""

    number: int
    start: int
    end: int
    section: str | None


class Passage(NamedTuple):
    """The unit that is indexed and retrieved: a paragraph, or a window of one.

    A tuple, made on demand from `PassageTable`'s columns (cheap to make by the million)."""

    index: int  # type: ignore[assignment]  # the field shadows tuple.index, which no one calls
    start: int
    end: int
    paragraph: int
    section: str | None
    text: str
    """The whole file's text (shared, not copied), for splitting sentences on demand."""

    @property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Offsets of the passage's sentences, split when asked for (only quoted passages
        ever are), which keeps building the index of a large file fast."""
        return tuple(split_sentences(self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Passage(index={self.index}, start={self.start}, end={self.end})"


class PassageTable(Sequence[Passage]):
    """All passages of a file as columns of numbers: 8 bytes × 3 + 4 per passage instead
    of a few hundred for an object each (2.6 million one-line paragraphs fit in ~80 MB)."""

    def __init__(self, text: str, sections: list[str]) -> None:
        self.text = text
        self.sections = sections
        """The headings paragraphs stand under, in order; passages refer to them by number."""
        self.starts = array("q")
        self.ends = array("q")
        self.paragraphs = array("q")
        self.section_ids = array("i")
        """Index into `sections`, or -1 before the first heading."""
        self._named: list[str | None] = [None]

    def add(self, start: int, end: int, paragraph: int, section_id: int) -> None:
        """Append one passage."""
        self.starts.append(start)
        self.ends.append(end)
        self.paragraphs.append(paragraph)
        self.section_ids.append(section_id)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Passage: ...

    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...

    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return list(self._made(index))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("passage index out of range")
        return self._make(index)

    def __iter__(self) -> Iterator[Passage]:
        """All passages, made in C loops (a few million take about a second)."""
        return self._made(slice(None))

    def _made(self, part: slice) -> Iterator[Passage]:
        if len(self._named) != len(self.sections) + 1:
            self._named = [None, *self.sections]  # built once, after the table is complete
        sections = map(self._named.__getitem__, map((1).__add__, self.section_ids[part]))
        columns = zip(
            range(len(self))[part],
            self.starts[part],
            self.ends[part],
            self.paragraphs[part],
            sections,
            repeat(self.text),
        )
        return map(Passage._make, columns)

    def index_at(self, offset: int) -> int:
        """The passage holding character `offset` (passages are in text order)."""
        return bisect_right(self.starts, offset) - 1

    def section_of(self, index: int) -> str | None:
        """The heading passage `index` stands under, without making the passage."""
        section_id = self.section_ids[index]
        return self.sections[section_id] if section_id >= 0 else None

    def _make(self, i: int) -> Passage:
        return Passage(
            i, self.starts[i], self.ends[i], self.paragraphs[i], self.section_of(i), self.text
        )


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
    return list(iter_blocks(text, start))


def iter_blocks(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """`split_blocks`, one block at a time (a file may hold millions)."""
    cursor = start
    for match in _BLOCK_SEPARATOR.finditer(text, start):
        block = _trim(text, cursor, match.start())
        if block is not None:
            yield block
        cursor = match.end()
    block = _trim(text, cursor, len(text))
    if block is not None:
        yield block


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else None


def split_paragraphs(knowledge: KnowledgeFile) -> list[Paragraph]:
    """The article's paragraphs, each knowing the heading it stands under."""
    return list(iter_paragraphs(knowledge))


def iter_paragraphs(knowledge: KnowledgeFile) -> Iterator[Paragraph]:
    """`split_paragraphs`, one at a time. Blocks with nothing visible in them (only
    zero-width characters) are neither headings nor paragraphs."""
    text = knowledge.text
    section: str | None = None
    number = 0
    for start, end in iter_blocks(text, knowledge.body_start):
        if not has_visible_text(text, start, end):
            continue
        if end - start <= HEADING_MAX_CHARS and is_heading(text[start:end]):
            section = text[start:end].strip()
            continue
        number += 1
        yield Paragraph(number, start, end, section)


def split_passages(knowledge: KnowledgeFile, *, max_chars: int = MAX_PASSAGE_CHARS) -> PassageTable:
    """Passages of the knowledge file; raises KnowledgeError when there is none.

    One loop over the blocks, with no object per paragraph: a file of millions of tiny
    paragraphs is mostly this loop."""
    text = knowledge.text
    table = PassageTable(text, [])
    add = table.add
    section_id = -1
    heading: str | None = None  # kept only once a paragraph stands under it
    number = 0
    for start, end in iter_blocks(text, knowledge.body_start):
        if _VISIBLE_START.match(text, start) is None and not has_visible_text(text, start, end):
            continue
        if end - start <= HEADING_MAX_CHARS and is_heading(text[start:end]):
            heading = text[start:end]
            continue
        if heading is not None:
            table.sections.append(heading)
            section_id, heading = len(table.sections) - 1, None
        number += 1
        if end - start <= max_chars:
            add(start, end, number, section_id)
            continue
        sentences = split_sentences(text, start, end)
        pieces = [p for s in sentences for p in cut_between_words(text, *s, max_chars)]
        for window in _windows(pieces, max_chars):
            add(window[0][0], window[-1][1], number, section_id)
    if not len(table):
        where = f"{knowledge.path}: " if knowledge.path is not None else ""
        raise KnowledgeError(f"{where}the file has no paragraph to answer from (only headings)")
    return table


def cut_between_words(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """`text[start:end]` as pieces of at most `max_chars`, cut at spaces (inside a word only
    when one word is longer than that); each piece trimmed of space."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = None
        for space in _SPACE.finditer(text, start + 1, limit + 1):
            cut = space
        if cut is None:
            pieces.append((start, limit))
            start = limit
        else:
            pieces.append((start, cut.start()))
            start = cut.end()
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


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
