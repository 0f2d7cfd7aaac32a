"""Discord's message and embed limits, and cutting text to fit them.

Discord rejects a whole reply (400) when any one limit is exceeded, so every piece of
text we place is cut here first, on a sentence boundary where that keeps enough text.
"""

from __future__ import annotations

import re

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBEDS_TOTAL_MAX = 6000
ELLIPSIS = "…"

_SENTENCE_END = re.compile(r"[.!?…][”\"')\]]*(?=\s)")
_WORD_GAP = re.compile(r"\s+")


def sentence_cuts(text: str) -> list[int]:
    """Offsets just after each sentence end inside `text` (not the very end)."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def word_cuts(text: str) -> list[int]:
    """Offsets of the start of each gap between words."""
    return [m.start() for m in _WORD_GAP.finditer(text) if m.start() > 0]


def truncate(text: str, limit: int) -> str:
    """`text` if it fits, else its longest sentence (or word) prefix that fits, plus "…".

    A sentence boundary is preferred when it keeps at least half of the room; otherwise
    the cut falls between words, and only a single overlong word is cut mid-word.
    """
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    text = text[: room + 1]  # no cut beyond `room` is used: never scan a huge string whole
    sentences = [c for c in sentence_cuts(text) if c <= room]
    if sentences and sentences[-1] >= room // 2:
        return text[: sentences[-1]].rstrip() + ELLIPSIS
    words = [c for c in word_cuts(text) if c <= room]
    cut = words[-1] if words and words[-1] >= room // 2 else room
    return text[:cut].rstrip() + ELLIPSIS
