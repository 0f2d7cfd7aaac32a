"""The two kinds of feedback line, and the answer status they record.

A line is one JSON object with a `kind`; unknown kinds and fields are ignored when
reading, so older and newer bots can share one log.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from bot.core.answer import Answer, Status

Vote = Literal["up", "down"]
STATUSES: tuple[Status, ...] = get_args(Status)
UNANSWERED: frozenset[Status] = frozenset({"unsure", "not_found"})


def answer_status(answer: Answer) -> Status:
    """The answer's status as the log and report know it: the answer's own three-way one."""
    return answer.status


def now() -> str:
    """UTC time to the second, as every line records it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def voter_of(message_id: int, user_id: int) -> str:
    """A pseudonym for one user on one answer: enough to keep one vote per user per
    answer, without a user id in the log or a way to follow a user across answers."""
    return hashlib.sha256(f"{message_id}:{user_id}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class QuestionLine:
    """A question the article did not answer (logged only with LOG_QUESTIONS=true)."""

    at: str
    guild: int | None
    status: Status
    question: str
    checksum: str
    kind: Literal["question"] = "question"

    def to_json(self) -> str:
        """One JSON line, without its newline."""
        return json.dumps(asdict(self), ensure_ascii=False)


@dataclass(frozen=True)
class VoteLine:
    """One click on 👍 or 👎; the latest line per (message, voter) is the vote that counts."""

    at: str
    guild: int | None
    message: int
    voter: str
    vote: Vote
    status: Status
    quote: tuple[int, int] | None
    """Offsets of the top quote in the knowledge file (None: the reply had no quote)."""
    checksum: str
    """The knowledge file's checksum (a prefix) when the answer was given."""
    question: str | None = None
    """Only with LOG_QUESTIONS=true."""
    kind: Literal["vote"] = "vote"

    def to_json(self) -> str:
        """One JSON line, without its newline."""
        return json.dumps(asdict(self), ensure_ascii=False)


FeedbackLine = QuestionLine | VoteLine


def parse_line(raw: str) -> FeedbackLine | None:
    """A line of the log, or None when it is not one (torn, edited by hand, other kind)."""
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            return None
        if data.get("kind") == "question":
            return QuestionLine(
                at=_time(data["at"]),
                guild=_optional_int(data.get("guild")),
                status=_status(data["status"]),
                question=str(data["question"]),
                checksum=str(data.get("checksum", "")),
            )
        if data.get("kind") == "vote":
            vote = data["vote"]
            if vote not in ("up", "down"):
                return None
            return VoteLine(
                at=_time(data["at"]),
                guild=_optional_int(data.get("guild")),
                message=int(data["message"]),
                voter=str(data["voter"]),
                vote=vote,
                status=_status(data["status"]),
                quote=_span(data.get("quote")),
                checksum=str(data.get("checksum", "")),
                question=None if data.get("question") is None else str(data["question"]),
            )
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _time(value: Any) -> str:
    datetime.fromisoformat(str(value))  # ValueError when it is not a time
    return str(value)


def _status(value: Any) -> Status:
    for status in STATUSES:
        if value == status:
            return status
    raise ValueError(f"unknown status {value!r}")


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _span(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    start, end = value
    return int(start), int(end)
