"""Quotes: the best sentence, and its neighbour only when that carries the answer."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.config import DEFAULT, RetrievalConfig
from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge
from bot.core.passages import MAX_PASSAGE_CHARS

MAX_QUOTE_CHARS = DEFAULT.max_quote_chars

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


def _unpunctuated(words: int) -> str:
    filler = "de ministers bespreken de toestand aan de grens met veel woorden"
    return " ".join(filler.split()[i % 10] for i in range(words))


def test_a_sentence_longer_than_the_quote_limit_is_cut_between_words() -> None:
    text = (
        f"{_unpunctuated(3000)} de vuurtorenwachter van Westkapelle zwaait {_unpunctuated(3000)}\n"
    )
    engine = Engine(decode_knowledge(text.encode()))
    result = engine.ask("Wie zwaait in Westkapelle?").results[0]
    assert text[result.start : result.end] == result.quote
    assert len(result.quote) <= MAX_QUOTE_CHARS
    assert "vuurtorenwachter van Westkapelle zwaait" in result.quote
    assert result.cut_start and result.cut_end
    assert text[result.start - 1].isspace() and text[result.end].isspace()
    shown, spans = result.shown_quote()
    assert shown == f"…{result.quote}…"
    assert all(shown[s:e].lower() in {"zwaait", "westkapelle"} for s, e in spans)


def test_the_cut_follows_the_configured_quote_limit() -> None:
    text = f"{_unpunctuated(300)} de vuurtorenwachter van Westkapelle zwaait {_unpunctuated(300)}\n"
    knowledge = decode_knowledge(text.encode())
    question = "Wie zwaait in Westkapelle?"
    shipped = Engine(knowledge).ask(question).results[0]
    short = Engine(knowledge, RetrievalConfig(max_quote_chars=120)).ask(question).results[0]
    assert len(short.quote) <= 120 < len(shipped.quote) <= MAX_QUOTE_CHARS
    assert "Westkapelle zwaait" in short.quote and short.cut_start and short.cut_end


def test_an_unpunctuated_paragraph_gives_short_passages_and_a_small_answer() -> None:
    text = f"{_unpunctuated(1_000_000)} Westkapelle\n"
    engine = Engine(decode_knowledge(text.encode()))
    assert max(p.end - p.start for p in engine.passages) <= MAX_PASSAGE_CHARS
    answer = engine.ask("Westkapelle")
    assert answer.results[0].quote.endswith("Westkapelle")
    assert len(answer.to_json()) < 4 * (MAX_PASSAGE_CHARS + MAX_QUOTE_CHARS)


def test_a_whole_sentence_that_fits_is_not_marked_cut() -> None:
    result = ENGINE.ask("Welke troepen sturen de ministers naar de oostflank?").results[0]
    assert not (result.cut_start or result.cut_end)
    assert result.shown_quote()[0] == result.quote


WORDS = st.sampled_from(
    ["troepen", "NAVO", "Roemenië", "de", "grens", "100.000", "Stoltenberg", "x" * 90, "\n"]
)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(WORDS, min_size=1, max_size=400),
    separator=st.sampled_from([" ", "  ", " \t"]),
    asked=st.lists(WORDS, min_size=1, max_size=4),
)
def test_any_unpunctuated_text_gives_short_verbatim_quotes(
    words: list[str], separator: str, asked: list[str]
) -> None:
    text = "Tekst.\n\n" + separator.join(words) + "\n"
    engine = Engine(decode_knowledge(text.encode()))
    for result in engine.ask(" ".join(asked)).results:
        assert text[result.start : result.end] == result.quote
        assert len(result.quote) <= MAX_QUOTE_CHARS
        assert result.quote == result.quote.strip()
        shown, _ = result.shown_quote()
        assert shown.startswith("…") == result.cut_start
        assert shown.endswith("…") == result.cut_end
