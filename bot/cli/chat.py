"""`chat`: the local test harness — a prompt at a terminal, one answer per line from a pipe."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli.render import print_error, render_answer, use_colour
from bot.presentation import QuestionError, check_question
from bot.settings import Settings
from bot.wiring import open_knowledge_base

PROMPT = "vraag> "
HELP = "Ask a question about the article. :reload re-reads the file, :quit ends."


def run_chat(path: Path, settings: Settings, *, as_json: bool) -> int:
    """Answer each input line in turn until end of input or `:quit`."""
    base = open_knowledge_base(settings, path)
    interactive = sys.stdin.isatty() and not as_json
    colour = use_colour(sys.stdout)
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())

        print(f"{base.engine.stats.passages} passages loaded from {path}. {HELP}")
    while True:
        try:
            line = input(PROMPT) if interactive else sys.stdin.readline()
        except EOFError:
            break
        if not interactive and line == "":
            break
        command = line.strip()
        if not command:
            continue
        if command == ":quit":
            break
        if command == ":reload":
            report = base.reload(actor="chat", via="chat")
            if as_json:
                print(
                    json.dumps(
                        {
                            "reloaded": report.ok,
                            "error": report.error,
                            "passages": report.passages_after,
                            "checksum": report.new_checksum,
                        },
                        ensure_ascii=False,
                    )
                )
            elif report.ok:
                print(f"reloaded: {report.passages_before} → {report.passages_after} passages")
            else:
                print_error(f"reload failed, still serving the previous file: {report.error}")
            continue
        try:
            question = check_question(command)
        except QuestionError as exc:
            if as_json:
                print(
                    json.dumps(
                        {
                            "question": command[:200],
                            "answered": False,
                            "results": [],
                            "error": str(exc),
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                print_error(str(exc))
            continue
        answer = base.ask(question, settings.top_k)
        if as_json:
            print(answer.to_json())
        else:
            print(render_answer(answer, base.engine, colour=colour))
            if interactive:
                print()
        sys.stdout.flush()
    return 0
