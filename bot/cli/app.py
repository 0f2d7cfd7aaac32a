"""`python -m bot …` (installed: `article-bot`): parse the command line, hand over to the core.

Exit codes (docs/cli.md): 0 success; 1 the knowledge (or question) file cannot be used,
Discord refused; 2 bad usage or bad input (empty, over-long or non-UTF-8 question,
invalid settings, unreadable .env); 130 interrupted. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot import __version__
from bot.cli.chat import run_chat
from bot.cli.inputs import tolerate_bad_bytes, undecodable
from bot.cli.render import plural, print_error, render_answer, use_colour
from bot.cli.report import add_report_parser, run_report
from bot.core.engine import Engine
from bot.core.evaluation import EvalQuestion, QuestionFileError, ablate, evaluate, format_report
from bot.core.knowledge import KnowledgeError, load_knowledge
from bot.core.knowledge_base import KnowledgeBase
from bot.core.question_file import read_question_file
from bot.core.semantic.readiness import semantic_check
from bot.core.synonyms import SynonymsError, load_synonyms_for
from bot.presentation import QuestionError, check_question
from bot.settings import CoreSettings, Settings, SettingsError, load_core_settings, load_settings
from bot.wiring import open_knowledge_base

EXIT_OK, EXIT_KNOWLEDGE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser(
    prog: str = "python -m bot",
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser and each command's own, so errors show that command's usage."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Answer questions about a news article by quoting it verbatim.",
        epilog="Settings come from the environment or .env (see .env.example).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ask = sub.add_parser("ask", help="answer one question", description="Answer one question.")
    ask.add_argument(
        "question",
        nargs="+",
        metavar="QUESTION",
        help="the question, in Dutch or English (quotes optional)",
    )
    ask.add_argument("--json", action="store_true", help="print the JSON answer object")
    ask.add_argument("--top-k", type=_top_k, default=None, metavar="N", help="results (1-10)")
    ask.add_argument("--knowledge", type=Path, metavar="PATH", help="knowledge file to use")

    chat = sub.add_parser(
        "chat",
        help="interactive questions (or one per line from a pipe)",
        description="Ask questions one after another. Type help for the chat's commands.",
    )
    chat.add_argument("--json", action="store_true", help="one JSON object per question")
    chat.add_argument("--top-k", type=_top_k, default=None, metavar="N", help="results (1-10)")
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
    run = sub.add_parser(
        "run",
        help="start the Discord bot (needs DISCORD_TOKEN)",
        description="Start the Discord bot; SIGINT/SIGTERM stop it, SIGHUP reloads the file.",
    )
    commands = sub.add_parser(
        "commands",
        help="list, sync or clear the slash commands Discord has registered",
        description=(
            "list: the registered commands (default: global and DEV_GUILD_IDS); "
            "sync: register the current set where run would; "
            "clear: empty the set of --global or of each --guild. Needs DISCORD_TOKEN."
        ),
    )
    commands.add_argument("action", choices=["list", "sync", "clear"])
    commands.add_argument("--global", dest="global_set", action="store_true", help="the global set")
    commands.add_argument(
        "--guild", type=_snowflake, action="append", default=[], metavar="ID", help="a server's set"
    )
    table = {"ask": ask, "chat": chat, "check": check, "eval": ev, "run": run}
    return parser, table | {"report": sub.choices["report"], "commands": commands}


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse `argv`; usage errors (exit 2) show the usage of the command they concern.

    A command's own parser reads its arguments in any order, so an unquoted question
    may have options before, after or between its words.
    """
    prog = "article-bot" if Path(sys.argv[0]).name == "article-bot" else "python -m bot"
    parser, commands = build_parser(prog)
    if argv and argv[0] in commands:
        args = commands[argv[0]].parse_intermixed_args(argv[1:])
        args.command = argv[0]
        return args
    return parser.parse_args(argv)


def _top_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 1 <= k <= 10:
        raise argparse.ArgumentTypeError("must be between 1 and 10")
    return k


def _snowflake(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a numeric server ID, got {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code and never lets a traceback reach the user."""
    tolerate_bad_bytes()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _dispatch(args)
    except SettingsError as exc:
        print_error(str(exc))
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
    except Exception as exc:  # the last guard of "never a traceback": say what, not where
        print_error(f"unexpected {type(exc).__name__}: {exc} (please report this)")
        return EXIT_KNOWLEDGE


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from bot.discord_app.quiet import silence_voice_warnings
        from bot.discord_app.runner import run_bot

        silence_voice_warnings()
        return run_bot(load_settings())
    if args.command == "commands":
        return _commands(args, load_settings())
    settings = load_core_settings()
    if args.command == "check":
        return _check(args.path or settings.knowledge_file, settings)
    if args.command == "report":
        return run_report(args, settings)
    knowledge_path: Path = args.knowledge or settings.knowledge_file
    if args.command == "chat":
        top_k = args.top_k or settings.top_k
        return run_chat(knowledge_path, settings, top_k=top_k, as_json=args.json)
    if args.command == "ask":
        question = _question_from_argv(args.question)
        base = open_knowledge_base(settings, knowledge_path, wait_for_meaning=True)
        return _ask(base, question, args.top_k or settings.top_k, as_json=args.json)
    questions = read_question_file(args.questions)
    return _eval(
        open_knowledge_base(settings, knowledge_path, wait_for_meaning=True),
        questions,
        args.questions,
        as_json=args.json,
        ablate_rules=args.ablate,
    )


def _commands(args: argparse.Namespace, settings: Settings) -> int:
    """`commands list|sync|clear`: the scopes asked for, then the REST calls."""
    from bot.discord_app.quiet import silence_voice_warnings

    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print_error("DISCORD_TOKEN is not set: put it in .env or the environment")
        return EXIT_USAGE
    chosen: list[int | None] = [*([None] if args.global_set else []), *args.guild]
    if args.action == "clear" and not chosen:
        print_error("say which set to clear: --global, or --guild ID (repeatable)")
        return EXIT_USAGE
    if args.action == "sync" and chosen:
        print_error(
            "sync registers where run does (DEV_GUILD_IDS, else globally); no --guild/--global"
        )
        return EXIT_USAGE
    silence_voice_warnings()
    from bot.cli.registered import manage_commands

    return manage_commands(settings, args.action, chosen or [None, *settings.dev_guild_ids])


def _question_from_argv(words: list[str]) -> str:
    """The question's words joined as typed; QuestionError for bytes that are not UTF-8."""
    question = " ".join(words)
    problem = undecodable(question)
    if problem:
        raise QuestionError(f"the question is {problem}; type it again as UTF-8 text")
    return check_question(question)


def _ask(base: KnowledgeBase, question: str, top_k: int, *, as_json: bool) -> int:
    answer = base.ask(question, top_k)
    if as_json:
        print(answer.to_json())
    else:
        print(render_answer(answer, base.engine, colour=use_colour(sys.stdout)))
    return EXIT_OK


def _check(path: Path, settings: CoreSettings) -> int:
    try:
        synonyms = load_synonyms_for(path)
    except SynonymsError as exc:
        for line in str(exc).splitlines():  # one `line N: what is wrong` per bad line
            print_error(line)
        return EXIT_KNOWLEDGE
    engine = Engine(load_knowledge(path, max_bytes=settings.max_knowledge_bytes), synonyms=synonyms)
    k = engine.knowledge
    title = f", title “{k.title}”" if k.title else ""
    rules = f", {plural(len(synonyms), 'synonym rule')}" if synonyms.path else ""
    print(
        f"ok: {path} can be served: {plural(k.size_bytes, 'byte')}, "
        f"{plural(engine.stats.paragraphs, 'paragraph')}, "
        f"{plural(engine.stats.passages, 'passage')}{title}{rules}, sha256 {k.short_checksum}, "
        f"indexed in {engine.stats.build_seconds * 1000:.0f} ms"
    )
    print(f"search by meaning: {semantic_check(engine.passages, settings.semantic_encoder)}")
    return EXIT_OK


def _eval(
    base: KnowledgeBase,
    questions: list[EvalQuestion],
    source: Path,
    *,
    as_json: bool,
    ablate_rules: bool,
) -> int:
    report = evaluate(questions, base.ask)
    ablation = None
    if ablate_rules:
        ablation = ablate(questions, base.asker, base.config)
    data = report.as_dict()
    if as_json:
        if ablation is not None:
            data["ablation"] = [a.as_dict() for a in ablation]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(format_report(data, title=str(source), ablation=ablation))
    return EXIT_OK
