"""The feedback log: one intact JSON line per record, whoever writes, whatever breaks."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

from bot.core.answer import Answer
from bot.feedback.log import FeedbackLog, default_feedback_log, feedback_log_for
from bot.feedback.records import (
    QuestionLine,
    VoteLine,
    answer_status,
    parse_line,
    voter_of,
)
from bot.settings import Settings


def vote(message: int = 1, user: int = 7, choice: str = "down") -> VoteLine:
    return VoteLine(
        at="2026-11-29T10:00:00+00:00",
        guild=42,
        message=message,
        voter=voter_of(message, user),
        vote="down" if choice == "down" else "up",
        status="answered",
        quote=(10, 20),
        checksum="abc123",
    )


def test_the_default_log_sits_beside_the_knowledge_file(tmp_path: Path) -> None:
    assert default_feedback_log(Path("k/article.txt")) == Path("k/article.feedback.jsonl")
    settings = Settings(_env_file=None, knowledge_file=tmp_path / "a.txt")  # type: ignore[call-arg]
    assert feedback_log_for(settings).path == tmp_path / "a.feedback.jsonl"
    chosen = Settings(_env_file=None, feedback_log_file=tmp_path / "f.jsonl")  # type: ignore[call-arg]
    assert feedback_log_for(chosen).path == tmp_path / "f.jsonl"


def test_status_comes_from_the_answer() -> None:
    assert answer_status(Answer(question="q", answered=True)) == "answered"
    assert answer_status(Answer(question="q", answered=False)) == "not_found"
    assert answer_status(Answer(question="q", status="unsure")) == "unsure"


def test_lines_round_trip_and_the_file_is_private(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "f.jsonl")
    asked = QuestionLine(
        at="2026-11-29T10:00:00+00:00",
        guild=None,
        status="not_found",
        question="Wat zei <@1> “Poetin”?",
        checksum="abc",
    )
    log.append(asked)
    log.append(vote())
    contents = log.read()
    assert contents.lines == [asked, vote()]
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    first = json.loads(log.path.read_text(encoding="utf-8").splitlines()[0])
    assert first["question"] == "Wat zei <@1> “Poetin”?" and first["kind"] == "question"


def test_a_vote_line_names_no_user() -> None:
    line = json.loads(vote(user=123456789).to_json())
    assert "123456789" not in json.dumps(line)
    assert line["voter"] == voter_of(1, 123456789) != voter_of(2, 123456789)


def test_torn_and_foreign_lines_are_skipped(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "f.jsonl")
    log.append(vote())
    with log.path.open("a", encoding="utf-8") as fh:
        fh.write('{"kind": "vote", "at": "2026-11-29T1\n[1, 2]\n{"kind": "other"}\n\n')
    log.append(vote(message=2))
    contents = log.read()
    assert [v.message for v in contents.lines if isinstance(v, VoteLine)] == [1, 2]
    assert contents.skipped == 3


def test_a_missing_log_is_empty(tmp_path: Path) -> None:
    contents = FeedbackLog(tmp_path / "none.jsonl").read()
    assert contents.lines == [] and not contents.exists


def test_concurrent_writers_never_interleave_lines(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "f.jsonl")
    long_question = "waarom " * 300

    def write(worker: int) -> None:
        for n in range(50):
            log.append(
                QuestionLine(
                    at="2026-11-29T10:00:00+00:00",
                    guild=worker,
                    status="unsure",
                    question=f"{long_question}{n}",
                    checksum="c",
                )
            )

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    raw = log.path.read_text(encoding="utf-8").splitlines()
    assert len(raw) == 400
    assert all(parse_line(line) is not None for line in raw)
