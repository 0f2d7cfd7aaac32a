"""Synonyms: the file format, the question rewrite, and loading with the knowledge."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeError, load_knowledge
from bot.core.knowledge_base import KnowledgeBase
from bot.core.synonyms import (
    NO_SYNONYMS,
    Synonyms,
    SynonymsError,
    load_synonyms_for,
    parse_synonyms,
    synonyms_path,
)

SMALL_ARTICLE = (
    "NAVO versterkt oostflank\n\n"
    "De NAVO stuurt een battle group naar Roemenië, zei Stoltenberg woensdag.\n\n"
    "Frankrijk toonde zich bereid om die troepen te leiden.\n\n"
    "De ministers van Defensie praten donderdag verder over de oostflank.\n"
)
SYNONYM_ONLY = "Waar komt de gevechtsgroep?"


def synonyms(text: str) -> Synonyms:
    return Synonyms(parse_synonyms(text.encode()))


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(SMALL_ARTICLE, encoding="utf-8")
    return path


def test_the_synonyms_file_sits_beside_the_knowledge_file() -> None:
    assert synonyms_path(Path("k/article.txt")) == Path("k/article.synonyms.txt")


def test_no_file_means_no_synonyms(article: Path) -> None:
    assert load_synonyms_for(article) is NO_SYNONYMS
    assert NO_SYNONYMS.expand("Waar komt de gevechtsgroep?") == "Waar komt de gevechtsgroep?"


def test_equivalent_words_keep_the_members_word_and_add_the_others() -> None:
    rules = synonyms("gevechtsgroep, battle group")
    assert rules.expand("Waar komt de gevechtsgroep?") == "Waar komt de gevechtsgroep battle group?"
    assert rules.expand("En de battle group?") == "En de battle group gevechtsgroep?"


def test_a_one_way_rule_replaces_the_members_word() -> None:
    rules = synonyms("soldaten, militairen => troepen")
    assert rules.expand("Hoeveel soldaten en militairen?") == "Hoeveel troepen en troepen?"
    assert rules.expand("Welke troepen?") == "Welke troepen?"


def test_matching_ignores_case_and_accents_and_needs_whole_words() -> None:
    rules = synonyms("Roemenie => Rumänien")
    assert rules.expand("Waarom ROEMENIË?") == "Waarom Rumänien?"
    assert rules.expand("Roemeniës buren") == "Roemeniës buren"


def test_the_longest_phrase_wins_and_expansions_are_not_expanded_again() -> None:
    rules = synonyms("group => groep\nbattle group => gevechtsgroep\ngevechtsgroep => eenheid")
    assert rules.expand("de battle group") == "de gevechtsgroep"
    assert rules.expand("de group") == "de groep"


def test_comments_and_blank_lines_are_skipped() -> None:
    rules = parse_synonyms(b"# heading\n\n   # indented comment\na, b\n")
    assert [(r.line, r.sources) for r in rules] == [(4, ("a", "b"))]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("alleen\n", "line 1: only one entry"),
        ("a, , b\n", "line 1: an empty entry"),
        ("a, b,\n", "line 1: an empty entry"),
        ("# ok\na => b => c\n", "line 2: more than one '=>'"),
        ("=> b\n", "line 1: nothing before '=>'"),
        ("a =>\n", "line 1: nothing after '=>'"),
        ("a, b # note\n", "line 1: '#' starts a comment only at the beginning"),
        ("a, !!!\n", "line 1: '!!!' has no word in it"),
        ("a, A\n", "line 1: 'A' is listed twice"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(text: str, reason: str) -> None:
    with pytest.raises(SynonymsError) as caught:
        parse_synonyms(text.encode())
    assert caught.value.problems[0].startswith(reason)


def test_every_bad_line_is_listed() -> None:
    with pytest.raises(SynonymsError) as caught:
        parse_synonyms(b"a\nok, fine\nb => \n")
    assert [p.split(":")[0] for p in caught.value.problems] == ["line 1", "line 3"]


def test_bytes_that_are_not_utf8_are_refused_with_their_line() -> None:
    with pytest.raises(SynonymsError, match="line 2: not valid UTF-8"):
        parse_synonyms(b"a, b\nc, \xe9\n")


def test_a_synonym_line_makes_a_question_in_the_members_words_answerable(article: Path) -> None:
    before = Engine(load_knowledge(article), synonyms=load_synonyms_for(article)).ask(SYNONYM_ONLY)
    assert not before.answered

    synonyms_path(article).write_text("# battle group\ngevechtsgroep => battle group\n")
    after = Engine(load_knowledge(article), synonyms=load_synonyms_for(article)).ask(SYNONYM_ONLY)

    assert after.answered
    assert after.question == SYNONYM_ONLY
    assert after.best is not None and "battle group" in after.best.quote


def test_reloading_picks_up_a_new_synonyms_file(article: Path) -> None:
    base = KnowledgeBase(article, max_bytes=1 << 20)
    assert not base.ask(SYNONYM_ONLY).answered
    synonyms_path(article).write_text("gevechtsgroep, battle group\n")

    report = base.reload()

    assert report.ok
    assert base.ask(SYNONYM_ONLY).answered


def test_a_bad_synonyms_file_fails_the_reload_and_keeps_the_old_version(article: Path) -> None:
    synonyms_path(article).write_text("gevechtsgroep => battle group\n")
    base = KnowledgeBase(article, max_bytes=1 << 20)
    served = base.engine
    synonyms_path(article).write_text("gevechtsgroep => battle group\nkapot\n")

    report = base.reload()

    assert not report.ok
    assert report.error is not None and "line 2: only one entry" in report.error
    assert base.engine is served
    assert base.ask(SYNONYM_ONLY).answered


def test_a_bad_synonyms_file_stops_the_start(article: Path) -> None:
    synonyms_path(article).write_text("x =>\n")
    with pytest.raises(KnowledgeError, match="line 1: nothing after"):
        KnowledgeBase(article, max_bytes=1 << 20)


def test_an_equivalence_puts_in_only_the_words_the_article_uses() -> None:
    rules = synonyms("gevechtsgroep, battle group, eenheid")
    article_words = {"battle", "group", "troepen"}.__contains__
    assert (
        rules.expand("Waar komt de gevechtsgroep?", article_words) == "Waar komt de battle group?"
    )
    assert rules.expand("de battle group", article_words) == "de battle group"
    assert rules.expand("de eenheid", {"x"}.__contains__) == "de eenheid gevechtsgroep battle group"


@pytest.mark.timeout(10)
def test_a_fifo_or_device_as_synonyms_file_is_refused_without_hanging(article: Path) -> None:
    base = KnowledgeBase(article, max_bytes=1 << 20)
    served = base.engine
    os.mkfifo(synonyms_path(article))  # nobody writes: reading it would wait for ever
    report = base.reload()
    assert not report.ok and "not a regular file" in (report.error or "")
    assert base.engine is served and not base.reloading
    synonyms_path(article).unlink()
    synonyms_path(article).symlink_to("/dev/zero")  # reading it would never end
    with pytest.raises(SynonymsError, match="not a regular file"):
        load_synonyms_for(article)


def test_a_synonyms_file_over_the_limit_is_refused(article: Path) -> None:
    synonyms_path(article).write_bytes(b"a, b\n" * (1 << 20))
    with pytest.raises(SynonymsError, match="over 1,048,576"):
        load_synonyms_for(article)
