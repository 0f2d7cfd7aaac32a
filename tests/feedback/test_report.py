"""The attention report: grouping, counting, one vote per user per answer, the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.knowledge import decode_knowledge
from bot.feedback.log import FeedbackLog, LogContents
from bot.feedback.records import FeedbackLine, QuestionLine, Status, VoteLine, voter_of
from bot.feedback.report import build_report, normalise

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
KNOWLEDGE = decode_knowledge(b"Eerste zin hier. Tweede zin daar.\n")


def ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat(timespec="seconds")


def asked(question: str, days: float = 1, status: Status = "not_found") -> QuestionLine:
    return QuestionLine(at=ago(days), guild=1, status=status, question=question, checksum="c")


def clicked(
    message: int,
    user: int,
    choice: str,
    *,
    quote: tuple[int, int] | None = (0, 16),
    days: float = 1,
    question: str | None = None,
) -> VoteLine:
    return VoteLine(
        at=ago(days),
        guild=1,
        message=message,
        voter=voter_of(message, user),
        vote="up" if choice == "up" else "down",
        status="answered",
        quote=quote,
        checksum=KNOWLEDGE.checksum[:16],
        question=question,
    )


def test_normalising_drops_case_accents_and_punctuation() -> None:
    assert normalise("Wat zei  Poetin in Oekraïne?!") == "wat zei poetin in oekraine"


def test_near_duplicates_are_grouped_and_counted_most_frequent_first() -> None:
    result = build_report(
        LogContents(
            [
                asked("Wat zei Poetin?"),
                asked("wat zei poetin"),
                asked("Wat zei Poetin?"),
                asked("Wat zei Poeitn?", status="unsure"),
                asked("Poetin zei wat?"),
                asked("Wat zei Poetin over de NAVO?"),
                asked("Hoeveel tanks?"),
                asked("Hoeveel tanks?"),
            ]
        ),
        log=Path("f.jsonl"),
        now=NOW,
    )
    groups = [(g.question, g.count) for g in result.unanswered]
    assert groups == [
        ("Wat zei Poetin?", 5),
        ("Hoeveel tanks?", 2),
        ("Wat zei Poetin over de NAVO?", 1),
    ]
    first = result.unanswered[0]
    assert set(first.variants) == {"wat zei poetin", "Wat zei Poeitn?", "Poetin zei wat?"}
    assert first.statuses == {"not_found": 4, "unsure": 1}


def test_the_last_click_of_a_user_on_an_answer_is_the_vote_that_counts() -> None:
    result = build_report(
        LogContents(
            [
                clicked(1, user=7, choice="down"),
                clicked(1, user=7, choice="up"),  # changed their mind
                clicked(1, user=8, choice="down"),
                clicked(1, user=8, choice="down"),  # clicked twice: one vote
                clicked(2, user=7, choice="down", question="Wat staat er?"),
                clicked(3, user=9, choice="down", quote=(17, 33)),
            ]
        ),
        log=Path("f.jsonl"),
        knowledge=KNOWLEDGE,
        now=NOW,
    )
    assert (result.votes_up, result.votes_down) == (1, 3)
    top, other = result.voted_down
    assert (top.down, top.up, top.quote, top.text) == (2, 1, (0, 16), "Eerste zin hier.")
    assert top.questions == ["Wat staat er?"]
    assert (other.down, other.up, other.text) == (1, 0, "Tweede zin daar.")


def test_a_quote_of_another_version_of_the_file_is_not_shown_as_text() -> None:
    line = clicked(1, user=7, choice="down")
    stale = VoteLine(**{**line.__dict__, "checksum": "0" * 16})
    result = build_report(LogContents([stale]), log=Path("f"), knowledge=KNOWLEDGE, now=NOW)
    assert result.voted_down[0].text is None


def test_since_keeps_only_recent_lines() -> None:
    lines: list[FeedbackLine] = [
        asked("Oud?", days=40),
        asked("Nieuw?", days=2),
        clicked(1, user=7, choice="down", days=40),
        clicked(2, user=7, choice="down", days=3),
    ]
    result = build_report(LogContents(lines), log=Path("f"), since_days=7, now=NOW)
    assert [g.question for g in result.unanswered] == ["Nieuw?"]
    assert [a.down for a in result.voted_down] == [1] and result.votes_down == 1


def test_up_votes_and_answered_questions_need_no_attention(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "f.jsonl")
    log.append(clicked(1, user=7, choice="up"))
    log.append(asked("Beantwoord?", status="answered"))
    result = build_report(log.read(), log=log.path, now=NOW)
    assert result.nothing_to_do and result.votes_up == 1
