"""Feedback end to end: real discord.py clicking buttons through the stand-in, the JSON
lines that result, a restart in between, and /report."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from bot.discord_app.client import ArticleBot
from bot.discord_app.lifecycle import point_at_api
from bot.feedback.log import default_feedback_log
from bot.wiring import open_knowledge_base
from tests.conftest import ARTICLE
from tests.discord_app.conftest import BATTLE_GROUP, Running, StartBot, all_text, plain
from tests.discord_app.support import TOKEN, standin_settings
from tests.discord_app.test_places import NOT_HERE
from tests.standin import DiscordStandIn, SentMessage, running_client
from tests.standin.components import buttons_of
from tests.standin.harness import discord_pointed_at

UNANSWERABLE = "Wat is het recept voor appeltaart?"
FRONT_MATTER = "---\ntitle: Testartikel\nsource: https://example.org/artikel?id=1\n---\n"


def button(message: SentMessage, *, emoji: str | None = None, label: str = "") -> dict[str, Any]:
    """The message's button with this emoji, or whose label starts with `label`."""
    for b in buttons_of({"components": message.components}):
        if emoji is not None and (b.get("emoji") or {}).get("name") == emoji:
            return b
        if emoji is None and label and str(b.get("label", "")).startswith(label):
            return b
    raise AssertionError(f"no button {emoji or label!r} in {message.components}")


def log_lines(running: Running) -> list[dict[str, Any]]:
    path = default_feedback_log(running.knowledge_file)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def click(running: Running, message: SentMessage, custom_id: str, **kw: Any) -> SentMessage:
    record = await running.standin.click(message.id, custom_id, **kw)
    return await record.wait_message()


async def test_every_answer_carries_votes_and_a_whole_paragraph_button(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)

    labels = [
        str(b.get("label") or b["emoji"]["name"])
        for b in buttons_of({"components": message.components})
    ]
    assert labels[:2] == ["👍", "👎"]
    assert message.embeds
    assert sum(label.startswith("Whole paragraph") for label in labels) == len(message.embeds)
    assert not any(b.get("url") for b in buttons_of({"components": message.components}))


async def test_the_menu_reply_and_a_refusal_carry_the_votes_too(running: Running) -> None:
    payload = running.standin.message_context("Ask the article", BATTLE_GROUP)
    menu = await (await running.standin.send_interaction(payload)).wait_message()
    refusal = await running.answer(UNANSWERABLE)

    for message in (menu, refusal):
        assert button(message, emoji="👎")["custom_id"].startswith("art:vote:down:")
    assert ":n:" in button(refusal, emoji="👎")["custom_id"]


async def test_a_source_in_the_front_matter_gives_a_link_button(start_bot: StartBot) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    running = await start_bot(knowledge_text=FRONT_MATTER + article)
    message = await running.answer(BATTLE_GROUP, locale="nl")

    link = button(message, label="Bron")
    assert link["url"] == "https://example.org/artikel?id=1" and "custom_id" not in link
    assert button(message, label="Hele alinea")


async def test_a_vote_is_one_json_line_and_a_private_thanks(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)
    tester = running.guild.member_named("tester").id

    thanks = await click(running, message, button(message, emoji="👎")["custom_id"])

    assert thanks.ephemeral and "👎" in thanks.content and not thanks.pings
    (line,) = log_lines(running)
    best = running.bot.knowledge.ask(BATTLE_GROUP, running.settings.top_k).best
    assert best is not None
    assert line["kind"] == "vote" and line["vote"] == "down" and line["status"] == "answered"
    assert line["quote"] == [best.start, best.end] and line["message"] == message.id
    assert line["guild"] == running.guild.id and line["question"] is None
    assert running.bot.knowledge.knowledge.checksum.startswith(line["checksum"])
    assert str(tester) not in json.dumps(line)


async def test_a_second_user_and_a_changed_vote_are_recorded(start_bot: StartBot) -> None:
    running = await start_bot(log_questions=True)
    message = await running.answer(BATTLE_GROUP)
    down, up = button(message, emoji="👎")["custom_id"], button(message, emoji="👍")["custom_id"]
    moderator = running.guild.member_named("moderator").id

    await click(running, message, down)
    await click(running, message, up, user_id=moderator)
    await click(running, message, up)  # the tester changes their mind

    lines = log_lines(running)
    assert [line["vote"] for line in lines] == ["down", "up", "up"]
    assert lines[0]["voter"] == lines[2]["voter"] != lines[1]["voter"]
    assert all(line["question"] == BATTLE_GROUP for line in lines)
    latest = {line["voter"]: line["vote"] for line in lines}
    assert sorted(latest.values()) == ["up", "up"]


async def test_buttons_work_after_a_restart(knowledge_file: Path) -> None:
    # The second bot identifies at once; a real restart is a new process, seconds later.
    async with DiscordStandIn(token=TOKEN, identify_interval=0) as standin:
        settings = standin_settings(standin, knowledge_file)
        with discord_pointed_at(standin):
            point_at_api(settings)
            first = ArticleBot(settings, open_knowledge_base(settings), guild_ready_timeout=0.05)
            async with running_client(standin, first, timeout=10):
                record = await standin.invoke("ask", {"question": BATTLE_GROUP})
                message = await record.wait_message()
            assert first.is_closed()

            second = ArticleBot(settings, open_knowledge_base(settings), guild_ready_timeout=0.05)
            async with running_client(standin, second, timeout=10):
                vote = button(message, emoji="👍")["custom_id"]
                thanks = await (await standin.click(message.id, vote)).wait_message()
                more = button(message, label="Whole paragraph")["custom_id"]
                paragraph = await (await standin.click(message.id, more)).wait_message()
        assert standin.violations == [] and standin.internal_errors == []
    assert thanks.ephemeral and "👍" in thanks.content
    assert paragraph.ephemeral and "Roemenië gestationeerd" in plain(
        paragraph.embeds[0]["description"]
    )
    (line,) = [
        json.loads(x)
        for x in default_feedback_log(knowledge_file).read_text(encoding="utf-8").splitlines()
    ]
    assert line["vote"] == "up" and line["message"] == message.id


async def test_whole_paragraph_is_private_with_the_quote_in_bold(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)
    best = running.bot.knowledge.ask(BATTLE_GROUP, running.settings.top_k).best
    assert best is not None

    shown = await click(running, message, button(message, label="Whole paragraph")["custom_id"])

    assert shown.ephemeral and not shown.pings
    description = shown.embeds[0]["description"]
    assert plain(description) == best.passage
    assert "**" in description and "Roemenië" in description


async def test_nothing_in_a_paragraph_can_ping_or_break_the_markup(start_bot: StartBot) -> None:
    hostile = (
        "Kop\n\nDe battle group komt naar Roemenië, @everyone en <@123> en <@&456> lezen "
        "**mee** en _schuin_ `code`.\n\nEen tweede alinea over iets anders.\n"
    )
    running = await start_bot(knowledge_text=hostile)
    message = await running.answer("Waar komt de battle group?")

    shown = await click(running, message, button(message, label="Whole paragraph")["custom_id"])

    assert not shown.pings and shown.allowed_mentions == {"parse": []}
    assert plain(shown.embeds[0]["description"]) == hostile.split("\n\n")[1]


async def test_a_paragraph_of_a_replaced_article_is_refused_politely(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)
    running.knowledge_file.write_text("Een heel ander artikel over iets anders.\n")
    assert running.bot.knowledge.reload().ok

    shown = await click(running, message, button(message, label="Whole paragraph")["custom_id"])

    assert shown.ephemeral and "replaced" in shown.content


async def test_unanswered_questions_are_logged_only_with_log_questions(
    start_bot: StartBot,
) -> None:
    quiet = await start_bot()  # both bots share one knowledge file, so one log
    await quiet.answer(UNANSWERABLE)

    logging_on = await start_bot(log_questions=True)
    await logging_on.answer(BATTLE_GROUP)
    await logging_on.answer(UNANSWERABLE)
    await logging_on.answer("Wat is het recept voor appeltaart")
    lines = await wait_lines(logging_on, 2)
    assert sorted((x["kind"], x["status"], x["question"]) for x in lines) == sorted(
        [
            ("question", "not_found", UNANSWERABLE),
            ("question", "not_found", "Wat is het recept voor appeltaart"),
        ]
    )


async def test_report_is_private_and_for_admins_only(start_bot: StartBot) -> None:
    running = await start_bot(log_questions=True)
    running.bot.settings.admin_user_ids.append(running.guild.member_named("tester").id)
    await running.answer(UNANSWERABLE)
    await running.answer("wat is het recept voor appeltaart")
    message = await running.answer(BATTLE_GROUP)
    await click(running, message, button(message, emoji="👎")["custom_id"])
    await wait_lines(running, 3)

    shown = await (await running.standin.invoke("report", {})).wait_message()
    moderator = running.guild.member_named("moderator").id
    refused = await (await running.standin.invoke("report", {}, user_id=moderator)).wait_message()

    assert shown.ephemeral and not shown.pings
    text = all_text(shown)
    assert "**2×** Wat is het recept voor appeltaart?" in text
    assert "**1× 👎** (0 👍)" in text and "battle group" in text
    assert refused.ephemeral and "Only the bot's admins" in refused.content


async def test_report_says_plainly_when_there_is_nothing(start_bot: StartBot) -> None:
    running = await start_bot(log_questions=True)
    running.bot.settings.admin_user_ids.append(running.guild.member_named("tester").id)

    shown = await (await running.standin.invoke("report", {}, locale="nl")).wait_message()

    assert shown.ephemeral and shown.content == "Er is nog geen feedback gelogd."


async def wait_lines(running: Running, count: int) -> list[dict[str, Any]]:
    """Question lines are written in the background: wait (bounded) until they are there."""
    for _ in range(1000):
        lines = log_lines(running)
        if len(lines) >= count:
            return lines
        await asyncio.sleep(0.01)
    raise AssertionError(f"expected {count} feedback lines, got {log_lines(running)}")


async def test_reload_brings_in_synonyms_and_refuses_a_bad_file(start_bot: StartBot) -> None:
    running = await start_bot()
    tester = running.guild.member_named("tester").id
    running.bot.settings.admin_user_ids.append(tester)
    question = "Waar komt de gevechtsgroep?"
    synonyms = running.knowledge_file.with_name("article.synonyms.txt")
    assert "doesn't seem to be about this" in (await running.answer(question)).content

    synonyms.write_text("gevechtsgroep => battle group\n", encoding="utf-8")
    ok = await (await running.standin.invoke("reload", None, user_id=tester)).wait_message()
    answered = await running.answer(question)
    synonyms.write_text("gevechtsgroep => battle group\nalleen\n", encoding="utf-8")
    refused = await (await running.standin.invoke("reload", None, user_id=tester)).wait_message()

    assert ok.embeds[0]["title"] == "Article reloaded"
    assert "Roemenië gestationeerd" in plain(answered.embeds[0]["description"])
    assert refused.ephemeral and "line 2: only one entry" in refused.content
    assert "Roemenië gestationeerd" in plain(
        (await running.answer(question)).embeds[0]["description"]
    )


async def test_the_asker_can_vote_on_a_private_answer(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP, public=False)

    thanks = await click(running, message, button(message, emoji="👍")["custom_id"])

    assert message.ephemeral and thanks.ephemeral
    assert [line["vote"] for line in log_lines(running)] == ["up"]


async def test_buttons_do_nothing_outside_the_allowed_servers(running: Running) -> None:
    message = await running.answer(BATTLE_GROUP)
    running.bot.settings.allowed_guild_ids = [running.standin.guild_id + 1]

    refused = [
        await click(running, message, button(message, emoji="👍")["custom_id"]),
        await click(running, message, button(message, label="Whole paragraph")["custom_id"]),
    ]

    for reply in refused:
        assert reply.ephemeral and reply.content == NOT_HERE and reply.embeds == []
    assert log_lines(running) == []
