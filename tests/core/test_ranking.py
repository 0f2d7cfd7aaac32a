"""Ranking: BM25's best few re-ordered by how much of the question they cover."""

from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge

TEXT = (
    "Dat zei hij gisteren op de persconferentie over de toestand.\n\n"
    "Uit het Kremlin, waar men lang heeft nagedacht over de voorstellen, was al "
    "te horen dat het antwoord verstuurd is.\n\n"
    "Rusland heeft veel troepen aan de grens met Oekraïne staan.\n\n"
    "Er zouden 100.000 troepen van Rusland aan de grens verzameld zijn.\n"
)
ENGINE = Engine(decode_knowledge(TEXT.encode()))


def test_the_passage_with_the_questions_name_beats_a_repeated_common_word() -> None:
    bm25_first = ENGINE.index.top({"zei": 1.0, "kremlin": 1.0}, 1)[0][0]
    assert ENGINE.passages[bm25_first].paragraph == 1  # plain BM25 prefers "zei" twice
    answer = ENGINE.ask("Wat zei het Kremlin?")
    assert answer.answered
    assert "Kremlin" in answer.results[0].quote


def test_a_how_many_question_prefers_the_passage_with_a_number() -> None:
    answer = ENGINE.ask("Hoeveel troepen heeft Rusland aan de grens?")
    assert answer.answered
    assert "100.000" in answer.results[0].quote


def test_scores_shown_are_the_final_ranking() -> None:
    results = ENGINE.ask("troepen aan de grens").results
    assert [r.rank for r in results] == list(range(1, len(results) + 1))
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_a_passage_with_only_the_head_of_a_compound_covers_it_partly() -> None:
    engine = Engine(
        decode_knowledge(
            b"De verdragsorganisatie blijft hameren op dialoog.\n\n"
            b"De organisatie komt donderdag samen.\n\n"
            b"Het weer is goed.\n"
        )
    )
    answer = engine.ask("Wat doet de verdragsorganisatie?", top_k=2)
    assert answer.results[0].quote.startswith("De verdragsorganisatie")
    full, partial = (r.score for r in answer.results)
    assert partial < full / 2


def test_the_source_a_question_names_counts_less_than_its_topic() -> None:
    engine = Engine(
        decode_knowledge(
            b"Jens Stoltenberg sprak de pers toe.\n\n"
            b"Stoltenberg sprak over de oostflank.\n\n"
            b"Stoltenberg sprak over Roemenie.\n\n"
            b"De Noor zei dat de NAVO een verdedigingsorganisatie is.\n\n"
            b"De verdragsorganisatie blijft hameren op dialoog, zei Stoltenberg over de NAVO.\n"
        )
    )
    answer = engine.ask("Wat voor organisatie is de NAVO volgens Stoltenberg?")
    assert answer.answered
    assert "verdedigingsorganisatie" in answer.results[0].quote
