"""What `check` says of the semantic stage for a file, without embedding anything."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.config import DEFAULT
from bot.core.knowledge import KnowledgeFile
from bot.core.passages import Passage
from bot.core.semantic.encoder import load_encoder
from bot.core.semantic.units import semantic_units


def semantic_check(knowledge: KnowledgeFile, passages: Sequence[Passage], encoder: str) -> str:
    """ "on, …" with whether the embeddings are cached, or "off: why" (answers by words)."""
    status = load_encoder(encoder)
    if status.encoder is None:
        return f"off: {status.reason} (answers by words only)"
    units = semantic_units(passages)
    limit = DEFAULT.semantic_max_units
    if len(units) > limit:
        return (
            f"off for this file: {len(units):,} sentences and pairs, over the limit of "
            f"{limit:,} (answers by words only)"
        )
    return f"on ({status.encoder.name}, {len(units):,} sentences and pairs)"
