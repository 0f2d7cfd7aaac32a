"""`python -m bot report`: what needs an admin's attention, from the feedback log."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.core.knowledge import KnowledgeError, KnowledgeFile, load_knowledge
from bot.feedback.log import feedback_log_for
from bot.feedback.report import AttentionReport, VotedDownAnswer, build_report
from bot.settings import CoreSettings

SHOWN = 20
"""Groups listed per section in the text report (`--json` has them all)."""
SNIPPET = 120


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `report` sub-command and its options."""
    report = sub.add_parser(
        "report",
        help="what needs attention: unanswered questions, answers voted down",
        description="The most frequent unanswered questions (near-duplicates grouped) and "
        "the answers voted down, each with a count, from FEEDBACK_LOG_FILE.",
    )
    report.add_argument("--since", type=_days, metavar="DAYS", help="only the last DAYS days")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    report.add_argument("--knowledge", type=Path, metavar="PATH", help="knowledge file to use")


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of days, got {value!r}") from None
    if not days > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return days


def run_report(args: argparse.Namespace, settings: CoreSettings) -> int:
    """Print the report; exit 0 whatever it holds (an empty log is not an error)."""
    path: Path = args.knowledge or settings.knowledge_file
    log = feedback_log_for(settings, path)
    report = build_report(
        log.read(), log=log.path, since_days=args.since, knowledge=_served(path, settings)
    )
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, questions_logged=settings.log_questions))
    return 0


def _served(path: Path, settings: CoreSettings) -> KnowledgeFile | None:
    """The file served now, to show the quotes voted down; the report works without it."""
    try:
        return load_knowledge(path, max_bytes=settings.max_knowledge_bytes)
    except KnowledgeError:
        return None


def format_report(report: AttentionReport, *, questions_logged: bool) -> str:
    """The report as plain text: a sentence when there is nothing, else two lists."""
    window = f" in the last {report.since_days:g} days" if report.since_days else ""
    hint = (
        "" if questions_logged else " Unanswered questions are logged only with LOG_QUESTIONS=true."
    )
    if not report.log_exists:
        return f"No feedback has been logged yet ({report.log} does not exist).{hint}"
    if report.nothing_to_do:
        return (
            f"Nothing needs attention{window}: no unanswered questions and no answers "
            f"voted down ({report.votes_up} up, {report.votes_down} down).{hint}"
        )
    lines = [f"Needs attention{window} (from {report.log}):"]
    if report.unanswered:
        total = sum(g.count for g in report.unanswered)
        lines += ["", f"Unanswered questions ({total} asked, {len(report.unanswered)} distinct):"]
        for group in report.unanswered[:SHOWN]:
            lines.append(f"  {group.count:>4}×  {group.question}")
            if group.variants:
                lines.append(f"         also: {' | '.join(group.variants[:3])}")
    if report.voted_down:
        lines += ["", f"Answers voted down ({report.votes_down} down, {report.votes_up} up):"]
        for answer in report.voted_down[:SHOWN]:
            lines.append(f"  {answer.down:>4}×  down ({answer.up} up)  {_describe(answer)}")
            if answer.questions:
                lines.append(f"         asked: {' | '.join(answer.questions[:3])}")
    if report.skipped_lines:
        lines += ["", f"({report.skipped_lines} unreadable lines skipped)"]
    return "\n".join(lines)


def _describe(answer: VotedDownAnswer) -> str:
    if answer.quote is None:
        return "the reply said the article doesn't answer"
    where = f"characters {answer.quote[0]}–{answer.quote[1]}"
    if answer.text is None:
        return f"{where} of an earlier version ({answer.checksum[:12]})"
    text = " ".join(answer.text.split())
    if len(text) > SNIPPET:
        text = text[: SNIPPET - 1].rstrip() + "…"
    status = "" if answer.status == "answered" else f" [{answer.status}]"
    return f"“{text}” ({where}){status}"
