"""`python -m bot …`: parse the command line and hand over to the core.

Exit codes: 0 success; 1 the knowledge (or question) file cannot be used; 2 bad usage
or bad input (empty or over-long question, invalid settings); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.cli.chat import run_chat
from bot.cli.render import print_error, render_answer, use_colour
from bot.cli.report import add_report_parser, run_report
from bot.core.engine import Engine
from bot.core.evaluation import (
    QuestionFileError,
    ablate,
    evaluate,
    format_report,
    load_questions,
)
from bot.core.knowledge import KnowledgeError, load_knowledge
from bot.core.knowledge_base import KnowledgeBase
from bot.core.semantic.readiness import semantic_check
from bot.core.synonyms import SynonymsError, load_synonyms_for
from bot.presentation import QuestionError, check_question
from bot.settings import Settings, load_settings
from bot.wiring import open_knowledge_base

EXIT_OK, EXIT_KNOWLEDGE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each command's help says what it does."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answer questions about a news article by quoting it verbatim.",
        epilog="Settings come from the environment or .env (see .env.example).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ask = sub.add_parser("ask", help="answer one question", description="Answer one question.")
    ask.add_argument("question", help="the question, in Dutch or English")
    ask.add_argument("--json", action="store_true", help="print the JSON answer object")
    ask.add_argument("--top-k", type=_top_k, default=None, metavar="N", help="results (1-10)")
    ask.add_argument("--knowledge", type=Path, metavar="PATH", help="knowledge file to use")

    chat = sub.add_parser(
        "chat",
        help="interactive questions (or one per line from a pipe)",
        description="Ask questions one after another. :reload re-reads the file, :quit ends.",
    )
    chat.add_argument("--json", action="store_true", help="one JSON object per question")
    chat.add_argument("--knowledge", type=Path, metavar="PATH", help="knowledge file to use")

    check = sub.add_parser(
        "check",
        help="validate a knowledge file as a reload would",
        description="Exit 0 with a summary if the file can be served, else 1 with the reason.",
    )
    check.add_argument("path", nargs="?", type=Path, help="default: KNOWLEDGE_FILE")

    ev = sub.add_parser(
        "eval",
        help="measure retrieval on a question file",
        description="Recall@1, recall@3, MRR, refusals, precision, shown@3, per kind, "
        "for a JSON-lines file.",
    )
    ev.add_argument("questions", type=Path, help="JSON lines: id, question, answer, kind")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--ablate", action="store_true", help="also the figures with each named rule switched off"
    )
    ev.add_argument("--knowledge", type=Path, metavar="PATH", help="knowledge file to use")

    add_report_parser(sub)
    sub.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    return parser


def _top_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 1 <= k <= 10:
        raise argparse.ArgumentTypeError("must be between 1 and 10")
    return k


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code and never lets a traceback reach the user."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
        return _dispatch(args, settings)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]).upper()
        print_error(f"invalid setting {name}: {first['msg']}")
        return EXIT_USAGE
    except KnowledgeError as exc:
        print_error(str(exc))
        return EXIT_KNOWLEDGE
    except QuestionFileError as exc:
        print_error(str(exc))
        return EXIT_KNOWLEDGE
    except QuestionError as exc:
        print_error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "run":
        from bot.discord_app.runner import run_bot

        return run_bot(settings)
    if args.command == "check":
        return _check(args.path or settings.knowledge_file, settings)
    if args.command == "report":
        return run_report(args, settings)
    knowledge_path: Path = args.knowledge or settings.knowledge_file
    if args.command == "chat":
        return run_chat(knowledge_path, settings, as_json=args.json)
    base = open_knowledge_base(settings, knowledge_path, wait_for_meaning=True)
    if args.command == "ask":
        return _ask(base, args.question, args.top_k or settings.top_k, as_json=args.json)
    return _eval(base, args.questions, as_json=args.json, ablate_rules=args.ablate)


def _ask(base: KnowledgeBase, question: str, top_k: int, *, as_json: bool) -> int:
    answer = base.ask(check_question(question), top_k)
    if as_json:
        print(answer.to_json())
    else:
        print(render_answer(answer, base.engine, colour=use_colour(sys.stdout)))
    return EXIT_OK


def _check(path: Path, settings: Settings) -> int:
    try:
        synonyms = load_synonyms_for(path)
    except SynonymsError as exc:
        for line in str(exc).splitlines():  # one `line N: what is wrong` per bad line
            print_error(line)
        return EXIT_KNOWLEDGE
    engine = Engine(load_knowledge(path, max_bytes=settings.max_knowledge_bytes), synonyms=synonyms)
    k = engine.knowledge
    title = f", title “{k.title}”" if k.title else ""
    rules = f", {len(synonyms)} synonym rules" if synonyms.path else ""
    print(
        f"ok: {path} can be served: {k.size_bytes:,} bytes, {engine.stats.paragraphs} paragraphs, "
        f"{engine.stats.passages} passages{title}{rules}, sha256 {k.short_checksum}, "
        f"indexed in {engine.stats.build_seconds * 1000:.0f} ms"
    )
    print(f"search by meaning: {semantic_check(k, engine.passages, settings.semantic_encoder)}")
    return EXIT_OK


def _eval(base: KnowledgeBase, questions_path: Path, *, as_json: bool, ablate_rules: bool) -> int:
    questions = load_questions(questions_path)
    report = evaluate(questions, base.ask)
    ablation = None
    if ablate_rules:
        ablation = ablate(
            questions,
            base.asker,
            base.config,
        )
    data = report.as_dict()
    if as_json:
        if ablation is not None:
            data["ablation"] = [a.as_dict() for a in ablation]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(format_report(data, title=str(questions_path), ablation=ablation))
    return EXIT_OK
