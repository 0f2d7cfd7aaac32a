"""Judge: answered only when the best passage covers the question's point."""

from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge

TEXT = (
    "De ministers van Defensie kwamen woensdag samen in de hoofdstad.\n\n"
    "Frankrijk wil de nieuwe battle group leiden.\n\n"
    "Het weer was goed tijdens de top.\n\n"
    "De ministers spraken ook over Rusland.\n"
)
ENGINE = Engine(decode_knowledge(TEXT.encode()))


def test_a_question_the_passage_covers_is_answered() -> None:
    answer = ENGINE.ask("Wanneer kwamen de ministers van Defensie samen?")
    assert answer.answered
    assert answer.results[0].quote.startswith("De ministers van Defensie")


def test_a_name_the_best_passage_lacks_outweighs_the_words_it_shares() -> None:
    # Every word is in the article, but France is never named next to the ministers.
    answer = ENGINE.ask("Wie is de minister van Defensie van Frankrijk?")
    assert not answer.answered
    assert "covers" in (answer.reason or "")


def test_an_unknown_name_is_not_answered() -> None:
    assert not ENGINE.ask("Wat zeiden de ministers van Defensie over Poetin?").answered


def test_a_time_question_needs_a_time_in_the_quote() -> None:
    assert not ENGINE.ask("Wanneer wil Frankrijk de battle group leiden?").answered


def test_a_day_question_is_answered_with_the_day() -> None:
    answer = ENGINE.ask("Op welke dag kwamen de ministers samen?")
    assert answer.answered and "woensdag" in answer.results[0].quote


def test_an_everyday_word_the_article_lacks_weighs_less_than_a_rare_one() -> None:
    everyday = ENGINE.ask("Wat deden de ministers van Defensie?")
    rare = ENGINE.ask("Wat begrootten de ministers van Defensie?")
    assert everyday.answered
    assert everyday.confidence > rare.confidence
