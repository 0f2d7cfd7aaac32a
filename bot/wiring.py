"""Build the core's objects from the settings, the same way for every front end."""

from __future__ import annotations

from pathlib import Path

from bot.core.knowledge_base import KnowledgeBase
from bot.core.semantic.encoder import load_encoder
from bot.settings import Settings


def open_knowledge_base(
    settings: Settings, path: Path | None = None, *, wait_for_meaning: bool = False
) -> KnowledgeBase:
    """Load `path` (default KNOWLEDGE_FILE) with the configured limits, history, audit log
    and sentence encoder (embeddings built in the background unless `wait_for_meaning`).

    Raises KnowledgeError when the file cannot be served.
    """
    path = path or settings.knowledge_file
    return KnowledgeBase(
        path,
        max_bytes=settings.max_knowledge_bytes,
        history_keep=settings.knowledge_history_keep,
        audit_log=settings.reload_log_file or settings.default_reload_log(path),
        encoder=load_encoder(settings.semantic_encoder),
        wait_for_meaning=wait_for_meaning,
    )
