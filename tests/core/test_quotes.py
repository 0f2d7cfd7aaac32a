"""Quotes: the best sentence, and its neighbour only when that carries the answer."""

from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge

TEXT = (
    "Door de dreiging sturen de ministers extra troepen naar de oostflank. "
    "Het gaat daarbij om landtroepen en troepen van de luchtmacht. "
    "De paraatheid is vergroot.\n"
)
ENGINE = Engine(decode_knowledge(TEXT.encode()))


def test_a_which_question_takes_the_sentence_that_continues_about_it() -> None:
    quote = ENGINE.ask("Welke troepen sturen de ministers naar de oostflank?").results[0].quote
    assert quote.startswith("Door de dreiging") and quote.endswith("luchtmacht.")


def test_other_questions_quote_the_best_sentence_alone() -> None:
    quote = ENGINE.ask("Waarom sturen de ministers troepen naar de oostflank?").results[0].quote
    assert quote == "Door de dreiging sturen de ministers extra troepen naar de oostflank."


def test_a_next_sentence_that_adds_question_words_joins_the_quote() -> None:
    quote = ENGINE.ask("Sturen de ministers ook luchtmacht naar de oostflank?").results[0].quote
    assert quote.startswith("Door de dreiging") and quote.endswith("luchtmacht.")


def _quote(text: str, question: str) -> str:
    return Engine(decode_knowledge(text.encode())).ask(question).results[0].quote


def test_the_sentence_before_joins_only_when_the_best_points_back_to_it() -> None:
    question = "Wat heeft Stoltenberg op de persconferentie over de oostflank aangekondigd?"
    before = "Er is veel gezegd over de oostflank. "
    pointing = before + "Dat heeft Stoltenberg op de persconferentie aangekondigd.\n"
    assert _quote(pointing, question) == pointing.strip()
    alone = before + "Stoltenberg heeft op de persconferentie extra troepen aangekondigd.\n"
    assert _quote(alone, question).startswith("Stoltenberg heeft")
