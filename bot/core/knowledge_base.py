"""The knowledge currently served, and the one safe way to replace it.

A reload validates and builds the new engine first, then swaps one reference: questions
in flight keep the engine they started with, and a failed reload changes nothing.
Reloads are serialised by a lock; callers that must not wait (a second /reload) ask
with `wait=False` and get `ReloadInProgress`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core import answering
from bot.core.answer import Answer
from bot.core.config import DEFAULT, RetrievalConfig
from bot.core.engine import DEFAULT_TOP_K, Engine
from bot.core.knowledge import KnowledgeError, KnowledgeFile, decode_knowledge, load_knowledge
from bot.core.semantic.encoder import EncoderStatus
from bot.core.semantic.index import build_semantic_index, cache_path_for
from bot.core.semantic.units import TooLarge
from bot.core.synonyms import load_synonyms_for

log = logging.getLogger(__name__)
TEMP_SUFFIX = ".tmp"


class ReloadInProgress(RuntimeError):
    """Another reload holds the lock."""

    def __init__(self) -> None:
        super().__init__("a reload is in progress; try again in a few seconds")


@dataclass(frozen=True)
class ReloadReport:
    """What a reload attempt did: the audit record and the admin's reply."""

    ok: bool
    actor: str
    via: str
    at: str
    path: str
    error: str | None = None
    old_checksum: str | None = None
    new_checksum: str | None = None
    passages_before: int | None = None
    passages_after: int | None = None
    title: str | None = None
    build_seconds: float | None = None
    history_file: str | None = None

    def to_json(self) -> str:
        """One JSON line for the reload log."""
        return json.dumps(asdict(self), ensure_ascii=False)


class KnowledgeBase:
    """Holds the current `Engine` for a knowledge file path and swaps it atomically."""

    def __init__(
        self,
        path: Path,
        *,
        max_bytes: int,
        history_keep: int = 10,
        audit_log: Path | None = None,
        encoder: EncoderStatus | None = None,
        wait_for_meaning: bool = False,
        config: RetrievalConfig = DEFAULT,
    ) -> None:
        """Load and index `path` now; raises KnowledgeError when it cannot be served.

        With an `encoder`, the file's embeddings are built (or read from their cache) after
        every load: in the background, answering lexically meanwhile, or before returning
        with `wait_for_meaning` (the command line, whose answers must not depend on timing).
        """
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.history_keep = history_keep
        self.audit_log = audit_log
        self._lock = threading.Lock()
        self.encoder = encoder or EncoderStatus(None, "no sentence encoder was configured")
        self.wait_for_meaning = wait_for_meaning
        self.config = config
        self._meaning: answering.Meaning | None = None
        self._semantic_state = self.encoder.reason
        knowledge = load_knowledge(self.path, max_bytes=max_bytes)
        self._engine = Engine(knowledge, synonyms=load_synonyms_for(self.path))
        _warm_up_in_background(self._engine)
        self._embed(self._engine)
        remove_stale_temporaries(self.path)
        self.loaded_at = datetime.now(UTC)
        self.listeners: list[Callable[[ReloadReport], None]] = []
        """Called after every reload attempt (the Discord client wakes its waiters)."""

    @property
    def engine(self) -> Engine:
        """The engine serving now; hold on to it for the whole of one question."""
        return self._engine

    @property
    def knowledge(self) -> KnowledgeFile:
        """The knowledge file serving now."""
        return self._engine.knowledge

    @property
    def reloading(self) -> bool:
        """True while a reload is running."""
        return self._lock.locked()

    @property
    def semantic_state(self) -> str:
        """ "ready", "building", or why answers are lexical: for `check`, `/about`, logs."""
        return self._semantic_state

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K) -> Answer:
        """Answer from the engine current at the time of the call (and its embeddings, once
        they are ready)."""
        return self.asker(self.config)(question, top_k)

    def asker(self, config: RetrievalConfig) -> Callable[..., Answer]:
        """`ask` with other tunables (the served engine's file and embeddings), for
        `eval --ablate`."""
        engine, meaning = self._engine, self._meaning
        if config is not self.config:
            engine = engine.with_config(config)

        def ask(question: str, top_k: int = DEFAULT_TOP_K) -> Answer:
            return answering.answer(engine, question, top_k, meaning, config)[0]

        return ask

    def _embed(self, engine: Engine) -> None:
        """Build `engine`'s embeddings and serve them if it is still the current engine."""
        encoder = self.encoder.encoder
        if encoder is None:
            return
        self._semantic_state = "building"

        def build() -> None:
            try:
                index = build_semantic_index(
                    engine.knowledge,
                    engine.passages,
                    encoder,
                    cache_path=cache_path_for(self.path),
                    max_units=self.config.semantic_max_units,
                )
            except TooLarge as exc:
                state = str(exc)
                log.info("semantic search is off for this file: %s", state)
            except Exception as exc:  # an encoder failure must never take answering down
                log.exception("building the embeddings failed; answering lexically")
                state = f"building the embeddings failed ({exc})"
            else:
                if self._engine is not engine:
                    return
                self._meaning = answering.Meaning(encoder, index)
                state = "ready"
                log.info(
                    "semantic search ready: %d units in %.2fs%s",
                    len(index.units),
                    index.build_seconds,
                    " (from cache)" if index.from_cache else "",
                )
            if self._engine is engine:
                self._semantic_state = state

        if self.wait_for_meaning:
            build()
        else:
            threading.Thread(target=build, name="semantic-index", daemon=True).start()

    def reload(
        self,
        data: bytes | None = None,
        *,
        actor: str = "system",
        via: str = "api",
        wait: bool = True,
    ) -> ReloadReport:
        """Re-read the file (or install `data` as the new file); never raises KnowledgeError.

        With `data`, the bytes are validated and indexed before anything on disk changes;
        then the old file goes to the history folder and the new one is written atomically.
        """
        if not self._lock.acquire(blocking=wait):
            raise ReloadInProgress
        try:
            report = self._reload_locked(data, actor=actor, via=via)
        finally:
            self._lock.release()
        self._audit(report)
        return report

    def _reload_locked(self, data: bytes | None, *, actor: str, via: str) -> ReloadReport:
        old = self._engine
        base = {
            "actor": actor,
            "via": via,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "path": str(self.path),
            "old_checksum": old.knowledge.checksum,
            "passages_before": old.stats.passages,
        }
        history: Path | None = None
        try:
            if data is None:
                knowledge = load_knowledge(self.path, max_bytes=self.max_bytes)
            else:
                if len(data) > self.max_bytes:
                    raise KnowledgeError(
                        f"the file is {len(data):,} bytes, over the limit of "
                        f"{self.max_bytes:,} bytes (MAX_KNOWLEDGE_BYTES)"
                    )
                knowledge = decode_knowledge(data, path=self.path)
            new = Engine(knowledge, synonyms=load_synonyms_for(self.path))
            if data is not None:
                history = self._keep_history()
                write_atomically(self.path, data)
        except KnowledgeError as exc:
            return ReloadReport(ok=False, error=str(exc), **base)  # type: ignore[arg-type]
        except OSError as exc:
            error = f"could not write {self.path}: {exc.strerror or exc}"
            return ReloadReport(ok=False, error=error, **base)  # type: ignore[arg-type]
        self._engine = new
        self.loaded_at = datetime.now(UTC)
        _warm_up_in_background(new)
        self._embed(new)
        return ReloadReport(
            ok=True,
            new_checksum=new.knowledge.checksum,
            passages_after=new.stats.passages,
            title=new.knowledge.title,
            build_seconds=round(new.stats.build_seconds, 4),
            history_file=str(history) if history else None,
            **base,  # type: ignore[arg-type]
        )

    def _keep_history(self) -> Path | None:
        """Copy the current file into `history/` beside it and prune to the newest N."""
        if not self.path.exists() or self.history_keep <= 0:
            return None
        folder = self.path.parent / "history"
        folder.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{self.path.stem}.{stamp}{self.path.suffix}"
        shutil.copy2(self.path, target)
        kept = sorted(folder.glob(f"{self.path.stem}.*{self.path.suffix}"))
        for stale in kept[: -self.history_keep]:
            stale.unlink(missing_ok=True)
        return target

    def _audit(self, report: ReloadReport) -> None:
        if report.ok:
            log.info(
                "reload ok by %s via %s: %s → %s, passages %s → %s, %.3fs",
                report.actor,
                report.via,
                (report.old_checksum or "")[:12],
                (report.new_checksum or "")[:12],
                report.passages_before,
                report.passages_after,
                report.build_seconds or 0.0,
            )
        else:
            log.warning("reload refused for %s via %s: %s", report.actor, report.via, report.error)
        if self.audit_log is not None:
            try:
                with self.audit_log.open("a", encoding="utf-8") as fh:
                    fh.write(report.to_json() + "\n")
            except OSError as exc:
                log.error("could not append to reload log %s: %s", self.audit_log, exc)
        for listener in self.listeners:
            listener(report)


def _warm_up_in_background(engine: Engine) -> None:
    """Serve at once; build the first-question look-up tables beside the first questions."""
    threading.Thread(target=engine.warm_up, name="engine-warm-up", daemon=True).start()


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path` (never the file itself)."""
    for stale in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        try:
            stale.unlink()
        except OSError as exc:
            log.warning("could not remove stale temporary file %s: %s", stale, exc)


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over `path`.

    A crash at any point leaves either the old file or the new one, never a partial one.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
