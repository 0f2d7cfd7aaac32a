"""`chat`: the local test harness — a prompt at a terminal, one answer per line from a pipe.

Piped, each answer is preceded by the question after the prompt, so the output reads
like the interactive session it stands for. A line with bytes that are not UTF-8 is
reported and skipped; the lines after it are still answered.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.cli.inputs import printable, undecodable
from bot.cli.render import print_error, render_answer, use_colour
from bot.core.knowledge_base import KnowledgeBase
from bot.presentation import QuestionError, check_question
from bot.settings import CoreSettings
from bot.wiring import open_knowledge_base

PROMPT = "question> "
HELP_WORDS = frozenset({"help", ":help", "?"})
QUIT_WORDS = frozenset({"quit", "exit", ":q", ":quit"})
RELOAD_WORDS = frozenset({":reload"})
HELP = """\
Type a question about the article (Dutch or English) and press Enter.
  help, :help, ?         this list
  :reload                re-read the knowledge file
  quit, exit, :q, :quit  end the chat (Ctrl-D too)"""


def run_chat(path: Path, settings: CoreSettings, *, top_k: int, as_json: bool) -> int:
    """Answer each input line in turn until end of input or a quit command."""
    base = open_knowledge_base(settings, path)
    interactive = sys.stdin.isatty() and not as_json
    colour = use_colour(sys.stdout)
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())

        print(f"{base.engine.stats.passages} passages loaded from {path}. Type help for help.")
    for number, line in _lines(interactive=interactive):
        command = line.strip()
        if not command:
            continue
        if command in QUIT_WORDS:
            break
        problem = undecodable(command)
        if problem:
            _bad_line(command, number, problem, as_json=as_json, interactive=interactive)
        elif command in HELP_WORDS:
            print(json.dumps({"help": HELP}) if as_json else HELP)
        elif command in RELOAD_WORDS:
            _reload(base, as_json=as_json)
        else:
            _answer(base, command, top_k, as_json=as_json, interactive=interactive, colour=colour)
        sys.stdout.flush()
    return 0


def _lines(*, interactive: bool) -> Iterator[tuple[int, str]]:
    """Numbered input lines; Ctrl-D at the prompt ends the line first, so the shell's
    prompt does not land on ours."""
    number = 0
    while True:
        number += 1
        if interactive:
            try:
                yield number, input(PROMPT)
            except EOFError:
                print()
                return
        else:
            line = sys.stdin.readline()
            if line == "":
                return
            yield number, line


def _answer(
    base: KnowledgeBase,
    command: str,
    top_k: int,
    *,
    as_json: bool,
    interactive: bool,
    colour: bool,
) -> None:
    try:
        question = check_question(command)
    except QuestionError as exc:
        if as_json:
            print(_error_object(command, str(exc)))
        else:
            print_error(str(exc))
        return
    answer = base.ask(question, top_k)
    if as_json:
        print(answer.to_json())
        return
    if not interactive:
        print(f"{PROMPT}{question}")
    print(render_answer(answer, base.engine, colour=colour))
    print()


def _bad_line(command: str, number: int, problem: str, *, as_json: bool, interactive: bool) -> None:
    where = "the line" if interactive else f"line {number}"
    message = f"{where} is {problem}; skipped"
    if as_json:
        print(_error_object(printable(command), message))
    else:
        print_error(message)


def _error_object(question: str, error: str) -> str:
    """The JSON line for a question that could not be asked: same keys as an answer."""
    return json.dumps(
        {
            "question": question[:200],
            "answered": False,
            "status": "not_found",
            "results": [],
            "error": error,
        },
        ensure_ascii=False,
    )


def _reload(base: KnowledgeBase, *, as_json: bool) -> None:
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
