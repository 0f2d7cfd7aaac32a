"""The README tells the truth: its example commands print what it shows, and its JSON
answer has the keys and types the program prints. On failure the message is the diff;
`make readme` (python -m tests.readme_examples --write) rewrites the examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.readme_examples import README, ROOT, difference, find_examples, matches, run_example

EXAMPLES = find_examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_of_each_front_door() -> None:
    commands = " ".join(e.command for e in EXAMPLES)
    for part in ("bot ask ", "bot chat --json", "bot check"):
        assert part in commands


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command[:60] for e in EXAMPLES])
def test_example_prints_what_the_readme_shows(example: object) -> None:
    assert hasattr(example, "command") and hasattr(example, "shown")
    actual = run_example(example.command)
    hint = "\n`make readme` rewrites the README's examples from real output"
    assert matches(example.shown, actual), difference(example, actual) + hint  # type: ignore[arg-type]


def test_elision_matches_only_where_the_readme_elides() -> None:
    assert matches(["a … c"], ["a b b c"])
    assert not matches(["a … c"], ["a b b d"])
    assert not matches(["[1] x", "score 5.29"], ["[1] x", "score 5.30"])


def _readme_json_answer() -> dict[str, object]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"### JSON answer\n\n((?:    .*\n|\n)+)", text)
    assert block is not None, "README has no '### JSON answer' block"
    value = json.loads(block.group(1))
    assert isinstance(value, dict)
    return value


def _shape(value: object) -> object:
    """Keys and JSON types, not values: the README shows placeholders."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__ if value is not None else "null"


def test_json_answer_in_the_readme_has_the_real_keys_and_types() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "ask",
            "--json",
            "--top-k",
            "1",
            "Door wie zijn de inlichtingen bevestigd?",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            "PATH": "",
            "NO_COLOR": "1",
            "KNOWLEDGE_FILE": str(ROOT / "knowledge" / "article.txt"),
        },
        timeout=60,
    )
    real = json.loads(proc.stdout)
    shown = _readme_json_answer()
    assert real["results"], "choose a question that has a result"
    assert _shape(shown) == _shape(real), (
        f"README JSON answer shape {_shape(shown)} != program's {_shape(real)}"
    )


def test_offsets_shown_in_the_readme_keep_the_offset_promise() -> None:
    text = (ROOT / "knowledge" / "article.txt").read_text(encoding="utf-8")
    shown = "\n".join(line for e in EXAMPLES for line in e.shown)
    quotes = re.findall(r'"quote":"((?:[^"\\]|\\.)*)","start":(\d+),"end":(\d+)', shown)
    assert quotes, "the README shows no JSON quote with its offsets"
    for quote, start, end in quotes:
        assert text[int(start) : int(end)] == json.loads(f'"{quote}"')
