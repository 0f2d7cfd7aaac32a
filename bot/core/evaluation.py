"""Measure retrieval on a question file: recall@1, recall@3, MRR, refusals, precision and
shown@3, per kind; and the same with each named rule switched off (ablation).

A hit is a result whose quote contains the gold answer, in an answer marked `answered`;
a negative (gold null) is right when `answered` is false. Precision is over the answers
given (an answered negative is wrong); shown@3 counts the gold inside one of the first
three quotes whatever the status, since a near-miss may still be shown as possible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.core.answer import Answer
from bot.core.config import RULES, RetrievalConfig


class QuestionFileError(ValueError):
    """A question file that cannot be read; one-line message."""


@dataclass(frozen=True)
class EvalQuestion:
    """One line of a question file."""

    id: str
    question: str
    answer: str | None
    kind: str


@dataclass
class Outcome:
    """How one question fared."""

    question: EvalQuestion
    answered: bool
    rank: int | None
    """1-based rank of the first quote containing the gold answer (None: not in the results)."""

    @property
    def correct(self) -> bool:
        """Answerable: answered and gold in the top quote; negative: refused."""
        if self.question.answer is None:
            return not self.answered
        return self.answered and self.rank == 1


@dataclass
class Metrics:
    """Aggregates over a group of questions."""

    answerable: int = 0
    negatives: int = 0
    hits_at_1: int = 0
    hits_at_3: int = 0
    reciprocal_rank: float = 0.0
    negatives_rejected: int = 0
    false_refusals: int = 0
    answers_given: int = 0
    answers_right: int = 0
    shown_at_3: int = 0

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        self.answers_given += outcome.answered
        self.answers_right += outcome.answered and outcome.correct
        if outcome.question.answer is None:
            self.negatives += 1
            self.negatives_rejected += not outcome.answered
            return
        self.answerable += 1
        self.shown_at_3 += outcome.rank is not None and outcome.rank <= 3
        if not outcome.answered:
            self.false_refusals += 1
            return
        if outcome.rank is not None:
            self.hits_at_1 += outcome.rank == 1
            self.hits_at_3 += outcome.rank <= 3
            self.reciprocal_rank += 1.0 / outcome.rank

    def as_dict(self) -> dict[str, float | int | None]:
        """Rates and counts, for `--json` and the table."""
        n = self.answerable
        return {
            "answerable": n,
            "recall@1": round(self.hits_at_1 / n, 4) if n else None,
            "recall@3": round(self.hits_at_3 / n, 4) if n else None,
            "mrr": round(self.reciprocal_rank / n, 4) if n else None,
            "false_refusals": self.false_refusals,
            "negatives": self.negatives,
            "negatives_rejected": self.negatives_rejected,
            "precision": _share(self.answers_right, self.answers_given),
            "shown@3": _share(self.shown_at_3, n),
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Report:
    """The whole evaluation."""

    overall: Metrics = field(default_factory=Metrics)
    by_kind: dict[str, Metrics] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "overall": self.overall.as_dict(),
            "by_kind": {k: m.as_dict() for k, m in sorted(self.by_kind.items())},
            "failures": [
                {
                    "id": o.question.id,
                    "kind": o.question.kind,
                    "question": o.question.question,
                    "answered": o.answered,
                    "rank": o.rank,
                }
                for o in self.outcomes
                if not o.correct
            ],
        }


def gold_rank(answer: Answer, gold: str) -> int | None:
    """Rank of the first quote that contains the gold text (whitespace-insensitive)."""
    needle = " ".join(gold.split())
    for result in answer.results:
        if needle in " ".join(result.quote.split()):
            return result.rank
    return None


def evaluate(questions: Iterable[EvalQuestion], ask: Callable[[str], Answer]) -> Report:
    """Ask every question and aggregate the outcomes."""
    report = Report()
    for q in questions:
        answer = ask(q.question)
        rank = gold_rank(answer, q.answer) if q.answer is not None else None
        outcome = Outcome(q, answer.answered, rank)
        report.outcomes.append(outcome)
        report.overall.add(outcome)
        report.by_kind.setdefault(q.kind, Metrics()).add(outcome)
    return report


@dataclass(frozen=True)
class Ablation:
    """The figures with one named rule switched off."""

    rule: str
    metrics: Metrics

    def as_dict(self) -> dict[str, object]:
        """The `--ablate --json` entry."""
        figures = self.metrics.as_dict()
        return {
            "rule": self.rule,
            "recall_at_1": figures["recall@1"],
            "false_refusals": figures["false_refusals"],
            "negatives_rejected": figures["negatives_rejected"],
            "precision": figures["precision"],
            "shown_at_3": figures["shown@3"],
        }


def ablate(
    questions: list[EvalQuestion],
    asker: Callable[[RetrievalConfig], Callable[[str], Answer]],
    base: RetrievalConfig,
) -> list[Ablation]:
    """Evaluate with each rule of `RULES` switched off in turn (`asker` builds an engine)."""
    return [
        Ablation(rule, evaluate(questions, asker(base.without(rule))).overall) for rule in RULES
    ]


def format_report(
    data: dict[str, object], *, title: str, ablation: list[Ablation] | None = None
) -> str:
    """The eval report as Markdown tables (docs/evaluation.md is made of these)."""
    header = (
        "| kind | answerable | recall@1 | recall@3 | MRR | false refusals | negatives rejected "
        "| precision | shown@3 |"
    )
    rows = [f"Evaluation of {title}", "", header, "|---|---|---|---|---|---|---|---|---|"]
    by_kind = data["by_kind"]
    assert isinstance(by_kind, dict)
    for kind, metrics in [*by_kind.items(), ("**all**", data["overall"])]:
        assert isinstance(metrics, dict)
        rows.append(
            f"| {kind} | {metrics['answerable']} | {_rate(metrics['recall@1'])} | "
            f"{_rate(metrics['recall@3'])} | {_rate(metrics['mrr'])} | "
            f"{metrics['false_refusals']} | "
            f"{metrics['negatives_rejected']}/{metrics['negatives']} | "
            f"{_rate(metrics['precision'])} | {_rate(metrics['shown@3'])} |"
        )
    if ablation is not None:
        rows += ["", format_ablation(ablation, data["overall"])]  # type: ignore[arg-type]
    failures = data["failures"]
    assert isinstance(failures, list)
    if failures:
        rows.append("")
        rows.append("Not right at rank 1:")
        for f in failures:
            verdict = "answered" if f["answered"] else "refused"
            rows.append(
                f"  {f['id']} [{f['kind']}] {verdict}, gold rank {f['rank']}: {f['question']}"
            )
    return "\n".join(rows)


def format_ablation(ablation: list[Ablation], overall: dict[str, object]) -> str:
    """One line per rule: the overall figures with that rule off (changes marked *)."""
    keys = ("recall@1", "false_refusals", "negatives_rejected", "precision", "shown@3")
    rows = [
        "| rule off | recall@1 | false refusals | negatives rejected | precision | shown@3 |",
        "|---|---|---|---|---|---|",
    ]
    for entry in ablation:
        figures = entry.metrics.as_dict()
        cells = []
        for key in keys:
            value = figures[key]
            text = _rate(value) if isinstance(value, float) or value is None else str(value)
            if key == "negatives_rejected":
                text = f"{value}/{figures['negatives']}"
            cells.append(text + ("*" if value != overall[key] else ""))
        rows.append(f"| {entry.rule} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _rate(value: object) -> str:
    return "–" if value is None else f"{float(value):.2f}"  # type: ignore[arg-type]
