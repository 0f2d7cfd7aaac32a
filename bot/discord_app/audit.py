"""The audit line for /reload attempts that end before the knowledge base is asked.

`KnowledgeBase.reload` audits every reload it runs (accepted or refused for the file's
content). Attempts the bot turns away first (not an admin, not in this server, a reload
in progress, a declared size over the limit, a failed or slow download) get the same
record here: one JSON line in the reload log and one log line, so the trail has every
attempt exactly once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord

from bot.core.knowledge_base import KnowledgeBase, ReloadReport

log = logging.getLogger(__name__)
VIA = "discord"


def actor_of(interaction: discord.Interaction[Any]) -> str:
    """Who asked: name and id (names change, ids don't)."""
    return f"{interaction.user.name} ({interaction.user.id})"


def refusal(
    interaction: discord.Interaction[Any], knowledge: KnowledgeBase, reason: str
) -> ReloadReport:
    """The record of an attempt refused with `reason` (English, as in the log)."""
    served = knowledge.engine
    return ReloadReport(
        ok=False,
        actor=actor_of(interaction),
        via=VIA,
        at=datetime.now(UTC).isoformat(timespec="seconds"),
        path=str(knowledge.path),
        error=reason,
        old_checksum=served.knowledge.checksum,
        passages_before=served.stats.passages,
    )


async def audit_refusal(
    interaction: discord.Interaction[Any], knowledge: KnowledgeBase, reason: str
) -> ReloadReport:
    """Log and append the refusal; a reload log that cannot be written is logged, not raised."""
    report = refusal(interaction, knowledge, reason)
    log.warning("reload refused for %s via %s: %s", report.actor, report.via, reason)
    if knowledge.audit_log is not None:
        await asyncio.to_thread(_append, knowledge.audit_log, report.to_json())
    return report


def _append(path: Path, line: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError as exc:
        log.error("could not append to reload log %s: %s", path, exc.strerror or exc)
