"""One question, one answer: lexical retrieval, meaning when it is ready, and the verdict.

The order: a question about the article as a whole gets the lede; otherwise lexical
retrieval proposes passages and quotes, and when the knowledge file's embeddings are
ready the quotes are re-ranked by words and meaning together (hybrid.py) and the
calibrated verdict decides answered / unsure / not found (verdict.py). Without
embeddings the lexical rules decide, and the answer says it was lexical.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.answer import Answer, Mode, Result
from bot.core.config import RetrievalConfig
from bot.core.engine import Engine
from bot.core.hybrid import LexicalQuote, RankedQuote, fuse
from bot.core.overview import asks_about_whole_article, lede
from bot.core.pipeline.answer_types import contains_type, expected_type
from bot.core.pipeline.quote import shorten
from bot.core.question_form import (
    asks_for_a_name,
    asks_for_something,
    english_share,
    names_something_new,
)
from bot.core.semantic.encoder import Encoder, Vectors
from bot.core.semantic.index import SemanticIndex
from bot.core.semantic.units import Unit
from bot.core.text import _TOKEN, fold
from bot.core.verdict import VerdictFeatures

NO_MATCH_REASONS = ("no content word in common", "no content word in question")


@dataclass(frozen=True)
class Meaning:
    """The semantic half, when it is ready: the encoder and this file's embeddings."""

    encoder: Encoder
    index: SemanticIndex


def answer(
    engine: Engine,
    question: str,
    top_k: int,
    meaning: Meaning | None,
    config: RetrievalConfig,
) -> tuple[Answer, VerdictFeatures | None]:
    """The answer, and the verdict's features when the hybrid path decided (for fitting)."""
    usable = meaning is not None and meaning.index.checksum == engine.knowledge.checksum
    if asks_about_whole_article(question, engine.analyzer):
        # No ranking happens; the mode still says how this file is being served.
        mode: Mode = "hybrid" if usable and config.on("hybrid") else "lexical"
        return overview(engine, question).model_copy(update={"mode": mode}), None
    if meaning is None or not usable or not config.on("hybrid"):
        return lexical(engine, question, top_k), None
    return hybrid(engine, question, top_k, meaning, config)


def lexical(engine: Engine, question: str, top_k: int) -> Answer:
    """The lexical rules' answer; refused questions that share words are "unsure"."""
    found = engine.ask(question, top_k)
    if found.answered:
        config = engine.config
        certainty = (
            "high"
            if found.confidence >= config.lexical_high_coverage
            else "medium"
            if found.confidence >= config.lexical_medium_coverage
            else "low"
        )
        return found.model_copy(update={"certainty": certainty})
    if found.reason in NO_MATCH_REASONS:
        return found
    return found.model_copy(update={"status": "unsure"})


def overview(engine: Engine, question: str) -> Answer:
    """The title and lede, as the answer to a question about the whole article."""
    opening = lede(engine.passages)
    if opening is None:
        return Answer(question=question, answered=False, reason="empty article")
    passage, start, end = opening
    return Answer(
        question=question,
        answered=True,
        results=[_result(engine, 1, 0.0, passage.index, start, end, [])],
        confidence=1.0,
        certainty="high",
        reason="a question about the whole article",
        overview=True,
    )


def hybrid(
    engine: Engine, question: str, top_k: int, meaning: Meaning, config: RetrievalConfig
) -> tuple[Answer, VerdictFeatures]:
    """Quotes ranked by words and meaning; the calibrated verdict on the best one."""
    found = engine.ask(question, max(top_k, config.lexical_depth))
    proposed = [
        LexicalQuote(engine.passages.index_at(r.passage_start), r.start, r.end, r.score)
        for r in found.results
    ]
    similarities = meaning.index.similarities(meaning.encoder.embed_query(question))
    units = meaning.index.units
    ranked = fuse(units, similarities, proposed, config, max(top_k, 2), found.confidence)
    asked = _terms(engine, question)
    features = _features(engine, question, asked, found, ranked, units, similarities, config)
    probability = config.verdict.probability(features)
    status = config.verdict.status(probability)
    lexical_marks = [h for r in found.results for h in r.highlights]
    results = [
        _result(
            engine,
            rank,
            q.score,
            q.unit.passage,
            q.unit.start,
            q.unit.end,
            _highlights(engine, q.unit.start, q.unit.end, asked, lexical_marks),
        )
        for rank, q in enumerate(ranked[:top_k], 1)
    ]
    return (
        Answer(
            question=question,
            answered=status == "answered",
            status=status,
            mode="hybrid",
            results=results,
            confidence=probability,
            certainty=config.verdict.certainty(probability) if status == "answered" else None,
            reason=f"verdict {probability:.2f} ({found.reason})",
        ),
        features,
    )


def _features(
    engine: Engine,
    question: str,
    asked: set[str],
    found: Answer,
    ranked: list[RankedQuote],
    units: tuple[Unit, ...],
    similarities: Vectors,
    config: RetrievalConfig,
) -> VerdictFeatures:
    best = ranked[0]
    nearest = units[int(similarities.argmax())]
    lexical_agreement = 0.0
    for rank, r in enumerate(found.results, 1):
        if r.passage_start <= nearest.start < r.passage_end:
            lexical_agreement = 1.0 / rank
            break
    span = (best.unit.start, best.unit.end)
    text = engine.knowledge.text
    # Novelty of the sentence that matches the question best: a second sentence in the
    # quote would add words whether or not the first answers.
    sentences = [
        (s, e)
        for s, e in engine.passages[best.unit.passage].sentences
        if s < span[1] and span[0] < e
    ] or [span]
    quote_terms = max(
        (_terms(engine, text[s:e]) for s, e in sentences), key=lambda t: len(t & asked)
    )
    new_terms = quote_terms - asked
    return VerdictFeatures(
        lexical_answered=float(found.answered),
        coverage=found.confidence,
        similarity=best.similarity,
        novelty=_novelty(question, quote_terms, new_terms, config),
        lexical_agreement=lexical_agreement,
        english=english_share(question),
        lacks_type=float(_lacks_type(question, text[span[0] : span[1]], config)),
    )


def _lacks_type(question: str, quote: str, config: RetrievalConfig) -> bool:
    """A how-many or when question whose quote holds no number or time, or a
    what-is-it-called question whose quote names nothing the question does not
    [name-answer]."""
    wanted = expected_type(question)
    if wanted is not None:
        return not contains_type(quote, wanted)
    if config.on("name-answer") and asks_for_a_name(question):
        return not names_something_new(quote, question)
    return False


def _novelty(
    question: str, quote_terms: set[str], new_terms: set[str], config: RetrievalConfig
) -> float:
    """Share of the quote's terms the question lacks; 1 for a yes/no question, whose
    answer may repeat it (rule "yes-no-novelty")."""
    if config.on("yes-no-novelty") and not asks_for_something(question):
        return 1.0
    return len(new_terms) / len(quote_terms) if quote_terms else 0.0


def _terms(engine: Engine, text: str) -> set[str]:
    """Index terms of a text's content words."""
    return {
        t
        for m in _TOKEN.finditer(text)
        for w in engine.analyzer.content_words_of(fold(m[0]))
        for t in engine.word_terms(w)
    }


def _highlights(
    engine: Engine,
    start: int,
    end: int,
    terms: set[str],
    lexical_marks: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """The question's words inside the quote: where lexical matching found them (typos and
    compounds included) and any word sharing an index term with the question."""
    marks = {(s, e) for s, e in lexical_marks if start <= s and e <= end}
    text = engine.knowledge.text
    for m in _TOKEN.finditer(text, start, end):
        words = engine.analyzer.content_words_of(fold(m[0]))
        if any(t in terms for w in words for t in engine.word_terms(w)):
            marks.add((m.start(), m.end()))
    return sorted(marks)


def _result(
    engine: Engine,
    rank: int,
    score: float,
    passage_index: int,
    start: int,
    end: int,
    highlights: list[tuple[int, int]],
) -> Result:
    text = engine.knowledge.text
    passage = engine.passages[passage_index]
    whole = (start, end)
    start, end = shorten(text, start, end, highlights, engine.config)
    highlights = [(s, e) for s, e in highlights if start <= s and e <= end]
    return Result(
        rank=rank,
        score=round(score, 4),
        quote=text[start:end],
        start=start,
        end=end,
        passage=text[passage.start : passage.end],
        passage_start=passage.start,
        passage_end=passage.end,
        paragraph=passage.paragraph,
        section=passage.section,
        highlights=highlights,
        cut_start=start > whole[0],
        cut_end=end < whole[1],
    )
