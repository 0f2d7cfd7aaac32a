"""Where the bot answers (ALLOWED_GUILD_IDS), and commands it does not know."""

from __future__ import annotations

import logging

import pytest

from tests.discord_app.conftest import BATTLE_GROUP, Running, StartBot

NOT_HERE = "This bot only answers in the servers it was set up for."


async def test_an_allowed_server_gets_answers(start_bot: StartBot) -> None:
    running = await start_bot()
    running.bot.settings.allowed_guild_ids = [running.standin.guild_id]

    message = await running.answer(BATTLE_GROUP)

    assert not message.ephemeral
    assert message.embeds


@pytest.mark.parametrize("command", ["ask", "about", "help", "menu"])
async def test_other_servers_are_told_privately_in_one_line(
    start_bot: StartBot, command: str
) -> None:
    running = await start_bot()
    running.bot.settings.allowed_guild_ids = [running.standin.guild_id + 1]
    standin = running.standin

    if command == "ask":
        record = await running.ask(BATTLE_GROUP)
    elif command == "menu":
        record = await standin.send_interaction(
            standin.message_context("Ask the article", BATTLE_GROUP)
        )
    else:
        record = await standin.invoke(command)
    message = await record.wait_message(timeout=5)

    assert message.ephemeral
    assert message.content == NOT_HERE
    assert message.embeds == []


async def test_with_allowed_servers_direct_messages_are_elsewhere_too(start_bot: StartBot) -> None:
    running = await start_bot(dev_guild_ids=[])
    dm = await running.answer(BATTLE_GROUP, guild_id=None)
    running.bot.settings.allowed_guild_ids = [running.standin.guild_id]

    refused = await running.answer(BATTLE_GROUP, guild_id=None, locale="nl")

    assert dm.embeds and not dm.ephemeral
    assert refused.ephemeral
    assert refused.content == "Deze bot antwoordt alleen in de servers waarvoor hij is ingesteld."


async def test_an_unknown_command_is_one_warning_line_and_a_polite_reply(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    payload = running.standin.slash_command("about")
    payload["data"]["name"] = "quiz"
    caplog.set_level(logging.INFO)

    record = await running.standin.send_interaction(payload)
    message = await record.wait_message(timeout=5)

    assert message.ephemeral
    assert "not available" in message.content
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.exc_info) for r in warnings] == [("bot.discord_app.tree", None)]
    assert "unknown command 'quiz'" in warnings[0].getMessage()
