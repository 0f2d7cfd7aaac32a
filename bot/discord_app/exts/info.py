"""/about (which article is served) and /help (how to ask, with examples)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.knowledge_base import KnowledgeBase
from bot.discord_app.embeds import Reply
from bot.discord_app.limits import EMBED_FIELD_VALUE_MAX, EMBED_TITLE_MAX, truncate
from bot.discord_app.messages import text
from bot.discord_app.replies import respond, run_soon
from bot.discord_app.safe_text import code_span, plain_fit
from bot.discord_app.shards import shard_of
from bot.presentation import Language, language_of, semantic_summary

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

_WEB_ADDRESS = re.compile(r"https?://[^\s<>()\[\]`*_~|@]+")

EXAMPLES = (
    "Waar zou de battle group gestationeerd worden?",
    "Hoeveel Russische troepen staan aan de grens?",
)
"""Questions the shipped article answers; replaced when another article is loaded."""


def example_questions(knowledge: KnowledgeBase) -> list[str]:
    """Two questions the served article answers, so /help never shows a dud example.

    The shipped examples when the article answers them, otherwise questions about the
    article's section headings (or its title). Worked out once per served file: finding
    headings may read every passage of a large file.
    """
    checksum = knowledge.knowledge.checksum
    cached = _examples.get(checksum)
    if cached is None:
        cached = _examples_for(knowledge)
        _examples.clear()  # only the served file's examples are ever asked for
        _examples[checksum] = cached
    return list(cached)


_examples: dict[str, list[str]] = {}


def _examples_for(knowledge: KnowledgeBase) -> list[str]:
    answered = [q for q in EXAMPLES if knowledge.ask(q, 1).answered]
    if len(answered) == len(EXAMPLES):
        return answered
    topics: list[str] = []
    for passage in knowledge.engine.passages:
        if passage.section and passage.section not in topics:
            topics.append(passage.section)
            if len(topics) == len(EXAMPLES):
                break
    if not topics and knowledge.knowledge.title:
        topics = [knowledge.knowledge.title]
    made = [f"Wat zegt het artikel over {topic}?" for topic in topics]
    return (made + answered + list(EXAMPLES))[: len(EXAMPLES)]


def shown_source(source: str) -> str:
    """A plain web address as it is (Discord links it), anything else as plain text."""
    if _WEB_ADDRESS.fullmatch(source) and len(source) <= EMBED_FIELD_VALUE_MAX:
        return source
    return plain_fit(source, EMBED_FIELD_VALUE_MAX)


def about_embed(
    knowledge: KnowledgeBase, lang: Language, *, shard: str | None = None
) -> discord.Embed:
    """Title, source, size of the index, checksum and load time of the served article;
    `shard` (`id/count`) says which gateway shard, hence which process, answered.

    Title, source, date and file name come from the file: shown as plain text.
    """
    served = knowledge.knowledge
    stats = knowledge.engine.stats
    name = served.path.name if served.path else str(knowledge.path)
    title = plain_fit(served.title, EMBED_TITLE_MAX) if served.title else text("about_title", lang)
    embed = discord.Embed(title=title, colour=discord.Colour.blurple())
    if served.source:
        embed.add_field(name=text("source", lang), value=shown_source(served.source))
    if served.date:
        embed.add_field(name="📅", value=plain_fit(served.date, EMBED_FIELD_VALUE_MAX))
    embed.add_field(name=text("file", lang), value=plain_fit(name, EMBED_FIELD_VALUE_MAX))
    embed.add_field(name=text("paragraphs", lang), value=str(stats.paragraphs))
    embed.add_field(name=text("passages", lang), value=str(stats.passages))
    embed.add_field(name=text("checksum", lang), value=f"`{served.short_checksum}`")
    loaded = int(knowledge.loaded_at.timestamp())
    embed.add_field(name=text("loaded_at", lang), value=f"<t:{loaded}:f> (<t:{loaded}:R>)")
    embed.add_field(
        name=text("semantic", lang),
        value=truncate(semantic_summary(knowledge.semantic_state, lang), EMBED_FIELD_VALUE_MAX),
    )
    if shard is not None:
        embed.add_field(name="Shard", value=shard)
    if knowledge.reloading:
        embed.set_footer(text=text("reloading_now", lang))
    return embed


def help_embed(examples: list[str], lang: Language) -> discord.Embed:
    """How to ask, in the user's language, with example questions to copy."""
    embed = discord.Embed(
        title=text("help_title", lang),
        description=text("help_body", lang),
        colour=discord.Colour.blurple(),
    )
    command = "/vraag vraag:" if lang == "nl" else "/ask question:"
    room = EMBED_FIELD_VALUE_MAX // max(len(examples), 1) - len(command) - 4
    spans = [code_span(f"{command} {truncate(q, room)}") for q in examples]
    embed.add_field(name=text("examples", lang), value="\n".join(spans) or "…")
    return embed


class Info(commands.Cog):
    """What the bot serves and how to use it."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    @app_commands.command(name="about")
    async def about(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Which article the bot answers from, and when it was loaded."""
        lang = language_of(str(interaction.locale))
        count = self.bot.shard_count or 1
        shard = f"{shard_of(interaction.guild_id, count)}/{count}"
        reply = Reply(content="", embeds=[about_embed(self.bot.knowledge, lang, shard=shard)])
        await respond(interaction, reply, ephemeral=True)

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """How to ask the bot a question, with examples."""
        lang = language_of(str(interaction.locale))
        knowledge = self.bot.knowledge
        examples = await run_soon(interaction, lambda: example_questions(knowledge), ephemeral=True)
        reply = Reply(content="", embeds=[help_embed(examples, lang)])
        await respond(interaction, reply, ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Info(bot))
