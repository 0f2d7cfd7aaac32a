"""`python -m bot report` on a prepared log: counts, JSON, and a sentence when empty."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.knowledge import load_knowledge
from bot.feedback.log import FeedbackLog, default_feedback_log
from bot.feedback.records import QuestionLine, VoteLine, voter_of
from tests.cli.test_cli import run
from tests.conftest import ARTICLE


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copyfile(ARTICLE, path)
    return path


def when(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


def prepare(article: Path) -> None:
    log = FeedbackLog(default_feedback_log(article))
    for question, days in [
        ("Wat zei Poetin?", 1),
        ("wat zei poetin", 2),
        ("Wat zei Poetin ?", 30),
        ("Hoeveel tanks heeft Rusland?", 1),
    ]:
        log.append(QuestionLine(when(days), 1, "not_found", question, "c"))
    checksum = load_knowledge(article).checksum[:16]
    text = article.read_text(encoding="utf-8")
    start = text.index("Concreet gaat het")
    quote = (start, text.index(".", start) + 1)
    for message, user, vote in [(5, 1, "down"), (5, 2, "down"), (5, 2, "up"), (6, 3, "down")]:
        log.append(
            VoteLine(
                when(1),
                1,
                message,
                voter_of(message, user),
                vote,  # type: ignore[arg-type]
                "answered",
                quote,
                checksum,
            )
        )


def test_report_lists_grouped_questions_and_answers_voted_down(article: Path) -> None:
    prepare(article)
    proc = run("report", "--knowledge", str(article))
    assert proc.returncode == 0
    out = proc.stdout
    assert "Unanswered questions (4 asked, 2 distinct)" in out
    assert "3×  Wat zei Poetin?" in out and "1×  Hoeveel tanks heeft Rusland?" in out
    assert "2×  down (1 up)  “Concreet gaat het alvast om een “battle group”" in out


def test_report_json_and_since(article: Path) -> None:
    prepare(article)
    proc = run("report", "--json", "--since", "7", "--knowledge", str(article))
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert [(g["question"], g["count"]) for g in data["unanswered"]] == [
        ("Wat zei Poetin?", 2),
        ("Hoeveel tanks heeft Rusland?", 1),
    ]
    assert [(a["down"], a["up"]) for a in data["voted_down"]] == [(2, 1)]
    assert data["since_days"] == 7


def test_report_says_plainly_when_there_is_nothing(article: Path) -> None:
    proc = run("report", "--knowledge", str(article))
    assert proc.returncode == 0
    assert proc.stdout.startswith("No feedback has been logged yet")
    default_feedback_log(article).write_text("")
    proc = run("report", "--knowledge", str(article), env={"LOG_QUESTIONS": "true"})
    assert proc.stdout.strip() == (
        "Nothing needs attention: no unanswered questions and no answers voted down (0 up, 0 down)."
    )


def test_report_refuses_a_bad_window(article: Path) -> None:
    proc = run("report", "--since", "soon", "--knowledge", str(article))
    assert proc.returncode == 2 and "--since" in proc.stderr
