"""The embeddings of one knowledge file, and how they are built or read back.

Built off the event loop after every (re)load: until it is ready, answers are lexical.
A file with more units than `max_units` is not embedded at all (embedding runs at tens of
milliseconds a sentence on one core), and the bot says so instead of half-serving it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.core.knowledge import KnowledgeFile
from bot.core.passages import Passage
from bot.core.semantic.cache import read_cache, write_cache
from bot.core.semantic.encoder import Encoder, Vectors
from bot.core.semantic.units import Unit, semantic_units, unit_texts

log = logging.getLogger(__name__)
BATCH = 32
"""Units embedded per call: large enough to amortise set-up, small enough to log progress."""


@dataclass(frozen=True)
class SemanticIndex:
    """Unit-length embeddings of every unit of one knowledge file, for one model."""

    model: str
    checksum: str
    units: tuple[Unit, ...]
    vectors: Vectors
    build_seconds: float
    from_cache: bool

    def similarities(self, query: Vectors) -> Vectors:
        """Cosine similarity of the question to every unit."""
        scores: Vectors = self.vectors @ query
        return scores


def build_semantic_index(
    knowledge: KnowledgeFile,
    passages: Sequence[Passage],
    encoder: Encoder,
    *,
    cache_path: Path | None,
    max_units: int,
    max_pair_chars: int = 400,
) -> SemanticIndex:
    """Read the cached embeddings when they match this file and model, else embed and cache.

    A cache that does not match exactly (other text, other model, other units, damaged)
    is never served: it is rebuilt and overwritten.
    """
    started = time.perf_counter()
    units = tuple(semantic_units(passages, max_units, max_pair_chars))
    vectors = None
    if cache_path is not None:
        vectors = read_cache(
            cache_path, model=encoder.name, checksum=knowledge.checksum, units=units
        )
    from_cache = vectors is not None
    if vectors is None:
        texts = unit_texts(knowledge.text, units)
        parts = [encoder.embed_passages(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        vectors = np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)
        if cache_path is not None:
            write_cache(
                cache_path,
                model=encoder.name,
                checksum=knowledge.checksum,
                units=units,
                vectors=vectors,
            )
    elapsed = time.perf_counter() - started
    return SemanticIndex(encoder.name, knowledge.checksum, units, vectors, elapsed, from_cache)


def cache_path_for(knowledge_path: Path) -> Path:
    """Where the embeddings of a knowledge file are cached: beside it."""
    return knowledge_path.with_name(knowledge_path.name + ".embeddings.npz")
