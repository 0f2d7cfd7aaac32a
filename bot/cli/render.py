"""Human-readable answers for a terminal: the quote, where it stands, the score.

Matched words are shown in bold when the output is a colour terminal (and NO_COLOR is
not set); piped output stays plain text.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import TextIO

from bot.core.answer import Answer, Result
from bot.core.engine import Engine
from bot.presentation import location, mark, say, source_line, verdict_line

BOLD = "\033[1m"
DIM = "\033[2m"
RESET = "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour only for a real terminal, and never when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def render_answer(answer: Answer, engine: Engine, *, colour: bool = False) -> str:
    """The whole answer as text: verdict, then each quote with its place in the article."""
    lines = [verdict_line(answer)]
    if not answer.results:
        return lines[0]
    shown = answer.results
    if answer.overview and engine.knowledge.title:
        lines.append(engine.knowledge.title)
    elif answer.status == "not_found":
        lines.append(say("nearest") + ":")
        shown = shown[:1]
    for result in shown:
        lines.extend(_render_result(result, colour=colour))
    if answer.overview:
        lines.append(say("how_to_ask"))
    source = source_line(engine.knowledge)
    if source:
        lines.append(f"Source: {source}")
    return "\n".join(lines)


def _render_result(result: Result, *, colour: bool) -> list[str]:
    quote, spans = result.shown_quote()
    lines = _wrap_marked(quote, spans if colour else [], width=88)
    body = [f"  [{result.rank}] {lines[0]}"] + [f"      {line}" for line in lines[1:]]
    where = f"{location(result)} · {say('score', score=result.score)}"
    body.append(f"      — {DIM}{where}{RESET}" if colour else f"      — {where}")
    return body


def _wrap_marked(text: str, spans: list[tuple[int, int]], *, width: int) -> list[str]:
    """Wrap `text` as plain words, then bold the spans: escape codes never change the wrap."""
    flat, origin = _collapse_space(text)
    lines = textwrap.wrap(flat, width=width, break_long_words=False, break_on_hyphens=False)
    if not lines:
        return [""]
    bold = [False] * len(flat)
    for start, end in spans:
        for i, o in enumerate(origin):
            if start <= o < end:
                bold[i] = True
    out, cursor = [], 0
    for line in lines:
        cursor = flat.index(line, cursor)
        out.append(mark(line, _runs(bold[cursor : cursor + len(line)]), _bold))
        cursor += len(line)
    return out


def _collapse_space(text: str) -> tuple[str, list[int]]:
    """`text` with each whitespace run as one space, and each character's original offset."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(i)
            continue
        chars.append(ch)
        origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _bold(s: str) -> str:
    return f"{BOLD}{s}{RESET}"


def print_error(message: str, stream: TextIO = sys.stderr) -> None:
    """One line, prefixed, on stderr: how every CLI error reaches the user."""
    print(f"error: {' '.join(message.split())}", file=stream)


def plural(n: int, word: str) -> str:
    """ "1 paragraph", "9 paragraphs", "3,700 bytes": counts read right whatever they are."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
