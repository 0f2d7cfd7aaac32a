"""The fast search equals the plain one: scores, rankings, index, compounds and typos.

`BM25Index` must give exactly what scoring every passage with rank-bm25 gives
(`LuceneIdfBM25`, rank-bm25's BM25Okapi with Lucene IDF), and the engine's batched build
must index exactly what reading the passages token by token indexes. Compound splitting
and typo correction, sped up for large files, must return what the straightforward
algorithms (kept below as references) return.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

import bot.core.index as index_module
import bot.core.vocabulary as vocabulary_module
from bot.core.engine import Engine
from bot.core.index import BM25Index
from bot.core.knowledge import KnowledgeFile
from bot.core.scoring import LuceneIdfBM25
from bot.core.text import fold, tokenize
from bot.core.vocabulary import LINKING_MORPHEMES, Vocabulary, typo_budget

# -- BM25: the index against rank-bm25 ---------------------------------------------------

TERMS = ["navo", "rusland", "troep", "grens", "oekrain", "kiev", "a", "bb"]
ABSENT = ["appeltaart", "zz"]
documents = st.lists(st.sampled_from(TERMS), max_size=12)
corpora = st.lists(documents, min_size=1, max_size=8).filter(lambda c: any(c))
"""1-8 passages, empty ones included; not all empty (rank-bm25 divides by zero then)."""
queries = st.lists(st.sampled_from(TERMS + ABSENT), max_size=6)
"""Repeated terms included: rank-bm25 adds a repeated term once per occurrence."""


@contextmanager
def scoring_path(path: str) -> Iterator[None]:
    """Force `BM25Index` to add postings up in Python ("small") or with numpy ("dense")."""
    threshold = 10**9 if path == "small" else -1
    with patch.object(index_module, "PYTHON_POSTINGS", threshold):
        yield


def reference_order(scores: np.ndarray, k: int) -> list[int]:
    """rank-bm25's passages with a positive score, best first, ties by passage index."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    return [i for i in order if scores[i] > 0][:k]


@settings(max_examples=200, deadline=None)
@given(corpus=corpora, query=queries)
def test_scores_equal_rank_bm25(corpus: list[list[str]], query: list[str]) -> None:
    expected = LuceneIdfBM25(corpus).get_scores(query)
    index = BM25Index.from_documents(corpus)
    for path in ("small", "dense"):
        with scoring_path(path):
            got = index.scores_all(Counter(query))
        assert np.max(np.abs(got - expected)) <= 1e-9
        if len(set(query)) == len(query):
            # Each term once: the very same floating-point operations, in the same order.
            assert got.tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(corpus=corpora, query=queries, k=st.integers(1, 10))
def test_top_k_is_rank_bm25_order(corpus: list[list[str]], query: list[str], k: int) -> None:
    expected_scores = LuceneIdfBM25(corpus).get_scores(query)
    expected = reference_order(expected_scores, k)
    index = BM25Index.from_documents(corpus)
    for path in ("small", "dense"):
        with scoring_path(path):
            top = index.top(Counter(query), k)
        got = [doc for doc, _ in top]
        assert [(-s, d) for d, s in top] == sorted((-s, d) for d, s in top)
        if len(set(query)) == len(query):
            assert got == expected
        else:
            # A term counted twice is added once doubled: equal up to rounding, so only
            # passages whose rank-bm25 scores differ by rounding may trade places.
            assert len(got) == len(expected)
            for mine, theirs in zip(got, expected, strict=True):
                assert abs(expected_scores[mine] - expected_scores[theirs]) <= 1e-9


def test_ties_go_to_the_earlier_passage() -> None:
    index = BM25Index.from_documents([["x"], ["a"], ["a"], ["a"], ["a"], ["b"]])
    for path in ("small", "dense"):
        with scoring_path(path):
            assert [doc for doc, _ in index.top({"a": 1.0}, 2)] == [1, 2]
            assert [doc for doc, _ in index.top({"a": 1.0, "b": 1.0}, 6)] == [5, 1, 2, 3, 4]


def test_tiny_corpora_and_unknown_terms() -> None:
    for corpus in ([["a"]], [["a"], []], [["a", "a", "b"], ["b"], []]):
        index = BM25Index.from_documents(corpus)
        expected = LuceneIdfBM25(corpus).get_scores(["a", "zz"])
        assert index.scores_all({"a": 1.0, "zz": 1.0}).tolist() == expected.tolist()
        assert index.top({"zz": 1.0}, 3) == []
        assert index.idf_of("zz") > index.idf_of("a")


@given(
    st.lists(st.lists(st.sampled_from("abcdef"), max_size=6), min_size=1, max_size=12),
    st.sampled_from("abcdefz"),
)
def test_containing_agrees_with_the_passages(corpus: list[list[str]], term: str) -> None:
    index = BM25Index.from_documents(corpus)
    docs = np.arange(len(corpus), dtype=np.int64)[::-1].copy()
    found = index.containing(term, docs).tolist()
    assert found == [term in corpus[d] for d in docs.tolist()]


# -- the engine's batched build against reading token by token ------------------------

WORDS = [
    "NAVO", "navo", "Oekraïne", "oekraine", "troepen", "troepenopbouw", "opbouw", "de",
    "het", "De", "DE", "100.000", "2,5", "2022", "zo'n", "NAVO-Rusland-raad", "zee‐macht",
    "secretaris-generaal", "Straße", "ﬁnale", "İstanbul", "ijs", "IJzer", "x", "Ω",
    "verdedigingsorganisatie", "verdediging", "organisatie", "landen", "land", "a1b2",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", ", ", ". ", "? ", "\n", "\n\n", " “", "” ", " - ", "\x00", "\t"]
pieces = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet="aeiounrstlkdéëï'-.,", min_size=1, max_size=9),
)
knowledge_texts = st.lists(
    st.tuples(pieces, st.sampled_from(SEPARATORS)), min_size=1, max_size=60
).map(lambda parts: "".join(w + s for w, s in parts) + "\n\nEinde van het bericht.")


def reference_documents(engine: Engine) -> list[list[str]]:
    """Each passage's terms, read with `text.tokenize` and analysed token by token."""
    text = engine.knowledge.text
    return [
        [
            term
            for token in tokenize(text, passage.start, passage.end)
            for word in engine.analyzer.content_words(token)
            for term in engine.word_terms(word)
        ]
        for passage in engine.passages
    ]


def postings(index: BM25Index) -> dict[str, tuple[list[int], list[float]]]:
    out = {}
    for term, tid in index.term_id.items():
        lo, hi = index.offsets[tid], index.offsets[tid + 1]
        out[term] = (index.docs[lo:hi].tolist(), index.contributions[lo:hi].tolist())
    return out


@settings(max_examples=150, deadline=None)
@given(text=knowledge_texts)
def test_engine_indexes_what_token_by_token_reading_indexes(text: str) -> None:
    engine = Engine(KnowledgeFile(text=text))
    documents = reference_documents(engine)
    reference = BM25Index.from_documents(documents)
    assert engine.index.doc_lengths.tolist() == reference.doc_lengths.tolist()
    assert postings(engine.index) == postings(reference)
    words_per_passage = [
        {w for t in tokenize(text, p.start, p.end) for w in engine.analyzer.content_words(t)}
        for p in engine.passages
    ]
    expected_df = Counter(w for words in words_per_passage for w in words)
    assert engine.vocabulary.df == dict(expected_df)


@given(st.text(max_size=12))
def test_ascii_fast_fold_is_fold(raw: str) -> None:
    ascii_only = raw.encode("ascii", "ignore").decode()
    assert fold(raw) == full_fold(raw)
    assert fold(ascii_only) == full_fold(ascii_only)


def full_fold(word: str) -> str:
    """`fold` without its ASCII shortcut: NFKD, drop combining marks, casefold, NFKC."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", stripped.casefold())


# -- compounds and typos against the straightforward algorithms -----------------------


def reference_split(df: dict[str, int], word: str) -> list[str]:
    """`Vocabulary.split_compound` as first written: every split point, every part probed."""

    def split_tail(tail: str) -> list[str]:
        if len(tail) < 7:
            return []
        for cut in range(3, len(tail) - 3 + 1):
            head, rest = tail[:cut], tail[cut:]
            for h in (head, *(head[: -len(x)] for x in LINKING_MORPHEMES if head.endswith(x))):
                if len(h) >= 3 and h in df and rest in df:
                    return [h, rest]
        return []

    if len(word) < 7 or not word.isalpha():
        return []
    best: list[str] = []
    best_cover = 0
    for cut in range(3, len(word) - 3 + 1):
        head, tail = word[:cut], word[cut:]
        heads = [head] + [head[: -len(x)] for x in LINKING_MORPHEMES if head.endswith(x)]
        known_head = next((h for h in heads if len(h) >= 3 and h in df), None)
        tail_parts = [tail] if tail in df else split_tail(tail)
        if known_head is not None and tail_parts:
            parts = [known_head, *tail_parts]
        elif known_head is not None and len(known_head) >= 4 and len(tail) >= 4:
            parts = [known_head]
        elif tail_parts and len(tail) >= 5 and len(head) >= 3:
            parts = tail_parts
        else:
            continue
        cover = sum(len(p) for p in parts)
        if cover > best_cover:
            best, best_cover = parts, cover
    return best


def reference_nearest(df: dict[str, int], word: str) -> str | None:
    """`Vocabulary.nearest` as first written: the edit distance to every same-length word."""
    budget = typo_budget(word)
    if budget == 0 or not word.isalpha():
        return None
    candidates = [w for w in df if abs(len(w) - len(word)) <= budget]
    matches = process.extract(
        word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=None
    )
    if not matches:
        return None
    return min(matches, key=lambda m: (m[1], -df[m[0]], m[0]))[0]


letters = st.text(alphabet="aenstrk", min_size=2, max_size=9)
vocabularies = st.dictionaries(letters, st.integers(1, 5), min_size=1, max_size=40)
probes = st.text(alphabet="aenstrkö", min_size=3, max_size=16)


@settings(max_examples=300, deadline=None)
@given(df=vocabularies, extra=st.lists(probes, max_size=8), data=st.data())
def test_compound_splits_equal_the_reference(
    df: dict[str, int], extra: list[str], data: st.DataObject
) -> None:
    # Compound-like words: known words, linking morphemes and stray letters run together.
    part = st.one_of(st.sampled_from(sorted(df)), st.sampled_from(LINKING_MORPHEMES), letters)
    made = data.draw(st.lists(st.lists(part, min_size=2, max_size=4).map("".join), max_size=12))
    vocabulary = Vocabulary(df)
    for word in [*df, *extra, *made]:
        assert vocabulary.split_compound(word) == reference_split(df, word)


def test_compound_edge_cases_equal_the_reference() -> None:
    df = dict.fromkeys(["ab", "kop", "rest", "troepen", "opbouw", "troep", "land", "en"], 1)
    words = ["kopabsrest", "kopabrest", "troepenopbouw", "troepopbouw", "xxxrest", "landxxxx"]
    vocabulary = Vocabulary(df)
    for word in words + ["kop" + w for w in words] + [w + "land" for w in words]:
        assert vocabulary.split_compound(word) == reference_split(df, word), word


@settings(max_examples=200, deadline=None)
@given(df=vocabularies, asked=st.lists(probes, min_size=1, max_size=6))
def test_typo_corrections_equal_the_reference(df: dict[str, int], asked: list[str]) -> None:
    for unfiltered in (vocabulary_module._UNFILTERED_CANDIDATES, 0):
        with patch.object(vocabulary_module, "_UNFILTERED_CANDIDATES", unfiltered):
            vocabulary = Vocabulary(df)
            for word in [*asked, *(w[:2] + w[3:] for w in df), *(w + "e" for w in df)]:
                assert vocabulary.nearest(word) == reference_nearest(df, word)


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=30))
def test_typo_table_masks_are_the_words_letters(words: list[str]) -> None:
    table = vocabulary_module._TypoTable.build(words)
    assert sorted(table.words) == sorted(words)
    for word, mask in zip(table.words, table.masks.tolist(), strict=True):
        assert mask == vocabulary_module._letter_mask(word)
