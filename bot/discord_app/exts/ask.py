"""/ask and the "Ask the article" message menu: a question in, verbatim quotes out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Answer
from bot.discord_app.embeds import Reply, answer_reply
from bot.discord_app.exts.feedback import with_feedback
from bot.discord_app.messages import text
from bot.discord_app.replies import respond, respond_error, run_soon
from bot.presentation import QuestionError, check_question, language_of

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

QUESTION_MAX_LENGTH = 300
"""Discord enforces this on /ask; plenty for a question, short enough to echo back."""


def per_user_rate(interaction: discord.Interaction[ArticleBot]) -> app_commands.Cooldown | None:
    """One question per ASK_COOLDOWN_SECONDS (read per bot, at use); 0 turns it off."""
    seconds = interaction.client.settings.ask_cooldown_seconds
    return app_commands.Cooldown(1, seconds) if seconds > 0 else None


def asker(interaction: discord.Interaction[ArticleBot]) -> tuple[int, int]:
    """The bucket key: this bot's user (a process can run several bots, e.g. in tests)."""
    return (id(interaction.client), interaction.user.id)


ask_cooldown = app_commands.checks.dynamic_cooldown(per_user_rate, key=asker)
"""One decorator holds one mapping: /ask and the message menu share each user's bucket,
so switching between them does not double anyone's allowance."""


class Ask(commands.Cog):
    """Answers questions by quoting the article."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.menu = ask_cooldown(
            app_commands.ContextMenu(name="Ask the article", callback=self.ask_message)
        )
        bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        """Context menus live on the tree, not the Cog: remove ours by hand."""
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question, in Dutch or English.",
        public="Show the answer to everyone in the channel (default: yes).",
    )
    @ask_cooldown
    async def ask(
        self,
        interaction: discord.Interaction[ArticleBot],
        question: app_commands.Range[str, 1, QUESTION_MAX_LENGTH],
        public: bool | None = None,
    ) -> None:
        """Ask a question about the article; the answer quotes it word for word."""
        await self.answer(interaction, question, public=public)

    async def ask_message(
        self, interaction: discord.Interaction[ArticleBot], message: discord.Message
    ) -> None:
        """The chosen message's text is the question."""
        if not message.content.strip():
            interaction.extras["outcome"] = "rejected"
            lang = language_of(str(interaction.locale))
            await respond_error(interaction, text("empty_message", lang))
            return
        await self.answer(interaction, message.content, public=None)

    async def answer(
        self, interaction: discord.Interaction[ArticleBot], question: str, *, public: bool | None
    ) -> None:
        """Validate, answer and build the reply off the event loop, within Discord's limits."""
        settings = self.bot.settings
        lang = language_of(str(interaction.locale))
        try:
            cleaned = check_question(question, lang)
        except QuestionError as problem:
            interaction.extras["outcome"] = "rejected"
            await respond_error(interaction, str(problem))
            return
        ephemeral = not (settings.answers_public if public is None else public)
        knowledge = self.bot.knowledge

        def work() -> tuple[Answer, Reply]:
            answer = knowledge.ask(cleaned, settings.top_k)
            return answer, answer_reply(answer, knowledge.knowledge, lang)

        answer, reply = await run_soon(interaction, work, ephemeral=ephemeral)
        interaction.extras.update(
            question=cleaned,
            answered=answer.answered,
            top_score=answer.best.score if answer.best else None,
        )
        reply = with_feedback(interaction, answer, knowledge.knowledge, reply)
        await respond(interaction, reply, ephemeral=ephemeral)


async def setup(bot: ArticleBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Ask(bot))
