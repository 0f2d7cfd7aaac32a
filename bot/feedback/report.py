"""What needs an admin's attention: the questions the article failed, and the answers
members voted down, each with a count.

Questions are grouped when they are near-duplicates: the same words after folding case,
accents and punctuation, in any order, give or take a typo (rapidfuzz's token sort
ratio of at least NEAR_DUPLICATE). Token *set* ratio would be too kind here: it scores
"wat zei poetin" and "wat zei poetin over de navo" as equal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.core.answer import Status
from bot.core.knowledge import KnowledgeFile
from bot.core.text import words
from bot.feedback.log import LogContents
from bot.feedback.records import UNANSWERED, QuestionLine, VoteLine

NEAR_DUPLICATE = 90


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question (and its near-duplicates) the article did not answer."""

    question: str
    """The wording asked most often."""
    count: int
    variants: list[str] = field(default_factory=list)
    """The other wordings, most frequent first."""
    statuses: dict[str, int] = field(default_factory=dict)
    last_at: str = ""


@dataclass(frozen=True)
class VotedDownAnswer:
    """One answer (a quote of one version of the file) and the votes it got."""

    down: int
    up: int
    status: Status
    quote: tuple[int, int] | None
    checksum: str
    text: str | None = None
    """The quote, when the file served now is the version voted on."""
    questions: list[str] = field(default_factory=list)
    """What was asked, when questions were logged."""


@dataclass(frozen=True)
class AttentionReport:
    """The report `python -m bot report` prints and `/report` shows."""

    log: str
    log_exists: bool
    since_days: float | None
    unanswered: list[UnansweredQuestion]
    voted_down: list[VotedDownAnswer]
    votes_up: int
    votes_down: int
    skipped_lines: int

    @property
    def nothing_to_do(self) -> bool:
        """No unanswered question and no answer voted down."""
        return not self.unanswered and not self.voted_down

    def as_dict(self) -> dict[str, object]:
        """For `--json`."""
        return asdict(self)


def build_report(
    contents: LogContents,
    *,
    log: Path,
    since_days: float | None = None,
    knowledge: KnowledgeFile | None = None,
    now: datetime | None = None,
) -> AttentionReport:
    """Group and count the log's lines (only the last `since_days` days, when given)."""
    cutoff = None
    if since_days is not None:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=since_days)
    questions = [
        line
        for line in contents.lines
        if isinstance(line, QuestionLine) and line.status in UNANSWERED and _after(line.at, cutoff)
    ]
    votes = [v for v in _latest_votes(contents) if _after(v.at, cutoff)]
    return AttentionReport(
        log=str(log),
        log_exists=contents.exists,
        since_days=since_days,
        unanswered=group_questions(questions),
        voted_down=_voted_down(votes, knowledge),
        votes_up=sum(v.vote == "up" for v in votes),
        votes_down=sum(v.vote == "down" for v in votes),
        skipped_lines=contents.skipped,
    )


def normalise(question: str) -> str:
    """Folded words only: "Wat zei Poetin?" and "wat zei poetin" are one question."""
    return " ".join(words(question))


def group_questions(lines: list[QuestionLine]) -> list[UnansweredQuestion]:
    """Near-duplicates together, the most frequent group first."""
    by_key: dict[str, list[QuestionLine]] = {}
    for line in lines:
        by_key.setdefault(normalise(line.question), []).append(line)
    groups: dict[str, list[QuestionLine]] = {}
    for key in sorted(by_key, key=lambda k: -len(by_key[k])):
        match = process.extractOne(
            key, list(groups), scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_DUPLICATE
        )
        groups.setdefault(match[0] if match else key, []).extend(by_key[key])
    found = []
    for members in groups.values():
        wordings = Counter(" ".join(m.question.split()) for m in members)
        ranked = [w for w, _ in wordings.most_common()]
        found.append(
            UnansweredQuestion(
                question=ranked[0],
                count=len(members),
                variants=ranked[1:],
                statuses=dict(Counter(m.status for m in members)),
                last_at=max(m.at for m in members),
            )
        )
    return sorted(found, key=lambda g: (-g.count, g.question))


def _latest_votes(contents: LogContents) -> list[VoteLine]:
    """One vote per user per answer: the last line written for (message, voter)."""
    latest: dict[tuple[int, str], VoteLine] = {}
    for line in contents.lines:
        if isinstance(line, VoteLine):
            latest.pop((line.message, line.voter), None)  # keep insertion order = last click
            latest[(line.message, line.voter)] = line
    return list(latest.values())


def _voted_down(votes: list[VoteLine], knowledge: KnowledgeFile | None) -> list[VotedDownAnswer]:
    tallies: dict[tuple[str, tuple[int, int] | None, Status], list[VoteLine]] = {}
    for vote in votes:
        tallies.setdefault((vote.checksum, vote.quote, vote.status), []).append(vote)
    found = []
    for (checksum, quote, status), lines in tallies.items():
        down = sum(v.vote == "down" for v in lines)
        if not down:
            continue
        asked = Counter(" ".join(v.question.split()) for v in lines if v.question)
        found.append(
            VotedDownAnswer(
                down=down,
                up=len(lines) - down,
                status=status,
                quote=quote,
                checksum=checksum,
                text=_quote_text(knowledge, checksum, quote),
                questions=[q for q, _ in asked.most_common()],
            )
        )
    return sorted(found, key=lambda a: (-a.down, a.up, a.quote or (0, 0)))


def _quote_text(
    knowledge: KnowledgeFile | None, checksum: str, quote: tuple[int, int] | None
) -> str | None:
    if knowledge is None or quote is None or not checksum:
        return None
    if not knowledge.checksum.startswith(checksum):
        return None
    start, end = quote
    return knowledge.text[start:end] if 0 <= start < end <= len(knowledge.text) else None


def _after(at: str, cutoff: datetime | None) -> bool:
    if cutoff is None:
        return True
    when = datetime.fromisoformat(at)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when >= cutoff
