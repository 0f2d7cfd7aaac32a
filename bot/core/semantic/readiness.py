"""What `check` says of the semantic stage for a file, without embedding anything."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.config import DEFAULT
from bot.core.passages import Passage
from bot.core.semantic.encoder import load_encoder
from bot.core.semantic.units import TooLarge, semantic_units


def semantic_check(passages: Sequence[Passage], encoder: str) -> str:
    """ "on (model, size)", or "off: why" (answers by words only)."""
    status = load_encoder(encoder)
    if status.encoder is None:
        return f"off: {status.reason} (answers by words only)"
    limit = DEFAULT.semantic_max_units
    try:
        units = semantic_units(passages, limit, DEFAULT.max_quote_chars)
    except TooLarge as exc:
        return f"off for this file: {exc} (answers by words only)"
    return f"on ({status.encoder.name}, {len(units):,} sentences and pairs)"
