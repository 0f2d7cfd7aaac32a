"""/about and /help."""

from __future__ import annotations

import re

from tests.discord_app.conftest import Running, StartBot, all_text, badges, plain
from tests.standin import SentMessage

FRONT_MATTER = """---
title: Een proefartikel
source: De Teststem
date: 2024-05-01
---
De gemeenteraad besliste dinsdag dat de nieuwe brug over de rivier in het voorjaar open gaat.

Brugwachters

De brugwachters krijgen een nieuw huisje aan de oostkant van de brug.
"""


async def test_about_shows_the_served_article(running: Running) -> None:
    record = await running.standin.invoke("about")
    message = await record.wait_message()

    fields = {f["name"]: f["value"] for f in message.embeds[0]["fields"]}
    checksum = running.bot.knowledge.knowledge.short_checksum
    assert message.ephemeral
    assert fields["File"] == "article.txt"
    assert fields["Paragraphs"] == "9"
    assert fields["Passages"] == str(running.bot.knowledge.engine.stats.passages)
    assert fields["Checksum"] == f"`{checksum}`"
    assert re.fullmatch(r"<t:\d+:f> \(<t:\d+:R>\)", fields["Loaded"])


async def test_about_shows_title_and_source_from_front_matter(start_bot: StartBot) -> None:
    running = await start_bot(knowledge_text=FRONT_MATTER)

    record = await running.standin.invoke("about", locale="nl")
    message = await record.wait_message()

    embed = message.embeds[0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert embed["title"] == "Een proefartikel"
    assert fields["Bron"] == "De Teststem"
    assert fields["Alinea's"] == "2"


async def test_answers_carry_the_source_line_when_the_file_has_one(start_bot: StartBot) -> None:
    running = await start_bot(knowledge_text=FRONT_MATTER)

    message = await running.answer("Wanneer gaat de nieuwe brug open?")

    assert message.embeds[0]["author"]["name"] == "Een proefartikel — De Teststem (2024-05-01)"


async def test_help_explains_how_to_ask_with_two_examples(running: Running) -> None:
    record = await running.standin.invoke("help")
    message = await record.wait_message()

    embed = message.embeds[0]
    examples = embed["fields"][0]["value"].split("\n")
    assert message.ephemeral
    assert "/ask" in embed["description"]
    assert len(examples) == 2
    assert all(e.startswith("`/ask question: ") for e in examples)


async def test_help_examples_are_answered_by_the_served_article(running: Running) -> None:
    record = await running.standin.invoke("help")
    embed = (await record.wait_message()).embeds[0]

    for line in embed["fields"][0]["value"].split("\n"):
        question = line.removeprefix("`/ask question: ").removesuffix("`")
        message = await running.answer(question)
        assert "Answer (" in message.content, question


async def test_help_in_dutch(running: Running) -> None:
    record = await running.standin.invoke("help", locale="nl")
    message = await record.wait_message()

    text = all_text(message)
    assert "/vraag" in text
    assert "Voorbeelden" in text


async def test_help_for_another_article_uses_its_headings(start_bot: StartBot) -> None:
    running = await start_bot(knowledge_text=FRONT_MATTER)

    record = await running.standin.invoke("help")
    message = await record.wait_message()

    assert "Wat zegt het artikel over Brugwachters?" in all_text(message)


def rendered_text(message: SentMessage) -> str:
    """The parts of a message where Discord renders Markdown and mentions (not embed
    authors, footers or field names, which it shows as they are)."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [str(embed.get("title", "")), str(embed.get("description", ""))]
        parts += [str(f["value"]) for f in embed.get("fields", [])]
    return "\n".join(parts)


HOSTILE = """---
title: **Vet** <@123> @everyone `code` [klik](https://evil.example)
source: [klik](https://evil.example) <#5>
date: <t:1700000000:R>
---
De brugwachter <@123> belde <@&456> in <#789> en riep @everyone en @here naar de brug.

Sectie met `backtick` en <@1> erin

De brugwachters krijgen een *nieuw* huisje aan de oostkant van de brug.
"""


async def test_text_from_the_file_never_renders_as_mentions_or_markdown(
    start_bot: StartBot,
) -> None:
    running = await start_bot(knowledge_text=HOSTILE)

    about = await (await running.standin.invoke("about")).wait_message()
    help_ = await (await running.standin.invoke("help")).wait_message()
    answer = await running.answer("Wie belde de brugwachter?")

    loaded = next(f["value"] for f in about.embeds[0]["fields"] if f["name"] == "Loaded")
    for message in (about, help_, answer):
        shown = rendered_text(message).replace(loaded, "")  # the bot's own timestamp badge
        outside_code = re.sub(r"`[^`\n]*`", "", shown)  # nothing renders inside a code span
        assert badges(outside_code) == [], shown
        assert not message.pings
    assert plain(about.embeds[0]["title"]) == (
        "**Vet** <@123> @everyone `code` [klik](https://evil.example)"
    )
    assert "<@123>" in plain(answer.embeds[0]["description"])
    for line in help_.embeds[0]["fields"][0]["value"].split("\n"):
        assert re.fullmatch(r"`/ask question: [^`\n]+`", line), line


async def test_help_examples_follow_a_reload_to_another_article(running: Running) -> None:
    first = all_text(await (await running.standin.invoke("help")).wait_message())
    report = running.bot.knowledge.reload(FRONT_MATTER.encode(), actor="test", via="test")
    assert report.ok

    second = all_text(await (await running.standin.invoke("help")).wait_message())

    assert "Brugwachters" not in first
    assert "Wat zegt het artikel over Brugwachters?" in second
