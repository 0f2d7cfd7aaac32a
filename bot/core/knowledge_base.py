"""The knowledge currently served, and the one safe way to replace it.

A reload validates and builds the new engine first, then swaps one reference: questions
in flight keep the engine they started with, and a failed reload changes nothing.
Reloads are serialised by a lock; callers that must not wait (a second /reload) ask
with `wait=False` and get `ReloadInProgress`. Re-reads asked for while one runs (SIGHUP,
the file watcher, a /reload without a file) are coalesced: however many arrive, one
more re-read follows the running one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core import answering, history
from bot.core.answer import Answer
from bot.core.config import DEFAULT, RetrievalConfig
from bot.core.disk import TEMP_SUFFIX, remove_stale_temporaries, write_atomically
from bot.core.engine import DEFAULT_TOP_K, Engine
from bot.core.knowledge import (
    KnowledgeError,
    KnowledgeFile,
    decode_knowledge,
    read_knowledge_bytes,
)
from bot.core.semantic.encoder import EncoderStatus
from bot.core.semantic.index import build_semantic_index, cache_path_for
from bot.core.semantic.units import TooLarge
from bot.core.synonyms import load_synonyms_for

__all__ = [
    "TEMP_SUFFIX",
    "KnowledgeBase",
    "ReloadInProgress",
    "ReloadReport",
    "remove_stale_temporaries",
    "write_atomically",
]

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class _Request:
    """A re-read asked for while another reload ran."""

    actor: str
    via: str
    only_if_changed: bool


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
        self._pending_lock = threading.Lock()
        self._pending: _Request | None = None
        self._served = read_knowledge_bytes(self.path, max_bytes=max_bytes)
        knowledge = decode_knowledge(self._served, path=self.path)
        self._engine = Engine(knowledge, synonyms=load_synonyms_for(self.path))
        _warm_up_in_background(self._engine)
        self._embed(self._engine)
        remove_stale_temporaries(self.path)
        history.remove_stale_history_temporaries(self.path)
        self.loaded_at = datetime.now(UTC)
        self.listeners: list[Callable[[ReloadReport], None]] = []
        """Called after every reload attempt the knowledge base runs, coalesced ones too."""

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
        return answering.answer(self._engine, question, top_k, self._meaning, self.config)[0]

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
                    max_pair_chars=self.config.max_quote_chars,
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
        then the served version goes to the history folder and the new one is written
        atomically. With `wait=False` and a reload running, raises ReloadInProgress; a
        re-read (no `data`) asked for that way still runs once after the running one.
        """
        if not self._lock.acquire(blocking=wait):
            if data is None:
                self._add_request(_Request(actor, via, only_if_changed=False))
                self._run_requests_in_background()  # in case the lock was freed just now
            raise ReloadInProgress
        try:
            report = self._reload_locked(data, actor=actor, via=via)
        finally:
            self._lock.release()
        self._audit(report)
        if self._has_request():
            self._run_requests_in_background()
        return report

    def _run_requests_in_background(self) -> None:
        threading.Thread(target=self._run_requests, name="reload-again", daemon=True).start()

    def request_reload(
        self, *, actor: str = "system", via: str = "api", only_if_changed: bool = False
    ) -> ReloadReport | None:
        """Re-read the file now, or once after the reload that is running (however many
        ask meanwhile: SIGHUP storms, an editor's many writes). The report when this call
        ran the re-read; None when it was left to the running reload, or skipped because
        `only_if_changed` and the file on disk holds the bytes served (our own upload)."""
        self._add_request(_Request(actor, via, only_if_changed))
        return self._run_requests()

    def _add_request(self, request: _Request) -> None:
        with self._pending_lock:
            earlier = self._pending
            if earlier is not None and not earlier.only_if_changed:
                request = _Request(request.actor, request.via, only_if_changed=False)
            self._pending = request

    def _has_request(self) -> bool:
        with self._pending_lock:
            return self._pending is not None

    def _run_requests(self) -> ReloadReport | None:
        """Run pending re-reads until none is left or another thread holds the lock; that
        thread looks again after releasing it, so no request is ever lost."""
        report = None
        while self._has_request():
            if not self._lock.acquire(blocking=False):
                return report
            try:
                with self._pending_lock:
                    request, self._pending = self._pending, None
                result = None
                if request is not None and not (
                    request.only_if_changed and self._disk_holds_served()
                ):
                    result = self._reload_locked(None, actor=request.actor, via=request.via)
            finally:
                self._lock.release()
            if result is not None:
                self._audit(result)
                report = result
        return report

    def _disk_holds_served(self) -> bool:
        """The file and the synonyms beside it on disk are those served (a watcher's
        change is then our own upload, or nothing)."""
        try:
            data = read_knowledge_bytes(self.path, max_bytes=self.max_bytes)
            synonyms = load_synonyms_for(self.path)
        except KnowledgeError:
            return False
        same_text = hashlib.sha256(data).hexdigest() == self.knowledge.checksum
        return same_text and synonyms == self._engine.synonyms

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
        del old
        kept: Path | None = None
        try:
            if data is None:
                data = read_knowledge_bytes(self.path, max_bytes=self.max_bytes)
                upload = False
            else:
                if len(data) > self.max_bytes:
                    raise KnowledgeError(
                        f"the file is {len(data):,} bytes, over the limit of "
                        f"{self.max_bytes:,} bytes (MAX_KNOWLEDGE_BYTES)"
                    )
                upload = True
            new = self._build(decode_knowledge(data, path=self.path))
            if upload:
                kept = self._keep_served()
                try:
                    write_atomically(self.path, data)
                except OSError as exc:
                    raise _WriteFailed(f"could not write {self.path}: {_reason(exc)}") from None
                if self.history_keep > 0:
                    history.prune(self.path, self.history_keep)
        except (KnowledgeError, _WriteFailed) as exc:
            return ReloadReport(ok=False, error=str(exc), **base)  # type: ignore[arg-type]
        self._engine = new
        self._served = data
        self.loaded_at = datetime.now(UTC)
        _warm_up_in_background(new)
        self._embed(new)
        return ReloadReport(
            ok=True,
            new_checksum=new.knowledge.checksum,
            passages_after=new.stats.passages,
            title=new.knowledge.title,
            build_seconds=round(new.stats.build_seconds, 4),
            history_file=str(kept) if kept else None,
            **base,  # type: ignore[arg-type]
        )

    def _build(self, knowledge: KnowledgeFile) -> Engine:
        """Index the new file with the synonyms beside it (a bad synonyms file refuses
        the reload). Garbage from earlier builds is collected first, so the peak is the
        engine serving plus one being built, not plus leftovers of the last one."""
        synonyms = load_synonyms_for(self.path)
        gc.collect()
        return Engine(knowledge, synonyms=synonyms)

    def _keep_served(self) -> Path | None:
        """Copy the version being served (not whatever is on disk now, which may have been
        overwritten with junk) into `history/`; pruning waits until the new file is written."""
        if self.history_keep <= 0:
            return None
        try:
            return history.keep_version(self.path, self._served)
        except OSError as exc:
            raise _WriteFailed(
                f"could not keep the current version in {history.history_folder(self.path)}: "
                f"{_reason(exc)}"
            ) from None

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


class _WriteFailed(Exception):
    """Writing the new file or the history copy failed; the message is one line."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
