"""The embedding cache beside the knowledge file, so a restart is ready at once.

Keyed by the file's checksum, the model's name and the units embedded; anything that
does not match exactly, or cannot be read, counts as no cache. Written atomically.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.core.disk import write_atomically
from bot.core.semantic.encoder import Vectors
from bot.core.semantic.units import Unit

log = logging.getLogger(__name__)
FORMAT = 1


def read_cache(path: Path, *, model: str, checksum: str, units: Sequence[Unit]) -> Vectors | None:
    """The cached vectors when the cache was made for exactly this text, model and units."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            spans = np.asarray(data["spans"])
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("embedding cache %s is unreadable (%s); rebuilding it", path, exc)
        return None
    expected = _spans(units)
    if (
        not isinstance(meta, dict)
        or meta.get("format") != FORMAT
        or meta.get("model") != model
        or meta.get("checksum") != checksum
        or spans.shape != expected.shape
        or not np.array_equal(spans, expected)
        or vectors.ndim != 2
        or len(vectors) != len(units)
        or not np.isfinite(vectors).all()
    ):
        log.info("embedding cache %s is for another text or model; rebuilding it", path)
        return None
    return vectors


def write_cache(
    path: Path, *, model: str, checksum: str, units: Sequence[Unit], vectors: Vectors
) -> None:
    """Store the vectors; a folder that cannot be written only costs the next start time."""
    buffer = io.BytesIO()
    meta = json.dumps({"format": FORMAT, "model": model, "checksum": checksum})
    np.savez(buffer, meta=np.array(meta), spans=_spans(units), vectors=vectors)
    try:
        write_atomically(path, buffer.getvalue())
    except OSError as exc:
        log.warning("could not write the embedding cache %s: %s", path, exc)


def _spans(units: Sequence[Unit]) -> npt.NDArray[np.int64]:
    return np.array([(u.start, u.end, u.passage) for u in units], dtype=np.int64).reshape(-1, 3)
