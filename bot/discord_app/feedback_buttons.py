"""The buttons under every answer: 👍 / 👎, "Whole paragraph" per quote, and the source.

They are `DynamicItem`s: everything a click needs (the vote, the answer's status, the
quote's offsets, the file's checksum) is in the button's `custom_id`, and the classes are
registered with the bot at start-up, so a button keeps working after a restart, with
nothing kept in memory per message.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.core.answer import Answer, Status
from bot.core.knowledge import KnowledgeFile
from bot.discord_app.access import place_allowed, tell_not_served_here
from bot.discord_app.embeds import render_quote
from bot.discord_app.limits import EMBED_AUTHOR_MAX, EMBED_DESCRIPTION_MAX, truncate
from bot.discord_app.replies import NO_MENTIONS, respond_error
from bot.feedback.log import feedback_log_for
from bot.feedback.records import VoteLine, answer_status, now, voter_of
from bot.presentation import Language, language_of, source_line

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

log = logging.getLogger(__name__)

CHECKSUM_CHARS = 16
"""Of the file's SHA-256 in a custom_id: plenty to tell versions apart, and it fits."""
URL_MAX = 512
BUTTONS_PER_ROW = 5
OTHER_VERSION = "0"
"""Checksum recorded when the answer came from a version no longer served."""
_STATUS_CODES: dict[Status, str] = {"answered": "a", "unsure": "u", "not_found": "n"}
_STATUS_OF_CODE = {code: status for status, code in _STATUS_CODES.items()}
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_ECHO = re.compile(r"\*\*[^*\n]+:\*\* (?P<question>[^\n]*)")
_UNESCAPE = re.compile(r"\\(.)")

MESSAGES: dict[str, dict[Language, str]] = {
    "whole_paragraph": {"en": "Whole paragraph {n}", "nl": "Hele alinea {n}"},
    "source": {"en": "Source", "nl": "Bron"},
    "voted_up": {
        "en": "Thanks, noted: 👍. Click 👎 to change your vote.",
        "nl": "Bedankt, genoteerd: 👍. Klik op 👎 om je stem te wijzigen.",
    },
    "voted_down": {
        "en": "Thanks, noted: 👎. The admins see which answers miss the mark. "
        "Click 👍 to change your vote.",
        "nl": "Bedankt, genoteerd: 👎. De beheerders zien welke antwoorden niet kloppen. "
        "Klik op 👍 om je stem te wijzigen.",
    },
    "vote_failed": {
        "en": "Sorry, your vote could not be recorded; please try again later.",
        "nl": "Sorry, je stem kon niet worden opgeslagen; probeer het later opnieuw.",
    },
    "article_changed": {
        "en": "The article has been replaced since this answer: ask again to read on.",
        "nl": "Het artikel is sinds dit antwoord vervangen: stel je vraag opnieuw om verder "
        "te lezen.",
    },
    "error": {
        "en": "Sorry, something went wrong while handling that. It has been logged.",
        "nl": "Sorry, er ging iets mis bij het afhandelen daarvan. Het is gelogd.",
    },
}


def say(key: str, lang: Language, **values: object) -> str:
    """This module's wording in `lang`."""
    return MESSAGES[key][lang].format(**values)


class ServedHereOnly:
    """Mixed into the buttons: a click reaches a button without passing the command tree's
    check, so buttons check ALLOWED_GUILD_IDS themselves; elsewhere they record and show
    nothing."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only where the bot serves (ALLOWED_GUILD_IDS)."""
        if place_allowed(interaction, interaction.client.settings):
            return True
        await tell_not_served_here(interaction)
        return False


@dataclass(frozen=True)
class AnswerRef:
    """What a vote records about the answer it is on; lives in the custom_id."""

    status: Status
    quote: tuple[int, int] | None
    checksum: str

    def encode(self) -> str:
        """`a:812-934:0123456789abcdef` (`-` for no quote)."""
        quote = f"{self.quote[0]}-{self.quote[1]}" if self.quote else "-"
        return f"{_STATUS_CODES[self.status]}:{quote}:{self.checksum}"

    @classmethod
    def decode(cls, match: re.Match[str]) -> AnswerRef:
        """From a template match with groups status, qs, qe, checksum."""
        quote = (int(match["qs"]), int(match["qe"])) if match["qs"] is not None else None
        return cls(_STATUS_OF_CODE[match["status"]], quote, match["checksum"])


_REF = r"(?P<status>[anu]):(?:(?P<qs>\d{1,12})-(?P<qe>\d{1,12})|-):(?P<checksum>[0-9a-f]{1,16})"


class VoteButton(
    ServedHereOnly,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"art:vote:(?P<vote>up|down):" + _REF,
):
    """👍 or 👎: appends a vote line; a later click by the same user replaces it."""

    def __init__(self, vote: str, ref: AnswerRef) -> None:
        self.vote = "up" if vote == "up" else "down"
        self.ref = ref
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if self.vote == "up" else "👎",
                custom_id=f"art:vote:{self.vote}:{ref.encode()}",
                row=0,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        """Rebuild the button from its custom_id (also after a restart)."""
        return cls(match["vote"], AnswerRef.decode(match))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Record the vote, then thank the voter privately."""
        lang = language_of(str(interaction.locale))
        try:
            bot: ArticleBot = interaction.client
            message = interaction.message
            assert message is not None  # a button is always on a message
            question = echoed_question(message.content) if bot.settings.log_questions else None
            line = VoteLine(
                at=now(),
                guild=interaction.guild_id,
                message=message.id,
                voter=voter_of(message.id, interaction.user.id),
                vote="up" if self.vote == "up" else "down",
                status=self.ref.status,
                quote=self.ref.quote,
                checksum=self.ref.checksum,
                question=question,
            )
            feedback = feedback_log_for(bot.settings, bot.knowledge.path)
            try:
                await asyncio.to_thread(feedback.append, line)
            except OSError as exc:
                log.error("could not append to feedback log %s: %s", feedback.path, exc)
                await respond_error(interaction, say("vote_failed", lang))
                return
            log.info("vote %s on message %s in guild %s", self.vote, message.id, line.guild)
            await interaction.response.send_message(
                say(f"voted_{self.vote}", lang), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        except Exception:
            log.exception("vote button failed")
            await _tell_error(interaction, lang)


class ParagraphButton(
    ServedHereOnly,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"art:para:(?P<ps>\d{1,12})-(?P<pe>\d{1,12}):(?P<qs>\d{1,12})-(?P<qe>\d{1,12})"
    r":(?P<checksum>[0-9a-f]{1,16})",
):
    """Shows the passage a quote comes from, privately, with the quote in bold."""

    def __init__(
        self,
        passage: tuple[int, int],
        quote: tuple[int, int],
        checksum: str,
        *,
        label: str = "¶",
        row: int | None = None,
    ) -> None:
        self.passage, self.quote, self.checksum = passage, quote, checksum
        custom_id = f"art:para:{passage[0]}-{passage[1]}:{quote[0]}-{quote[1]}:{checksum}"
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary, label=label, custom_id=custom_id
            ),
            row=row,
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        """Rebuild the button from its custom_id (also after a restart)."""
        return cls(
            (int(match["ps"]), int(match["pe"])),
            (int(match["qs"]), int(match["qe"])),
            match["checksum"],
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """The passage, if the file served is still the one the answer quoted."""
        lang = language_of(str(interaction.locale))
        try:
            bot: ArticleBot = interaction.client
            knowledge = bot.knowledge.knowledge
            embed = paragraph_embed(knowledge, self.passage, self.quote, self.checksum)
            if embed is None:
                await respond_error(interaction, say("article_changed", lang))
                return
            await interaction.response.send_message(
                embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        except Exception:
            log.exception("paragraph button failed")
            await _tell_error(interaction, lang)


async def _tell_error(interaction: discord.Interaction[Any], lang: Language) -> None:
    try:
        await respond_error(interaction, say("error", lang))
    except discord.HTTPException:
        log.exception("could not tell the user about a button error")


def paragraph_embed(
    knowledge: KnowledgeFile, passage: tuple[int, int], quote: tuple[int, int], checksum: str
) -> discord.Embed | None:
    """The passage with the quote in bold, or None when the file has changed since."""
    text = knowledge.text
    (ps, pe), (qs, qe) = passage, quote
    if not knowledge.checksum.startswith(checksum) or not 0 <= ps <= qs < qe <= pe <= len(text):
        return None
    embed = discord.Embed(
        description=render_quote(text[ps:pe], [(qs - ps, qe - ps)], EMBED_DESCRIPTION_MAX),
        colour=discord.Colour.blurple(),
    )
    source = source_line(knowledge)
    if source:
        embed.set_author(name=truncate(source, EMBED_AUTHOR_MAX))
    return embed


def feedback_view(answer: Answer, knowledge: KnowledgeFile, lang: Language) -> discord.ui.View:
    """👍 👎 (and the source link) on the first row; a "Whole paragraph" per quote shown."""
    view = discord.ui.View(timeout=None)
    shown = answer.results if answer.answered else answer.results[:1]
    # A reload between answering and replying: the offsets are not this file's, so say
    # "another version" (the report shows no text, no paragraph is offered).
    same_file = all(knowledge.text[r.start : r.end] == r.quote for r in shown)
    checksum = knowledge.checksum[:CHECKSUM_CHARS] if same_file else OTHER_VERSION
    best = answer.best
    ref = AnswerRef(answer_status(answer), (best.start, best.end) if best else None, checksum)
    view.add_item(VoteButton("up", ref))
    view.add_item(VoteButton("down", ref))
    url = source_url(knowledge)
    if url is not None:
        view.add_item(discord.ui.Button(label=say("source", lang), url=url, row=0))
    for index, result in enumerate(shown[: 2 * BUTTONS_PER_ROW] if same_file else []):
        view.add_item(
            ParagraphButton(
                (result.passage_start, result.passage_end),
                (result.start, result.end),
                checksum,
                label=say("whole_paragraph", lang, n=result.paragraph),
                row=1 + index // BUTTONS_PER_ROW,
            )
        )
    return view


def source_url(knowledge: KnowledgeFile) -> str | None:
    """The front matter's source when it is a web address Discord accepts for a link."""
    source = (knowledge.source or "").strip()
    if len(source) > URL_MAX or _URL.fullmatch(source) is None:
        return None
    return source


def echoed_question(content: str) -> str | None:
    """The question as the reply echoes it ("**Question:** …", cut at 300 characters),
    with the echo's Markdown escapes and mention breakers undone."""
    match = _ECHO.match(content)
    if match is None:
        return None
    return _UNESCAPE.sub(r"\1", match["question"].replace("@\u200b", "@")) or None
