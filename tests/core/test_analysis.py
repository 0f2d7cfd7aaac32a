"""Dutch analysis: stop words (with question words), stems, hyphen parts."""

import pytest

from bot.core.analysis import Analyzer, stopwords
from bot.core.text import tokenize


def test_snowball_stopwords_and_question_words_are_stopwords() -> None:
    stops = stopwords()
    for word in ("de", "het", "een", "van", "wanneer", "waar", "welke", "hoeveel", "wie", "wat"):
        assert word in stops
    for word in ("waartoe", "artikel", "volgens"):
        assert word in stops


def test_content_words_are_not_stopwords() -> None:
    stops = stopwords()
    for word in ("zei", "verder", "samen", "troepen", "navo"):
        assert word not in stops


def test_inflections_share_a_stem() -> None:
    analyzer = Analyzer()
    assert analyzer.stem("troepen") == analyzer.stem("troep")
    assert analyzer.stem("bedreiging") == analyzer.stem("bedreigingen")


def test_accented_and_plain_spellings_share_a_stem_after_folding() -> None:
    analyzer = Analyzer()
    (accented,) = tokenize("Oekraïne")
    (plain,) = tokenize("Oekraine")
    assert analyzer.stem(accented.folded) == analyzer.stem(plain.folded)


def test_hyphenated_word_gives_whole_and_parts_without_stopwords() -> None:
    analyzer = Analyzer()
    (token,) = tokenize("de-escalatie")
    assert analyzer.content_words(token) == ["deescalatie", "escalatie"]


def test_numbers_are_kept_as_terms() -> None:
    analyzer = Analyzer()
    (token,) = tokenize("2,5")
    assert analyzer.content_words(token) == ["2,5"]
    assert analyzer.stem("2,5") == "2,5"


@pytest.mark.parametrize("written", ["100.000", "100,000", "100000"])
def test_thousands_are_one_term_however_grouped(written: str) -> None:
    analyzer = Analyzer()
    (token,) = tokenize(written)
    assert analyzer.content_words(token) == ["100000"]


@pytest.mark.parametrize("written", ["1.5", "10,25", "1.000,5", "100.000.00"])
def test_numbers_not_grouped_in_thousands_stay_as_written(written: str) -> None:
    analyzer = Analyzer()
    (token,) = tokenize(written)
    assert analyzer.content_words(token) == [written]


def test_remembered_content_words_are_the_same_and_not_shared() -> None:
    analyzer = Analyzer()
    (token,) = tokenize("NAVO-Rusland-raad")
    first = analyzer.content_words(token)
    first.append("mutated")
    assert analyzer.content_words(token) == ["navoruslandraad", "navo", "rusland", "raad"]
