"""Answering an interaction once, in time, and never pinging anyone.

Discord allows exactly one initial response within 3 s; after a defer the "thinking"
message must be edited, and its visibility is fixed at defer time. These helpers keep
that bookkeeping (in `interaction.extras`) so commands and the error handler agree.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import discord

from bot.discord_app.embeds import Reply

log = logging.getLogger(__name__)

T = TypeVar("T")
NO_MENTIONS = discord.AllowedMentions.none()
DEFER_AFTER_SECONDS = 0.25
"""Work that is not done by then is deferred ("thinking…") and the answer edited in."""
PLACEHOLDER = "…"
"""Briefly replaces a public "thinking…" message that is withdrawn after an error."""


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
    """Acknowledge now and show "thinking…"; the reply must later edit it."""
    if interaction.response.is_done():
        return
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    interaction.extras["deferred"] = "ephemeral" if ephemeral else "public"


async def run_soon(
    interaction: discord.Interaction[Any],
    work: Callable[[], T],
    *,
    ephemeral: bool,
    defer_after: float = DEFER_AFTER_SECONDS,
) -> T:
    """Run `work` in a thread; defer the interaction if it is not done in `defer_after` s.

    Quick work (most questions take about a millisecond) gets a direct reply with no
    extra round trip; slow work (a huge file, a busy machine) still meets the 3 s
    deadline, and the event loop never waits on the CPU.
    """
    task = asyncio.ensure_future(asyncio.to_thread(work))
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if not done:
        await defer(interaction, ephemeral=ephemeral)
    return await task


async def respond(interaction: discord.Interaction[Any], reply: Reply, *, ephemeral: bool) -> None:
    """Send `reply` as the response, or put it in place of the "thinking…" message."""
    if not interaction.response.is_done():
        await interaction.response.send_message(
            reply.content or None,
            embeds=reply.embeds,
            ephemeral=ephemeral,
            allowed_mentions=NO_MENTIONS,
            view=reply.view or discord.utils.MISSING,
        )
    elif interaction.extras.get("deferred") and not interaction.extras.get("resolved"):
        await interaction.edit_original_response(
            content=reply.content or None,
            embeds=reply.embeds,
            allowed_mentions=NO_MENTIONS,
            view=reply.view or discord.utils.MISSING,
        )
    else:
        await interaction.followup.send(
            reply.content,
            embeds=reply.embeds,
            ephemeral=ephemeral,
            allowed_mentions=NO_MENTIONS,
            view=reply.view or discord.utils.MISSING,
        )
    interaction.extras["resolved"] = True


async def respond_error(interaction: discord.Interaction[Any], message: str) -> None:
    """Tell only the user what went wrong, whatever state the interaction is in.

    After a public defer the first followup would resolve the public "thinking…"
    message and inherit its visibility, so that message is resolved with a neutral
    placeholder and deleted first; the error then goes out as an ephemeral followup.
    """
    deferred = interaction.extras.get("deferred")
    resolved = interaction.extras.get("resolved")
    if not interaction.response.is_done():
        await interaction.response.send_message(
            message, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
    elif deferred == "ephemeral" and not resolved:
        await interaction.edit_original_response(
            content=message, embeds=[], allowed_mentions=NO_MENTIONS
        )
    else:
        if deferred == "public" and not resolved:
            try:
                await interaction.edit_original_response(content=PLACEHOLDER)
                await interaction.delete_original_response()
            except discord.HTTPException:
                log.warning("could not withdraw the public thinking message", exc_info=True)
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
    interaction.extras["resolved"] = True
