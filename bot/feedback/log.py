"""Append feedback lines beside the knowledge file, and read them back.

Each line goes out in one `write` on a file opened with O_APPEND, so lines from
concurrent writers (threads, several bot processes) never interleave, and a crash can
at worst leave one torn last line, which reading skips. The file is created readable
by its owner only: with LOG_QUESTIONS=true it holds members' words.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.feedback.records import FeedbackLine, parse_line
from bot.settings import CoreSettings

SUFFIX = ".feedback.jsonl"


def default_feedback_log(knowledge_path: Path) -> Path:
    """`<name>.feedback.jsonl` beside a knowledge file."""
    return knowledge_path.with_name(knowledge_path.stem + SUFFIX)


def feedback_log_for(settings: CoreSettings, knowledge_path: Path | None = None) -> FeedbackLog:
    """FEEDBACK_LOG_FILE, or the default beside the knowledge file served."""
    path = knowledge_path or settings.knowledge_file
    return FeedbackLog(settings.feedback_log_file or default_feedback_log(path))


@dataclass(frozen=True)
class LogContents:
    """The lines that could be read, and how many could not."""

    lines: list[FeedbackLine]
    skipped: int = 0
    exists: bool = True


class FeedbackLog:
    """One JSON-lines file of votes and unanswered questions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, line: FeedbackLine) -> None:
        """Add one line (one write with O_APPEND); raises OSError when the disk refuses."""
        data = (line.to_json() + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(f"only {written} of {len(data)} bytes written to {self.path}")
        finally:
            os.close(fd)

    def read(self) -> LogContents:
        """Every readable line, oldest first; a missing file is an empty log."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return LogContents([], exists=False)
        lines: list[FeedbackLine] = []
        skipped = 0
        for text in raw.decode("utf-8", errors="replace").splitlines():
            if not text.strip():
                continue
            parsed = parse_line(text)
            if parsed is None:
                skipped += 1
            else:
                lines.append(parsed)
        return LogContents(lines, skipped)
