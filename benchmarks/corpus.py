"""Reproducible synthetic Dutch-like knowledge files and questions for the search benchmark.

A knowledge file is paragraphs separated by blank lines with an occasional short heading.
Sentences draw their words from one fixed lexicon with a Zipf-Mandelbrot distribution, so
the number of distinct words grows with the file the way real text does (Heaps' law):

* Dutch function words take the top ranks ("de", "van", "het", ...);
* the article's own words (knowledge/article.txt) are spread over the common ranks;
* 2,000 generated one-syllable words ("kraat", "bloem") take the next ranks;
* generated compounds of lexicon words ("troepenopbouw"-like, with a linking -s-/-en-)
  and random words of 2-4 syllables ("kravelingen") fill the rest, a few capitalised names;
* special ranks stand for numbers ("100.000", "2,5", "1914") and hyphenated names
  ("Noord-Vermeland", "secretaris-generaal").

Questions pick a paragraph and ask about 2-4 of its content words, some with a typo, an
unknown word or no word of the file at all. Everything is seeded: the same arguments give
byte-identical output on every machine.

    python benchmarks/corpus.py 10000 > /tmp/k10k.txt
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "knowledge" / "article.txt"

LEXICON_SIZE = 300_000
MONOSYLLABLES = 2_000
ZIPF_EXPONENT = 1.05
ZIPF_SHIFT = 2.7
SIZES = (1_000, 10_000, 100_000)
MAX_PARAGRAPH_CHARS = 1_100
"""Below the engine's 1,200-character passage limit, so one paragraph is one passage."""

FUNCTION_WORDS = (
    "de van het een en in is dat op te voor met die niet zijn er aan als ook door bij "
    "om maar naar dan of uit over nog al wel tot wordt worden heeft hebben kan zal werd "
    "deze dit ze zich hun hij zij we geen meer veel moet kunnen onder tegen na waren was "
    "zou omdat toen nu want daar hier ook volgens tussen sinds zonder tijdens binnen"
).split()
NUMBER, NAME = "\x00number", "\x00name"
QUESTION_STARTS = (
    "Wat",
    "Wie",
    "Waar",
    "Wanneer",
    "Waarom",
    "Hoe",
    "Hoeveel",
    "Welke",
    "Is er",
    "Klopt het dat",
)
QUESTION_FILLERS = ("de", "het", "een", "van de", "over", "met", "voor", "in", "bij de")
OFF_TOPIC = (
    "Wat is het recept voor appeltaart?",
    "Hoe laat begint de voetbalwedstrijd vanavond?",
    "Welke kleur heeft een zebrapad in Japan?",
    "Wie won de Tour de France van 1987?",
)

_ONSETS = (
    "b d f g h j k l m n p r s t v w z " * 3
    + "bl br dr fl fr gr kl kn kr pl pr sch schr sl sm sn sp st str tr vl zw"
).split()
_NUCLEI = "a e i o u aa ee oo uu ie oe eu ui ei ij ou au".split()
_CODAS = ["", "", "", "", "", "n", "r", "l", "s", "t", "k", "m", "n", "r", "l", "s", "t", "k", "m"]
_CODAS += ["rd", "ld", "nd", "ng", "rk", "st", "cht"]
_SUFFIXES = ("",) * 8 + ("en", "en", "ing", "heid", "er", "elijk", "te", "de", "isch", "baar")
_LINKS = ("", "", "s", "en")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Lexicon:
    """Words by rank (rank 0 is the commonest) and the cumulative Zipf distribution."""

    words: tuple[str, ...]
    cdf: np.ndarray
    content: frozenset[str]


def _syllable_word(rng: random.Random, syllables: int) -> str:
    parts = [
        rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS) for _ in range(syllables)
    ]
    return "".join(parts) + rng.choice(_SUFFIXES)


def _article_words() -> list[str]:
    """Its words as written, lower-cased where the article also writes them so."""
    text = ARTICLE.read_text(encoding="utf-8") if ARTICLE.exists() else ""
    found = _WORD.findall(text)
    lower = {w for w in found if w.islower()}
    seen: dict[str, None] = {}
    for word in found:
        written = word.lower() if word.lower() in lower else word
        if written.lower() not in FUNCTION_WORDS:
            seen.setdefault(written, None)
    return list(seen)


@cache
def lexicon(seed: int = 0) -> Lexicon:
    """The fixed ranked lexicon every corpus size samples from."""
    rng = random.Random(f"lexicon-{seed}")
    pool: list[str] = []
    seen: set[str] = set(FUNCTION_WORDS)
    while len(pool) < LEXICON_SIZE:
        roll = rng.random()
        if len(pool) < MONOSYLLABLES:
            # Short common words ("dag", "weg", "huis") head the lexicon.
            word = rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS[5:])
        elif roll < 0.7:
            word = _syllable_word(rng, rng.choice((2, 2, 2, 3, 3, 4)))
            if rng.random() < 0.06:
                word = word.capitalize()
        else:
            # A compound of two words already in the lexicon, usually common ones.
            head = pool[int(rng.paretovariate(0.9)) % len(pool)]
            tail = pool[int(rng.paretovariate(0.9)) % len(pool)]
            if head == tail or not (head.islower() and tail.islower()) or len(head + tail) > 18:
                continue
            link = rng.choice(_LINKS) if head[-1] not in "aeiou" else ""
            word = head + link + tail
        if word not in seen and 3 <= len(word) <= 30:
            seen.add(word)
            pool.append(word)
    # The article's words are common; numbers and names are two frequent "words".
    for word in _article_words():
        if word not in seen:
            seen.add(word)
            pool.insert(rng.randrange(0, 3_000), word)
    pool.insert(40, NUMBER)
    pool.insert(60, NAME)
    words = tuple(FUNCTION_WORDS) + tuple(pool)
    ranks = np.arange(len(words), dtype=np.float64)
    weights = 1.0 / (ranks + ZIPF_SHIFT) ** ZIPF_EXPONENT
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    content = frozenset(w for w in words if w not in FUNCTION_WORDS and not w.startswith("\x00"))
    return Lexicon(words, cdf, content)


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d}"
    if kind < 0.45:
        return f"{rng.randint(0, 99)},{rng.randint(1, 9)}"
    if kind < 0.7:
        return str(rng.randint(1900, 2030))
    return str(rng.randint(1, 500))


def _name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.15:
        return rng.choice(("secretaris-generaal", "zee- en luchtmacht", "de-escalatie"))
    first = _syllable_word(rng, rng.choice((1, 2))).capitalize()
    second = _syllable_word(rng, rng.choice((1, 2, 3))).capitalize()
    if kind < 0.3:
        return f"{first}-{second}-{_syllable_word(rng, 1)}"
    if kind < 0.5:
        return f"{rng.choice(('Noord', 'Zuid', 'Oost', 'West'))}-{second}"
    return f"{first}-{second}"


@dataclass
class _Generated:
    text: str
    paragraphs: list[list[str]]
    """Each paragraph's words as written, for drawing questions from."""


def _generate(passages: int, seed: int) -> _Generated:
    lex = lexicon()
    rng = random.Random(f"corpus-{seed}-{passages}")
    nrng = np.random.default_rng([seed, passages])
    # Draw every word rank at once: ~45 words a paragraph, with headroom.
    budget = passages * 60 + 1_000
    ranks = np.searchsorted(lex.cdf, nrng.random(budget), side="right")
    ranks = np.minimum(ranks, len(lex.words) - 1)
    drawn = [lex.words[r] for r in ranks.tolist()]
    cursor = 0
    blocks: list[str] = []
    paragraphs: list[list[str]] = []
    for _ in range(passages):
        if rng.random() < 0.05:
            heading = [lex.words[r] for r in nrng.integers(200, 5_000, size=rng.randint(1, 4))]
            blocks.append(" ".join(w.lstrip("\x00") for w in heading).capitalize()[:60])
        sentences: list[str] = []
        written: list[str] = []
        size = 0
        for _s in range(rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))):
            length = rng.randint(5, 20)
            if cursor + length > budget:
                cursor = 0
            words = drawn[cursor : cursor + length]
            cursor += length
            words = [_number(rng) if w == NUMBER else _name(rng) if w == NAME else w for w in words]
            sentence = " ".join(words)
            if rng.random() < 0.25:
                cut = sentence.find(" ", len(sentence) // 2)
                if cut > 0:
                    sentence = f"{sentence[:cut]},{sentence[cut:]}"
            if rng.random() < 0.08:
                sentence = f"“{sentence}”, zei {_name(rng).split('-')[0]}"
            sentence = sentence[0].upper() + sentence[1:] + rng.choice(".......?!")
            if sentences and size + len(sentence) + 1 > MAX_PARAGRAPH_CHARS:
                break
            sentences.append(sentence)
            written.extend(words)
            size += len(sentence) + 1
        blocks.append(" ".join(sentences))
        paragraphs.append(written)
    return _Generated("\n\n".join(blocks) + "\n", paragraphs)


def knowledge_text(passages: int, seed: int = 0) -> str:
    """A knowledge file with exactly `passages` paragraphs (each one passage)."""
    return _generate(passages, seed).text


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]


def questions(passages: int, count: int, seed: int = 0) -> list[str]:
    """`count` questions about the file `knowledge_text(passages, seed)` describes.

    About 15% carry a typo in a word of at least 6 letters, 10% an extra word the file
    never uses, and 4% share no word with the file at all.
    """
    generated = _generate(passages, seed)
    lex = lexicon()
    rng = random.Random(f"questions-{seed}-{passages}-{count}")
    out: list[str] = []
    while len(out) < count:
        if rng.random() < 0.04:
            out.append(rng.choice(OFF_TOPIC))
            continue
        paragraph = rng.choice(generated.paragraphs)
        content = list(dict.fromkeys(w for w in paragraph if w not in FUNCTION_WORDS))
        if len(content) < 2:
            continue
        picked = rng.sample(content, min(len(content), rng.randint(2, 4)))
        if rng.random() < 0.15:
            long = [i for i, w in enumerate(picked) if len(w) >= 6 and w.isalpha()]
            if long:
                i = rng.choice(long)
                picked[i] = _typo(rng, picked[i])
        if rng.random() < 0.10:
            while True:
                unknown = _syllable_word(rng, 3)
                if unknown not in lex.content:
                    break
            picked.insert(rng.randrange(len(picked) + 1), unknown)
        words: list[str] = []
        for i, word in enumerate(picked):
            if i and rng.random() < 0.5:
                words.append(rng.choice(QUESTION_FILLERS))
            words.append(word)
        out.append(f"{rng.choice(QUESTION_STARTS)} {' '.join(words)}?")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("passages", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--questions", type=int, default=0, help="print N questions instead")
    args = parser.parse_args(argv)
    if args.questions:
        sys.stdout.write("\n".join(questions(args.passages, args.questions, args.seed)) + "\n")
    else:
        sys.stdout.write(knowledge_text(args.passages, args.seed))


if __name__ == "__main__":
    main()
