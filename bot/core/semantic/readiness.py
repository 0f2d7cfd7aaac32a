"""What `check` says of the semantic stage for a file, without embedding anything."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.config import DEFAULT
from bot.core.knowledge import KnowledgeFile
from bot.core.passages import Passage
from bot.core.semantic.cache import read_cache
from bot.core.semantic.encoder import load_encoder
from bot.core.semantic.index import cache_path_for
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
    cached = knowledge.path is not None and (
        read_cache(
            cache_path_for(knowledge.path),
            model=status.encoder.name,
            checksum=knowledge.checksum,
            units=units,
        )
        is not None
    )
    ready = "embeddings cached" if cached else "embeddings are built at the first start"
    return f"on ({status.encoder.name}, {len(units):,} sentences and pairs, {ready})"
