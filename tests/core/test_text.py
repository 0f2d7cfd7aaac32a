"""Tokens keep exact offsets; folding makes spelling variants meet."""

from bot.core.text import fold, tokenize


def test_fold_drops_accents_and_case() -> None:
    assert fold("Oekraïne") == "oekraine"
    assert fold("Roemenië") == "roemenie"
    assert fold("COMMERCIËLE") == "commerciele"


def test_fold_normalises_compatibility_forms() -> None:
    assert fold("ﬁnale") == "finale"  # ligature
    assert fold("Ｎ\u0041VO") == "navo"  # full-width letter


def test_numbers_with_separators_stay_one_token() -> None:
    tokens = tokenize("er zijn 100.000 troepen en 2,5 miljoen")
    assert [t.folded for t in tokens] == [
        "er",
        "zijn",
        "100.000",
        "troepen",
        "en",
        "2,5",
        "miljoen",
    ]


def test_hyphenated_words_are_one_token_with_parts() -> None:
    (token,) = tokenize("NAVO-Rusland-raad")
    assert token.folded == "navo-rusland-raad"
    assert token.joined == "navoruslandraad"
    assert token.parts == ["navo", "rusland", "raad"]


def test_offsets_index_the_original_text() -> None:
    text = "In “Oekraïne” gaat het om 100.000 man."
    for token in tokenize(text):
        assert fold(text[token.start : token.end]) == token.folded


def test_sentence_end_dot_is_not_part_of_a_word() -> None:
    assert [t.folded for t in tokenize("Rusland. Moskou")] == ["rusland", "moskou"]
