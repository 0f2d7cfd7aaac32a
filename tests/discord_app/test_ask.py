"""/ask and the "Ask the article" menu: verbatim quotes, limits, languages, mentions."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import pytest

from bot.discord_app.limits import (
    CONTENT_MAX,
    EMBED_DESCRIPTION_MAX,
    EMBED_FOOTER_MAX,
    EMBEDS_MAX,
    EMBEDS_TOTAL_MAX,
)
from tests.discord_app.conftest import BATTLE_GROUP, Running, StartBot, all_text, plain
from tests.standin import SentMessage

APPLE_PIE = "Wat is het recept voor appeltaart?"


def embed_chars(message: SentMessage) -> int:
    """Characters Discord counts towards the 6000 total of a message's embeds."""
    total = 0
    for embed in message.embeds:
        total += len(embed.get("title", "")) + len(embed.get("description", ""))
        total += len((embed.get("footer") or {}).get("text", ""))
        total += len((embed.get("author") or {}).get("name", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return total


def assert_within_limits(message: SentMessage) -> None:
    assert len(message.content) <= CONTENT_MAX
    assert len(message.embeds) <= EMBEDS_MAX
    assert embed_chars(message) <= EMBEDS_TOTAL_MAX
    for embed in message.embeds:
        assert len(embed.get("description", "")) <= EMBED_DESCRIPTION_MAX
        assert len((embed.get("footer") or {}).get("text", "")) <= EMBED_FOOTER_MAX


async def test_answer_quotes_the_article_with_matched_words_in_bold(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)

    quote = message.embeds[0]["description"]
    assert "Roemenië gestationeerd" in plain(quote)
    assert "**gestationeerd**" in quote
    assert quote.startswith("> ")
    assert message.embeds[0]["footer"]["text"].startswith("paragraph 3 · score ")
    assert "Answer (high confidence)" in message.content


async def test_quote_is_verbatim_apart_from_markup(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)

    article = running.knowledge_file.read_text(encoding="utf-8")
    for embed in message.embeds:
        assert plain(embed["description"]) in article


async def test_answers_are_public_by_default_and_private_on_request(running: Running) -> None:
    public = await running.answer(BATTLE_GROUP)
    private = await running.answer(BATTLE_GROUP, public=False)

    assert not public.ephemeral
    assert private.ephemeral


async def test_answers_public_false_makes_answers_private(start_bot: StartBot) -> None:
    running = await start_bot(answers_public=False)

    assert (await running.answer(BATTLE_GROUP)).ephemeral
    assert not (await running.answer(BATTLE_GROUP, public=True)).ephemeral


async def test_at_most_top_k_results(start_bot: StartBot) -> None:
    running = await start_bot(top_k=2)

    message = await running.answer("Wat zei Stoltenberg over de NAVO?")

    assert 1 <= len(message.embeds) <= 2


async def test_dutch_locale_gets_dutch(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP, locale="nl")

    assert message.content.startswith("**Vraag:**")
    assert "Antwoord (grote zekerheid)" in message.content
    assert message.embeds[0]["footer"]["text"].startswith("alinea 3 · ")


async def test_belgian_dutch_locale_also_gets_dutch(running: Running) -> None:
    message = await running.answer(APPLE_PIE, locale="nl")

    assert "Het artikel lijkt hier geen antwoord op te geven." in message.content


async def test_unanswerable_question_says_so(running: Running) -> None:
    message = await running.answer(APPLE_PIE)

    assert "The article doesn't seem to answer this." in message.content
    assert "Answer" not in message.content
    for embed in message.embeds:
        assert embed.get("title") == "Nearest passage (not an answer)"


async def test_near_miss_is_labelled_as_not_an_answer(running: Running) -> None:
    question = "Hoeveel tanks heeft Frankrijk naar Roemenië gestuurd?"
    near_miss = running.bot.knowledge.ask(question, 3)
    assert not near_miss.answered and near_miss.results, "pick a question the engine misses"

    message = await running.answer(question)

    assert "The article doesn't seem to answer this." in message.content
    assert len(message.embeds) == 1
    assert message.embeds[0]["title"] == "Nearest passage (not an answer)"


async def test_mentions_in_the_question_ping_nobody(running: Running) -> None:
    role = running.guild.role("Moderator").id
    question = f"@everyone @here <@123> <@&{role}> waar wordt de battle group gestationeerd?"

    message = await running.answer(question)

    assert not message.pings
    assert message.allowed_mentions == {"parse": []}
    assert "<@123>" not in message.content
    assert "@everyone" not in message.content


async def test_markdown_in_the_question_is_escaped(running: Running) -> None:
    message = await running.answer("**Waar** zou de _battle group_ `gestationeerd` worden?")

    first_line = message.content.split("\n")[0]
    assert "\\*\\*Waar\\*\\*" in first_line
    assert "\\_battle group\\_" in first_line
    assert "\\`gestationeerd\\`" in first_line


def _long_sentence_article() -> str:
    """Paragraphs that are each one ~3,500-character sentence full of Markdown characters."""
    rng = random.Random(7)
    words = ["troepen", "*grens*", "_oost_", "flank", "NAVO", "Roemenië", "~~x~~", "|s|", "`c`"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(500)) + "." for _ in range(14)]
    return "\n\n".join(paragraphs) + "\n"


async def test_answer_that_would_overflow_is_cut_to_fit(start_bot: StartBot) -> None:
    running = await start_bot(knowledge_text=_long_sentence_article(), top_k=10)

    message = await running.answer("troepen grens oost flank NAVO Roemenië " * 7)

    assert len(message.embeds) == 10
    assert_within_limits(message)
    assert all(e["description"].endswith("…") for e in message.embeds)


async def test_long_question_is_accepted_and_echoed_within_limits(running: Running) -> None:
    question = ("Waar zou de battle group gestationeerd worden? " * 7)[:300]

    message = await running.answer(question)

    assert_within_limits(message)
    assert "Roemenië gestationeerd" in plain(message.embeds[0]["description"])


async def test_context_menu_answers_the_message_text(running: Running) -> None:
    payload = running.standin.message_context("Ask the article", BATTLE_GROUP)

    record = await running.standin.send_interaction(payload)
    message = await record.wait_message()

    assert "Roemenië gestationeerd" in plain(message.embeds[0]["description"])


async def test_context_menu_on_an_empty_message_is_a_polite_private_error(
    running: Running,
) -> None:
    payload = running.standin.message_context("Ask the article", "", locale="nl")

    record = await running.standin.send_interaction(payload)
    message = await record.wait_message()

    assert message.ephemeral
    assert "geen tekst" in message.content


async def test_context_menu_on_a_very_long_message_is_refused(running: Running) -> None:
    payload = running.standin.message_context("Ask the article", "vraag " * 500)

    record = await running.standin.send_interaction(payload)
    message = await record.wait_message()

    assert message.ephemeral
    assert "too long" in message.content


async def test_second_question_within_the_cooldown_is_refused_privately(
    start_bot: StartBot,
) -> None:
    running = await start_bot(ask_cooldown_seconds=30)

    first = await running.answer(BATTLE_GROUP)
    second = await running.answer(BATTLE_GROUP)

    assert not first.ephemeral
    assert second.ephemeral
    assert "try again in 30 s" in second.content


async def test_cooldown_is_per_user_and_in_dutch(start_bot: StartBot) -> None:
    running = await start_bot(ask_cooldown_seconds=30)
    moderator = running.guild.member_named("moderator").id

    await running.answer(BATTLE_GROUP)
    other = await running.answer(BATTLE_GROUP, user_id=moderator)
    again = await running.answer(BATTLE_GROUP, locale="nl")

    assert not other.ephemeral
    assert "probeer het over 30 s opnieuw" in again.content


async def test_cooldown_is_shared_with_the_context_menu(start_bot: StartBot) -> None:
    running = await start_bot(ask_cooldown_seconds=30)
    await running.answer(BATTLE_GROUP)

    payload = running.standin.message_context("Ask the article", BATTLE_GROUP)
    record = await running.standin.send_interaction(payload)

    assert "try again" in (await record.wait_message()).content


async def test_cooldown_expires(start_bot: StartBot) -> None:
    running = await start_bot(ask_cooldown_seconds=0.2)
    await running.answer(BATTLE_GROUP)
    await asyncio.sleep(0.25)

    assert not (await running.answer(BATTLE_GROUP)).ephemeral


async def test_failure_in_the_engine_reaches_the_user_as_a_private_apology(
    running: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(question: str, top_k: int = 3) -> Any:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(running.bot.knowledge, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="bot.discord_app.tree"):
        message = await running.answer(BATTLE_GROUP, locale="nl")

    assert message.ephemeral
    assert message.content.startswith("Sorry, er ging iets mis")
    assert "index exploded" not in all_text(message)
    assert any("index exploded" in (r.exc_text or "") for r in caplog.records)


async def test_slow_engine_defers_then_edits_in_the_answer(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_ask = running.bot.knowledge.ask

    def slow(question: str, top_k: int = 3) -> Any:
        import time

        time.sleep(0.6)
        return real_ask(question, top_k)

    monkeypatch.setattr(running.bot.knowledge, "ask", slow)
    record = await running.ask(BATTLE_GROUP)

    first = await record.wait_response()
    message = await record.wait_message()

    assert first.type == 5
    assert first.latency < 0.5
    assert message.kind == "original_edit"
    assert not message.ephemeral
    assert "Roemenië gestationeerd" in plain(message.embeds[0]["description"])


async def test_failure_after_a_public_defer_is_still_private(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_then_broken(question: str, top_k: int = 3) -> Any:
        import time

        time.sleep(0.4)
        raise RuntimeError("late failure")

    monkeypatch.setattr(running.bot.knowledge, "ask", slow_then_broken)
    record = await running.ask(BATTLE_GROUP)

    messages = await record.wait_messages(2)

    placeholder, error = messages
    await record.wait_for(lambda r: r.original_deleted)
    assert placeholder.content == "…"
    assert error.ephemeral
    assert error.content.startswith("Sorry, something went wrong")


async def test_one_log_line_per_interaction_without_the_question(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.discord_app.tree"):
        await running.answer(BATTLE_GROUP)
        await asyncio.sleep(0.05)

    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("interaction")]
    assert len(lines) == 1
    line = lines[0]
    assert "command=ask" in line
    assert f"guild={running.standin.guild_id}" in line
    assert "latency_ms=" in line
    assert "answered=true" in line
    assert "top_score=" in line
    assert "battle group" not in line


async def test_log_questions_adds_the_question(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    running = await start_bot(log_questions=True)
    with caplog.at_level(logging.INFO, logger="bot.discord_app.tree"):
        await running.answer(BATTLE_GROUP)
        await asyncio.sleep(0.05)

    assert any("battle group" in r.getMessage() for r in caplog.records)


async def test_first_response_is_fast(running: Running) -> None:
    record = await running.ask(BATTLE_GROUP)

    response = await record.wait_response()

    assert response.type == 4
    assert response.accepted
    assert response.latency < 0.5


async def test_a_paragraph_without_full_stops_cannot_make_questions_fail(
    start_bot: StartBot,
) -> None:
    """`check` accepts a file that is one long "sentence": its quote is the whole paragraph.
    Building the reply must neither block the event loop nor break a Discord limit."""
    rng = random.Random(3)
    words = ["".join(rng.choices("aeioulmnrstkpvdg", k=rng.randint(3, 9))) for _ in range(3000)]
    body = " ".join(rng.choices(words, k=20_000))
    running = await start_bot(knowledge_text=f"{body} de brugwachter belde <@123> @everyone\n")

    records = await asyncio.gather(
        *(running.ask("Wie belde de brugwachter?", user_id=700_000 + i) for i in range(4))
    )
    messages = await asyncio.gather(*(r.wait_message(timeout=30) for r in records))

    assert all(r.callbacks[0].accepted for r in records)
    for message in messages:
        assert message.embeds and not message.ephemeral
        assert len(message.embeds[0]["description"]) <= 4096
        assert not message.pings
