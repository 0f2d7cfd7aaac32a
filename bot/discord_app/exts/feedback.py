"""Feedback: buttons under every answer, unanswered questions logged, and /report.

`/ask` and the message menu call `with_feedback` on each reply; the buttons' classes are
registered here, once, so clicks on any earlier answer reach them after a restart.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Answer
from bot.core.knowledge import KnowledgeFile
from bot.discord_app.access import may_reload
from bot.discord_app.embeds import Reply, defuse
from bot.discord_app.feedback_buttons import ParagraphButton, VoteButton, feedback_view
from bot.discord_app.limits import CONTENT_MAX, EMBED_DESCRIPTION_MAX, EMBED_TITLE_MAX, truncate
from bot.discord_app.replies import respond, respond_error, run_soon
from bot.feedback.log import FeedbackLog, feedback_log_for
from bot.feedback.records import UNANSWERED, QuestionLine, answer_status, now
from bot.feedback.report import AttentionReport, VotedDownAnswer, build_report
from bot.presentation import Language, language_of

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

log = logging.getLogger(__name__)

SHOWN = 10
"""Groups listed per section of /report."""
SNIPPET = 150

MESSAGES: dict[str, dict[Language, str]] = {
    "not_admin": {
        "en": "Only the bot's admins can see the report.",
        "nl": "Alleen de beheerders van de bot kunnen het rapport zien.",
    },
    "title": {"en": "Needs attention", "nl": "Aandachtspunten"},
    "unanswered": {
        "en": "**Unanswered questions** ({total} asked, {distinct} distinct)",
        "nl": "**Onbeantwoorde vragen** ({total} gesteld, {distinct} verschillend)",
    },
    "voted_down": {
        "en": "**Answers voted down** ({down} 👎, {up} 👍 in all)",
        "nl": "**Afgekeurde antwoorden** ({down} 👎, {up} 👍 in totaal)",
    },
    "no_answer": {
        "en": "(the reply said the article doesn't answer)",
        "nl": "(het antwoord zei dat het artikel dit niet beantwoordt)",
    },
    "old_version": {"en": "(an earlier version of the article)", "nl": "(een eerdere versie)"},
    "nothing": {
        "en": "Nothing needs attention: no unanswered questions and no answers voted down "
        "({up} 👍, {down} 👎).",
        "nl": "Niets vraagt aandacht: geen onbeantwoorde vragen en geen afgekeurde antwoorden "
        "({up} 👍, {down} 👎).",
    },
    "no_log": {
        "en": "No feedback has been logged yet.",
        "nl": "Er is nog geen feedback gelogd.",
    },
    "questions_off": {
        "en": " Unanswered questions are logged only with LOG_QUESTIONS=true.",
        "nl": " Onbeantwoorde vragen worden alleen gelogd met LOG_QUESTIONS=true.",
    },
}


def say(key: str, lang: Language, **values: object) -> str:
    """This module's wording in `lang`."""
    return MESSAGES[key][lang].format(**values)


def with_feedback(
    interaction: discord.Interaction[ArticleBot],
    answer: Answer,
    knowledge: KnowledgeFile,
    reply: Reply,
) -> Reply:
    """The reply with its buttons; an unanswered question is logged in the background
    (only with LOG_QUESTIONS=true: questions are members' words)."""
    bot = interaction.client
    status = answer_status(answer)
    if bot.settings.log_questions and status in UNANSWERED:
        line = QuestionLine(
            now(), interaction.guild_id, status, answer.question, knowledge.checksum
        )
        feedback = feedback_log_for(bot.settings, bot.knowledge.path)
        bot.spawn(asyncio.to_thread(_append_or_log, feedback, line))
    lang = language_of(str(interaction.locale))
    return replace(reply, view=feedback_view(answer, knowledge, lang))


def _append_or_log(feedback: FeedbackLog, line: QuestionLine) -> None:
    try:
        feedback.append(line)
    except OSError as exc:
        log.error("could not append to feedback log %s: %s", feedback.path, exc)


def report_reply(report: AttentionReport, lang: Language, *, questions_logged: bool) -> Reply:
    """/report: a sentence when there is nothing, else one embed with both lists."""
    hint = "" if questions_logged else say("questions_off", lang)
    if not report.log_exists:
        return Reply(content=say("no_log", lang) + hint)
    if report.nothing_to_do:
        return Reply(
            content=say("nothing", lang, up=report.votes_up, down=report.votes_down) + hint
        )
    parts: list[str] = []
    if report.unanswered:
        total = sum(g.count for g in report.unanswered)
        parts.append(say("unanswered", lang, total=total, distinct=len(report.unanswered)))
        for group in report.unanswered[:SHOWN]:
            parts.append(f"**{group.count}×** {defuse(_snippet(group.question))}")
    if report.voted_down:
        parts.append("")
        parts.append(say("voted_down", lang, down=report.votes_down, up=report.votes_up))
        for answer in report.voted_down[:SHOWN]:
            parts.append(f"**{answer.down}× 👎** ({answer.up} 👍) {_describe(answer, lang)}")
    embed = discord.Embed(
        title=truncate(say("title", lang), EMBED_TITLE_MAX),
        description=truncate("\n".join(parts), EMBED_DESCRIPTION_MAX),
        colour=discord.Colour.orange(),
    )
    return Reply(content=truncate(hint.strip(), CONTENT_MAX), embeds=[embed])


def _describe(answer: VotedDownAnswer, lang: Language) -> str:
    if answer.quote is None:
        return say("no_answer", lang)
    if answer.text is None:
        return say("old_version", lang)
    return f"“{defuse(_snippet(answer.text))}”"


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1].rstrip() + "…"


class Feedback(commands.Cog):
    """Votes and read-on buttons on answers; the admins' report."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Route clicks on any answer's buttons here, including answers sent before a restart."""
        self.bot.add_dynamic_items(VoteButton, ParagraphButton)

    async def cog_unload(self) -> None:
        """Stop routing clicks here."""
        self.bot.remove_dynamic_items(VoteButton, ParagraphButton)

    @app_commands.command(name="report")
    @app_commands.default_permissions(manage_guild=True)
    async def report(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """What needs attention: unanswered questions and answers voted down (admins only)."""
        lang = language_of(str(interaction.locale))
        settings = self.bot.settings
        if not await may_reload(interaction, settings):
            log.warning("report refused: %s is not an admin", interaction.user.id)
            interaction.extras["outcome"] = "refused"
            await respond_error(interaction, say("not_admin", lang))
            return
        feedback = feedback_log_for(settings, self.bot.knowledge.path)
        knowledge = self.bot.knowledge.knowledge
        report = await run_soon(
            interaction,
            lambda: build_report(feedback.read(), log=feedback.path, knowledge=knowledge),
            ephemeral=True,
        )
        reply = report_reply(report, lang, questions_logged=settings.log_questions)
        await respond(interaction, reply, ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Feedback(bot))
