"""The answer buttons' pieces: custom_ids within Discord's limits, the source link, and
reading the question back from a reply."""

from __future__ import annotations

import pytest

from bot.core.answer import Answer, Result
from bot.core.knowledge import decode_knowledge
from bot.discord_app.embeds import echo_question
from bot.discord_app.feedback_buttons import (
    AnswerRef,
    VoteButton,
    echoed_question,
    feedback_view,
    source_url,
)
from tests.standin.components import validate_components

BIG = 999_999_999


def result(rank: int, start: int, end: int) -> Result:
    return Result(
        rank=rank, score=1.0, quote="q", start=start, end=end, passage="p",
        passage_start=max(0, start - 1), passage_end=end + 1, paragraph=rank, section=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    "question",
    ["Wat zei *Poetin* over _NAVO_?", "@everyone <@123> kijk", "back\\slash `code` ~~x~~"],
)
def test_the_question_is_read_back_from_the_reply_echo(question: str) -> None:
    assert echoed_question(echo_question(question, "nl") + "\nAntwoord") == question
    assert echoed_question("no echo here") is None


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("De Standaard", None),
        ("javascript:alert(1)", None),
        ("https://example.org/a b", None),
        ("https://example.org/" + "a" * 600, None),
        (None, None),
    ],
)
def test_only_a_web_address_becomes_a_link(source: str | None, url: str | None) -> None:
    knowledge = decode_knowledge(b"Tekst.\n")
    assert source_url(knowledge.__class__(**{**knowledge.__dict__, "source": source})) == url


def test_the_most_buttons_an_answer_can_have_fit_discords_rules() -> None:
    body = "\n\n".join(f"Alinea nummer {n} zegt iets." for n in range(1, 11))
    knowledge = decode_knowledge(f"---\nsource: https://example.org\n---\n{body}\n".encode())
    text = knowledge.text
    results = []
    for n in range(1, 11):
        start = text.index(f"Alinea nummer {n} ")
        end = text.index(".", start) + 1
        results.append(
            result(n, start=start, end=end).model_copy(update={"quote": text[start:end]})
        )
    answer = Answer(question="q", answered=True, results=results)

    components = feedback_view(answer, knowledge, "nl").to_components()

    assert validate_components({"components": components}) == {}
    assert [len(row["components"]) for row in components] == [3, 5, 5]


def test_a_vote_button_survives_its_custom_id() -> None:
    ref = AnswerRef("unsure", (BIG - 1, BIG), "0123456789abcdef")
    button = VoteButton("down", ref)
    match = VoteButton.__discord_ui_compiled_template__.fullmatch(button.custom_id)
    assert match is not None and len(button.custom_id) <= 100
    assert AnswerRef.decode(match) == ref and match["vote"] == "down"
    empty = VoteButton("up", AnswerRef("not_found", None, "ab"))
    found = VoteButton.__discord_ui_compiled_template__.fullmatch(empty.custom_id)
    assert found is not None and AnswerRef.decode(found).quote is None


def test_an_answer_from_a_version_no_longer_served_offers_no_paragraph() -> None:
    knowledge = decode_knowledge(b"Nieuwe tekst, heel anders dan de oude.\n")
    answer = Answer(question="q", answered=True, results=[result(1, start=0, end=5)])

    components = feedback_view(answer, knowledge, "en").to_components()

    (row,) = components
    assert [b["custom_id"].split(":")[-1] for b in row["components"]] == ["0", "0"]
