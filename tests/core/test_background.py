"""Background frequencies: how much a question word the file lacks should count."""

from bot.core.background import missing_word_weight, zipf


def test_everyday_words_count_less_than_rare_ones() -> None:
    assert zipf("komt") > zipf("goedgekeurd") > 0
    assert missing_word_weight("komt") == 0.5
    assert missing_word_weight("operationeel") == 1.0
    assert 0.5 <= missing_word_weight("reactie") < missing_word_weight("goedgekeurd") <= 1.0


def test_english_words_are_known_too() -> None:
    assert zipf("response") > 3
    assert missing_word_weight("response") < 1.0


def test_words_no_list_knows_count_in_full() -> None:
    assert zipf("xqzvbrt") == 0.0
    assert zipf("100000") == 0.0
    assert missing_word_weight("xqzvbrt") == 1.0


def test_a_misspelt_everyday_word_is_still_an_everyday_word() -> None:
    assert missing_word_weight("vint") == 1.0  # as written, a rare word
    assert missing_word_weight("vint", "vindt") < 1.0
