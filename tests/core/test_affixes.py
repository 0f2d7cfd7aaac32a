"""Affix look-ups: compounds a word heads or starts, and words that begin with most of it."""

from bot.core.affixes import AffixIndex

WORDS = "oostflank cyberaanvallen europese russische rusland uitgenodigd troepenopbouw troepen"
INDEX = AffixIndex(WORDS.split())


def test_compounds_ending_or_starting_with_a_word() -> None:
    assert INDEX.ending_with("flank") == ["oostflank"]
    assert INDEX.starting_with("troepen") == ["troepenopbouw"]


def test_related_prefers_containing_words() -> None:
    assert INDEX.related("aanvallen") == ["cyberaanvallen"]


def test_related_falls_back_to_a_shared_start() -> None:
    assert INDEX.related("europa") == ["europese"]
    assert INDEX.related("russen") == ["russische"]


def test_a_shared_prefix_alone_is_not_enough() -> None:
    assert INDEX.related("uitgevoerd") == []  # "uitge" is half of it, not most


def test_short_words_relate_to_nothing() -> None:
    assert INDEX.related("rus") == []


def test_a_derivational_ending_is_dropped_before_matching_the_start() -> None:
    index = AffixIndex(["bondgenoten", "verdediging"])
    assert index.related("bondgenootschap") == ["bondgenoten"]
    assert index.related("vriendschap") == []
