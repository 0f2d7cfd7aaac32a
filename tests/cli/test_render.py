"""Terminal rendering: matched words in bold at a terminal, plain text otherwise."""

from __future__ import annotations

import re

from bot.cli.render import BOLD, RESET, render_answer
from bot.core.engine import Engine

ANSI = re.compile(r"\033\[[0-9;]*m")


def test_colour_output_bolds_the_question_words(engine: Engine) -> None:
    out = render_answer(
        engine.ask("Wanneer gaat de top van de ministers verder?", 1), engine, colour=True
    )
    assert f"{BOLD}ministers{RESET}" in out
    assert f"{BOLD}van{RESET}" not in out  # stop words are not highlighted


def test_escape_codes_do_not_shorten_wrapped_lines(engine: Engine) -> None:
    answer = engine.ask("Hoe omschreef Stoltenberg de troepenopbouw aan de grens met Oekraïne?", 1)
    plain = render_answer(answer, engine, colour=False)
    coloured = render_answer(answer, engine, colour=True)
    assert ANSI.sub("", coloured) == plain


def test_plain_output_has_no_escape_codes(engine: Engine) -> None:
    out = render_answer(engine.ask("Wie gaat de details uitwerken?"), engine, colour=False)
    assert "\033[" not in out
    assert "paragraph 4" in out
