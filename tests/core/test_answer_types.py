"""Answer types: which questions want a number or a time, and which quotes hold one."""

import pytest

from bot.core.pipeline.answer_types import contains_type, expected_type


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("Hoeveel troepen staan er aan de grens?", "number"),
        ("Hoe vaak kwamen de ministers samen?", "number"),
        ("Welk aantal soldaten gaat naar Roemenië?", "number"),
        ("How many troops are at the border?", "number"),
        ("Wanneer gaat de top verder?", "time"),
        ("Op welke datum komt de raad samen?", "time"),
        ("In welk jaar werd de NAVO opgericht?", "time"),
        ("Hoe laat begint het overleg?", "time"),
        ("Wat kost de nieuwe battle group?", "number"),
        ("Wie leidt de battle group?", None),
        ("Welke landen doen mee?", None),
        ("Hoe omschreef Stoltenberg de opbouw?", None),
    ],
)
def test_question_forms_ask_for_a_type(question: str, wanted: str | None) -> None:
    assert expected_type(question) == wanted


def test_quotes_hold_numbers_and_times() -> None:
    assert contains_type("er staan 100.000 troepen", "number")
    assert contains_type("honderden soldaten", "number")
    assert not contains_type("Frankrijk is bereid", "number")
    assert contains_type("Donderdagavond staat er overleg gepland", "time")
    assert contains_type("in 2021 besliste men", "time")
    assert not contains_type("Frankrijk is bereid", "time")
