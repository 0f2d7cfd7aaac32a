"""Everyday frequencies: how much a question word the file lacks should count."""

from bot.core.config import DEFAULT
from bot.core.pipeline.everyday import missing_word_weight, zipf


def weight(*forms: str) -> float:
    return missing_word_weight(list(forms), DEFAULT)


def test_everyday_words_count_less_than_rare_ones() -> None:
    assert zipf("komt") > zipf("goedgekeurd") > 0
    assert weight("komt") == 0.5
    assert weight("operationeel") == 1.0
    assert 0.5 <= weight("reactie") < weight("goedgekeurd") <= 1.0


def test_english_words_are_known_too() -> None:
    assert zipf("response") > 3
    assert weight("response") < 1.0


def test_words_no_list_knows_count_in_full() -> None:
    assert zipf("xqzvbrt") == 0.0
    assert zipf("100000") == 0.0
    assert weight("xqzvbrt") == 1.0


def test_a_misspelt_everyday_word_is_still_an_everyday_word() -> None:
    assert weight("vint") == 1.0  # as written, a rare word
    assert weight("vint", "vindt") < 1.0
