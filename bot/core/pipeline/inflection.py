"""Other spellings of a question word, tried when the word itself matches nothing.

Dutch inflection the Snowball stemmer leaves apart: the present-tense -t it keeps
("stuurt" stems to itself, "sturen" to "stur"), d/t mix-ups ("bezorgt" for "bezorgd"),
and single long vowels in closed syllables ("gaf" ~ "gaven"). The index keeps the
stemmer; these forms only let a question's word meet the article's.
"""

from __future__ import annotations

import re

_CLOSED_SYLLABLE = re.compile(r"[a-z]*[^aeiou]([aou])[^aeiouwy]")


def spelling_forms(word: str) -> list[str]:
    """The word, then its d/t variants, then without the -t ending, then the infinitives
    that ending points to, then with a single long vowel doubled as the stemmer does for
    "gaven" → "gaaf": "gaf" → "gaaf", "kwam" → "kwaam".

    Short verbs keep their vowel before -n: "ziet" → "zien", "staat" → "staan".
    """
    forms = [word]
    if len(word) > 3 and word[-1] in "dt":  # "bezorgt" ~ "bezorgd", "vint" ~ "vindt"
        base = word[:-2] if word.endswith("dt") else word[:-1]
        forms += [base + end for end in ("d", "t", "dt") if base + end != word]
    if len(word) > 3 and word.endswith("t") and not word.endswith("tt"):
        bare = word[:-1]
        forms += [bare] if len(word) > 4 else []
        forms += [bare + "n", bare + "en"]
    closed = _CLOSED_SYLLABLE.fullmatch(word)
    if closed:
        forms.append(word[:-1] + closed.group(1) + word[-1])
    return list(dict.fromkeys(forms))
