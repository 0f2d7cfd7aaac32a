"""Start the stand-in and the real bot on 127.0.0.1, one pair per test.

Each test gets a fresh bot over a temporary copy of the article, so reloads, cooldowns
and settings never leak between tests; start-up takes a fraction of a second.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from bot.discord_app.client import ArticleBot
from bot.settings import Settings
from bot.wiring import open_knowledge_base
from tests.conftest import ARTICLE
from tests.discord_app.support import TOKEN, standin_settings
from tests.standin import (
    DiscordStandIn,
    GuildSpec,
    InteractionRecord,
    SentMessage,
    running_client,
)
from tests.standin.harness import discord_pointed_at

BATTLE_GROUP = "Waar zou de battle group gestationeerd worden?"


@dataclass
class Running:
    """A connected bot, its stand-in, and the knowledge file it serves."""

    standin: DiscordStandIn
    bot: ArticleBot
    settings: Settings
    knowledge_file: Path
    expect_violations: bool = False

    async def ask(self, question: str, **kwargs: Any) -> InteractionRecord:
        """Send /ask with `question` (and `public=` if given) as a user would."""
        options: dict[str, Any] = {"question": question}
        if "public" in kwargs:
            options["public"] = kwargs.pop("public")
        return await self.standin.invoke("ask", options, **kwargs)

    async def answer(self, question: str, **kwargs: Any) -> SentMessage:
        """Ask and wait for the visible reply."""
        record = await self.ask(question, **kwargs)
        return await record.wait_message(timeout=5)

    @property
    def guild(self) -> GuildSpec:
        """The stand-in's default guild (members: owner, tester, moderator; roles)."""
        return self.standin.guild


class StartBot(Protocol):
    def __call__(
        self,
        *,
        knowledge_text: str | bytes | None = None,
        standin_options: dict[str, Any] | None = None,
        watch_debounce_ms: int = 100,
        **settings: Any,
    ) -> Awaitable[Running]: ...


def all_text(message: SentMessage) -> str:
    """Content and every embed string of a message, for "does it say X" assertions."""
    parts = [message.content]
    for embed in message.embeds:
        parts.append(str(embed.get("title", "")))
        parts.append(str(embed.get("description", "")))
        parts.append(str((embed.get("footer") or {}).get("text", "")))
        parts.append(str((embed.get("author") or {}).get("name", "")))
        for item in embed.get("fields", []):
            parts.append(f"{item['name']}: {item['value']}")
    return "\n".join(parts)


_MARKUP = re.compile(r"\\(.)|\*\*|(.)", re.DOTALL)
_BADGE = re.compile(
    r"(?<!\\)<(?:@[!&]?\d+|#\d+|t:-?\d+(?::\w)?|a?:\w+:\d+|/[^:>]+:\d+)>|@(?:everyone|here)"
    r"|(?<!\\)\[[^\]]*\]\("
)


def badges(text: str) -> list[str]:
    """What Discord would render as a mention, channel, time or emoji badge, or a masked link."""
    return [m.group(0) for m in _BADGE.finditer(text)]


def plain(markdown: str) -> str:
    """Markdown of a quote back to its text: block-quote marks, bold marks, escapes and the
    zero-width space after "@" undone.

    Every literal `*` in the text is escaped, so an unescaped `**` is always a bold mark.
    """
    body = "\n".join(line.removeprefix("> ") for line in markdown.split("\n"))
    text = "".join(m.group(1) or m.group(2) or "" for m in _MARKUP.finditer(body))
    return text.replace("@\u200b", "@")


@pytest.fixture
def knowledge_file(tmp_path: Path) -> Path:
    """A private copy of the shipped article, in its own folder (history goes beside it)."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    target = folder / "article.txt"
    shutil.copyfile(ARTICLE, target)
    return target


@pytest.fixture
async def start_bot(knowledge_file: Path) -> AsyncIterator[StartBot]:
    """Factory: start a stand-in and the bot with settings overrides; tear both down.

    Teardown asserts the stand-in saw no Discord rule broken, unless the test said it
    expects violations.
    """
    stack = contextlib.AsyncExitStack()
    started: list[Running] = []

    async def start(
        *,
        knowledge_text: str | bytes | None = None,
        standin_options: dict[str, Any] | None = None,
        watch_debounce_ms: int = 100,
        **overrides: Any,
    ) -> Running:
        if knowledge_text is not None:
            data = knowledge_text.encode() if isinstance(knowledge_text, str) else knowledge_text
            knowledge_file.write_bytes(data)
        standin = await stack.enter_async_context(
            DiscordStandIn(token=TOKEN, **(standin_options or {}))
        )
        settings = standin_settings(
            standin, knowledge_file, **{"attachment_timeout_seconds": 2, **overrides}
        )
        knowledge = open_knowledge_base(settings)
        bot = ArticleBot(
            settings, knowledge, watch_debounce_ms=watch_debounce_ms, guild_ready_timeout=0.05
        )
        stack.enter_context(discord_pointed_at(standin))
        await stack.enter_async_context(running_client(standin, bot, timeout=10))
        running = Running(standin, bot, settings, knowledge_file)
        started.append(running)
        return running

    try:
        yield start
    finally:
        await stack.aclose()
    for running in started:
        if not running.expect_violations:
            assert running.standin.violations == []
            assert running.standin.internal_errors == []


@pytest.fixture
async def running(start_bot: StartBot) -> Running:
    """The bot with default test settings over the shipped article."""
    return await start_bot()
