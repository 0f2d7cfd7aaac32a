"""RetrievalConfig: one place for the tunables, and named rules that each earn their place."""

from dataclasses import FrozenInstanceError

import pytest

from bot.core.config import DEFAULT, RULES, SEMANTIC_RULES, RetrievalConfig
from bot.core.engine import Engine
from bot.core.eval_tables import read_manifest
from bot.core.evaluation import evaluate
from bot.core.knowledge import KnowledgeFile
from bot.core.question_file import read_question_file


def test_the_config_is_frozen_and_refuses_unknown_rules() -> None:
    with pytest.raises(FrozenInstanceError):
        DEFAULT.min_coverage = 0.1  # type: ignore[misc]
    with pytest.raises(ValueError, match="no-such-rule"):
        RetrievalConfig(disabled=frozenset({"no-such-rule"}))
    assert DEFAULT.on("typo") and not DEFAULT.without("typo").on("typo")


def test_a_tunable_changes_the_answer() -> None:
    knowledge = KnowledgeFile(text="De ministers kwamen samen.\n\nHet weer was goed.\n")
    question = "Wat deden de ministers van Defensie in Brussel?"
    assert not Engine(knowledge).ask(question).answered
    assert Engine(knowledge, RetrievalConfig(min_coverage=0.05)).ask(question).answered


def test_every_named_rule_changes_an_outcome_on_some_question_file(engine: Engine) -> None:
    questions = [q for f in read_manifest() for q in read_question_file(f.path)]

    def outcomes(ask: object) -> list[tuple[bool, int | None]]:
        report = evaluate(questions, ask)  # type: ignore[arg-type]
        return [(o.answered, o.rank) for o in report.outcomes]

    base = outcomes(engine.ask)
    for rule in RULES.keys() - SEMANTIC_RULES:  # those: tests/core/test_semantic.py
        off = Engine(engine.knowledge, DEFAULT.without(rule))
        assert outcomes(off.ask) != base, f"{rule} changes nothing: remove it"
