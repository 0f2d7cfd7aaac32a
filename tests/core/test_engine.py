"""Answers are verbatim: quotes and passages are exact slices of the file's text."""

from __future__ import annotations

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge
from tests.conftest import ARTICLE, read_questions

QUESTIONS = read_questions("questions_shared.jsonl") + read_questions("questions_own.jsonl")


def assert_offsets(engine: Engine, question: str) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    answer = engine.ask(question)
    for result in answer.results:
        assert text[result.start : result.end] == result.quote
        assert text[result.passage_start : result.passage_end] == result.passage
        assert result.passage_start <= result.start < result.end <= result.passage_end
        for s, e in result.highlights:
            assert result.start <= s < e <= result.end


@pytest.mark.parametrize("item", QUESTIONS, ids=[str(q["id"]) for q in QUESTIONS])
def test_quotes_and_passages_are_exact_slices(engine: Engine, item: dict[str, str]) -> None:
    assert_offsets(engine, item["question"])


def test_answer_json_has_exactly_the_contract_fields(engine: Engine) -> None:
    answer = engine.ask("Waar zou de battle group gestationeerd worden?")
    data = answer.model_dump(mode="json")
    assert list(data) == ["question", "answered", "status", "results"]
    assert data["status"] == "answered" and data["answered"] is True
    assert set(data["results"][0]) == {
        "rank",
        "score",
        "quote",
        "start",
        "end",
        "passage",
        "passage_start",
        "passage_end",
        "paragraph",
        "section",
    }


def test_results_are_ranked_by_score(engine: Engine) -> None:
    answer = engine.ask("troepen Oekraïne Rusland", top_k=5)
    scores = [r.score for r in answer.results]
    assert scores == sorted(scores, reverse=True)
    assert [r.rank for r in answer.results] == list(range(1, len(scores) + 1))


def test_top_k_limits_results(engine: Engine) -> None:
    assert len(engine.ask("Stoltenberg NAVO troepen", top_k=1).results) == 1


def test_question_without_article_words_is_not_answered(engine: Engine) -> None:
    answer = engine.ask("Wat is het recept voor appeltaart?")
    assert not answer.answered
    assert answer.results == []


def test_stopword_only_question_is_not_answered(engine: Engine) -> None:
    assert not engine.ask("Wat is het dan?").answered


def test_quote_is_whole_sentences_within_400_chars(engine: Engine) -> None:
    for item in QUESTIONS:
        for r in engine.ask(str(item["question"])).results:
            passage = next(p for p in engine.passages if p.start == r.passage_start)
            starts = [s for s, _ in passage.sentences]
            ends = [e for _, e in passage.sentences]
            assert r.start in starts and r.end in ends, item["id"]
            sentences = ends.index(r.end) - starts.index(r.start) + 1
            assert sentences == 1 or len(r.quote) <= 400, item["id"]


def test_status_is_the_source_of_answered(engine: Engine) -> None:
    for question in ("Waar komt de battle group?", "Wat is het recept voor appeltaart?"):
        answer = engine.ask(question)
        assert answer.answered == (answer.status == "answered")
    assert engine.ask("Wat is het recept voor appeltaart?").status == "not_found"


def test_section_and_paragraph_point_at_the_quote(engine: Engine) -> None:
    best = engine.ask("Door wie zijn de inlichtingen bevestigd?").results[0]
    assert best.section == "Satellietbeelden"
    assert best.paragraph == 8


def test_front_matter_is_not_searched() -> None:
    engine = Engine(decode_knowledge(b"---\ntitle: Appeltaart\n---\nDe NAVO stuurt troepen.\n"))
    assert engine.ask("appeltaart").results == []


def test_split_compound_in_the_question_finds_the_joined_word(engine: Engine) -> None:
    for question, compound in [
        ("tweesporen aanpak", "tweesporenaanpak"),
        ("twee sporen aanpak", "tweesporenaanpak"),
        ("troepen concentratie", "troepenconcentratie"),
        ("opbouw van troepen", "troepenopbouw"),
    ]:
        answer = engine.ask(question, top_k=1)
        assert answer.answered
        assert compound in answer.results[0].quote, question


def test_a_compound_in_the_question_finds_its_parts_in_the_article() -> None:
    engine = Engine(decode_knowledge(b"De opbouw van troepen gaat door.\n\nHet weer is goed.\n"))
    answer = engine.ask("troepenopbouw", top_k=1)
    assert answer.answered and "opbouw van troepen" in answer.results[0].quote
