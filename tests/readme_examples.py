"""The README's example commands, run for real: checked by tests/test_readme.py, and
rewritten from real output by `python -m tests.readme_examples --write` (`make readme`).

An example is an indented line `$ python -m bot …` (a shell command line) followed by
the output it shows, up to the next `$` line or the end of the indented block. In the
shown output "…" stands for any text (an elision: the rest of a long JSON line, a
timing); everything else must match exactly, apart from trailing spaces.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
INDENT = "    "
PROMPT = INDENT + "$ "
ELLIPSIS = "…"

ELISIONS = [
    (re.compile(r'^(\{.*?"results":\[\{.*?"end":\d+,).+$'), r"\1…}]}"),
    (re.compile(r"indexed in \d+ ms"), "indexed in … ms"),
]
"""What `--write` elides from real output, so the README stays readable and steady."""


@dataclass(frozen=True)
class Example:
    """One example: its command, the output the README shows, and where it stands."""

    command: str
    shown: list[str]
    first_line: int
    """Index in the README's lines of the `$` line; the shown output follows it."""


def find_examples(text: str) -> list[Example]:
    """Every `$ python -m bot …` example of a README text, in order."""
    lines = text.split("\n")
    examples = []
    i = 0
    while i < len(lines):
        if not (lines[i].startswith(PROMPT) and "python -m bot" in lines[i]):
            i += 1
            continue
        start, i = i, i + 1
        while (
            i < len(lines)
            and (lines[i].startswith(INDENT) or not lines[i].strip())
            and not lines[i].startswith(PROMPT)
        ):
            i += 1
        shown = [line.removeprefix(INDENT) for line in lines[start + 1 : i]]
        while shown and not shown[-1].strip():
            shown.pop()
        examples.append(Example(lines[start].removeprefix(PROMPT), shown, start))
    return examples


def run_example(command: str) -> list[str]:
    """The command's output (stdout and stderr, as a terminal shows them), as the README's
    reader would get it in a fresh clone: no .env, no settings, no colour."""
    shell_command = command.replace("python -m bot", f"{shlex.quote(sys.executable)} -m bot")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    env.update({"NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "knowledge").symlink_to(ROOT / "knowledge")
        proc = subprocess.run(
            ["bash", "-c", shell_command],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
    lines = [line.rstrip() for line in proc.stdout.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the real output is what the README shows, "…" standing for any text."""
    pattern = ".*?".join(re.escape(part) for part in _joined(shown).split(ELLIPSIS))
    return re.fullmatch(pattern, _joined(actual), re.DOTALL) is not None


def _joined(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines)


def elide(actual: list[str]) -> list[str]:
    """Real output as the README should show it."""
    out = []
    for line in actual:
        for pattern, replacement in ELISIONS:
            line = pattern.sub(replacement, line)
        out.append(line)
    return out


def difference(example: Example, actual: list[str]) -> str:
    """A unified diff of shown against real output, with the command it belongs to."""
    diff = difflib.unified_diff(
        example.shown,
        elide(actual),
        fromfile=f"README.md line {example.first_line + 2} (shown)",
        tofile="real output",
        lineterm="",
    )
    return f"$ {example.command}\n" + "\n".join(diff)


def rewrite(text: str, outputs: dict[int, list[str]]) -> str:
    """The README text with each example's shown output replaced by `outputs`."""
    lines = text.split("\n")
    for example in reversed(find_examples(text)):
        if example.first_line not in outputs:
            continue
        start = example.first_line + 1
        new = [INDENT + line if line else "" for line in elide(outputs[example.first_line])]
        lines[start : start + len(example.shown)] = new
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Check the README's examples (exit 1 with diffs), or with --write rewrite them."""
    text = README.read_text(encoding="utf-8")
    stale = {}
    for example in find_examples(text):
        actual = run_example(example.command)
        if not matches(example.shown, actual):
            stale[example.first_line] = actual
            print(difference(example, actual), end="\n\n")
    if "--write" in argv and stale:
        README.write_text(rewrite(text, stale), encoding="utf-8")
        print(f"rewrote {len(stale)} example(s) in {README}")
        return 0
    if stale:
        print(f"{len(stale)} README example(s) differ; `make readme` rewrites them")
        return 1
    print("README examples are true")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
