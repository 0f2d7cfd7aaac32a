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
from bot.presentation import confidence_label, location, mark, say, source_line

BOLD = "\033[1m"
DIM = "\033[2m"
RESET = "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour only for a real terminal, and never when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def render_answer(answer: Answer, engine: Engine, *, colour: bool = False) -> str:
    """The whole answer as text: verdict, then each quote with its place in the article."""
    lines: list[str] = []
    if not answer.results:
        lines.append(say("not_answered") + " " + say("no_match"))
        return "\n".join(lines)
    if answer.answered:
        lines.append(say("answer_header", confidence=confidence_label(answer)) + ":")
    else:
        lines.append(say("not_answered"))
        lines.append(say("nearest") + ":")
    for result in answer.results:
        lines.extend(_render_result(result, colour=colour))
    source = source_line(engine.knowledge)
    if source:
        lines.append(f"Source: {source}")
    return "\n".join(lines)


def _render_result(result: Result, *, colour: bool) -> list[str]:
    quote = mark(result.quote, result.quote_highlights(), _bold if colour else _plain)
    wrapped = textwrap.wrap(" ".join(quote.split()), width=88) or [""]
    body = [f"  [{result.rank}] {wrapped[0]}"] + [f"      {line}" for line in wrapped[1:]]
    where = f"{location(result)} · {say('score', score=result.score)}"
    body.append(f"      — {DIM}{where}{RESET}" if colour else f"      — {where}")
    return body


def _bold(s: str) -> str:
    return f"{BOLD}{s}{RESET}"


def _plain(s: str) -> str:
    return s


def print_error(message: str, stream: TextIO = sys.stderr) -> None:
    """One line, prefixed, on stderr: how every CLI error reaches the user."""
    print(f"error: {' '.join(message.split())}", file=stream)
