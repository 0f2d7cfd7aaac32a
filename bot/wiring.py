"""Build the core's objects from the settings, the same way for every front end."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.core.knowledge_base import KnowledgeBase
from bot.settings import PACKAGED_ARTICLE, CoreSettings

log = logging.getLogger(__name__)


def open_knowledge_base(settings: CoreSettings, path: Path | None = None) -> KnowledgeBase:
    """Load `path` (default KNOWLEDGE_FILE) with the configured limits, history and audit log.

    Logs (at INFO, which `run` shows) which file is served, so an admin sees at start-up
    whether it is their article or the packaged sample. Raises KnowledgeError when the
    file cannot be served.
    """
    path = path or settings.knowledge_file
    base = KnowledgeBase(
        path,
        max_bytes=settings.max_knowledge_bytes,
        history_keep=settings.knowledge_history_keep,
        audit_log=settings.reload_log_file or settings.default_reload_log(path),
    )
    sample = " (the sample article shipped with the package; set KNOWLEDGE_FILE)"
    log.info(
        "serving %s%s: %d passages, sha256 %s",
        path,
        sample if path == PACKAGED_ARTICLE else "",
        base.engine.stats.passages,
        base.knowledge.short_checksum,
    )
    return base
