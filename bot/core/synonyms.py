"""Admins' synonyms: a Solr-format file beside the knowledge file, applied to questions.

The article uses its own words ("battle group"); members use theirs ("gevechtsgroep").
`<knowledge>.synonyms.txt` says which are the same, one rule a line:

    # comments start a line
    gevechtsgroep, battle group        # no: a comment must have its own line
    gevechtsgroep, battle group, battlegroup
    soldaten => troepen

`a, b, c` makes the entries equivalent: a question using any of them is read as if it
used those of them the article uses (all of them when it uses none). `a, b => c` rewrites
a and b to c (the member's word is dropped, as in Solr). Entries may be phrases; they
match whole words, ignoring case and accents.

Why the article's words only: the rewrite is text, so every word put in counts for the
confidence rule as something asked; a member's word the article never uses would count
as missing and could sink an answer the synonym was written to allow.

The rewrite happens on the question's text, before analysis, so every later stage
(compounds, typos, the confidence rule) treats the equivalents as words the member wrote,
and nothing needs re-indexing when the file changes (as Meilisearch does it).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.knowledge import KnowledgeError
from bot.core.text import tokenize

SUFFIX = ".synonyms.txt"
MAX_BYTES = 1024 * 1024
MAX_LINE_CHARS = 1000
MAX_PHRASE_WORDS = 8
MAX_PROBLEMS_SHOWN = 20


class SynonymsError(KnowledgeError):
    """A synonyms file that cannot be used; one `path: line N: what` line per problem."""

    def __init__(self, path: Path | None, problems: list[str]) -> None:
        self.problems = problems
        where = f"{path}: " if path is not None else ""
        lines = [where + p for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"{where}… and {len(problems) - MAX_PROBLEMS_SHOWN} more bad lines")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class SynonymRule:
    """One line of the file: `sources` are read as `targets` (equivalent: the same list)."""

    line: int
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    equivalent: bool


@dataclass(frozen=True)
class _Expansion:
    keep: bool
    """The matched words stay in the question (equivalence) or are replaced (`=>`)."""
    add: tuple[str, ...]
    equivalent: bool
    """From an `a, b, c` line: only the entries the article uses are put in."""


@dataclass(frozen=True)
class Synonyms:
    """The rules of one synonyms file, compiled for matching; empty when there is none."""

    rules: tuple[SynonymRule, ...] = ()
    path: Path | None = None
    _table: dict[tuple[str, ...], _Expansion] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _longest: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[tuple[str, ...], _Expansion] = {}
        for rule in self.rules:
            for source in rule.sources:
                key = phrase_key(source)
                old = table.get(key, _Expansion(keep=False, add=(), equivalent=True))
                added = [t for t in rule.targets if phrase_key(t) != key]
                keep = old.keep or rule.equivalent or len(added) < len(rule.targets)
                equivalent = old.equivalent and rule.equivalent
                add = tuple(dict.fromkeys([*old.add, *added]))
                table[key] = _Expansion(keep, add, equivalent)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_longest", max(map(len, table), default=0))

    def __len__(self) -> int:
        return len(self.rules)

    def expand(self, question: str, known: Callable[[str], bool] | None = None) -> str:
        """The question with each synonym phrase (longest first) followed by, or replaced
        with, its equivalents; the question itself when no rule matches.

        `known` tells whether the article uses a folded word: an equivalence then puts in
        only the entries (the member's own included) that hold such a word.
        """
        if not self._table:
            return question
        tokens = tokenize(question)
        pieces: list[str] = []
        copied = 0
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                key = tuple(t.folded for t in tokens[i : i + size])
                expansion = self._table.get(key)
                if expansion is None:
                    continue
                start, end = tokens[i].start, tokens[i + size - 1].end
                pieces.append(question[copied:start])
                words = [question[start:end]] if expansion.keep else []
                words += expansion.add
                if known is not None and expansion.equivalent:
                    words = [w for w in words if _uses(w, known)] or words
                pieces.append(" ".join(words))
                copied = end
                i += size
                break
            else:
                i += 1
        if not pieces:
            return question
        return "".join(pieces) + question[copied:]


NO_SYNONYMS = Synonyms()


def _uses(phrase: str, known: Callable[[str], bool]) -> bool:
    return any(known(t.folded) or any(map(known, t.parts)) for t in tokenize(phrase))


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The folded words of an entry: what a question's words are compared with."""
    return tuple(t.folded for t in tokenize(phrase))


def synonyms_path(knowledge_path: Path) -> Path:
    """`<name>.synonyms.txt` beside a knowledge file (`article.txt` → `article.synonyms.txt`)."""
    return knowledge_path.with_name(knowledge_path.stem + SUFFIX)


def load_synonyms_for(knowledge_path: Path) -> Synonyms:
    """The synonyms beside a knowledge file: none when there is no file; SynonymsError
    (a KnowledgeError) when there is one that cannot be used."""
    return load_synonyms(synonyms_path(Path(knowledge_path)))


def load_synonyms(path: Path) -> Synonyms:
    """Read and validate a synonyms file; a missing file means no synonyms."""
    if not path.exists():
        return NO_SYNONYMS
    if path.is_dir():
        raise SynonymsError(path, ["is a directory, not a synonyms file"])
    try:
        data = _read_regular(path)
    except OSError as exc:
        raise SynonymsError(path, [f"cannot be read ({exc.strerror or exc})"]) from None
    return Synonyms(parse_synonyms(data, path=path), path=path)


def _read_regular(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file. Opened non-blocking and checked on
    the descriptor, so a FIFO or a device there (/dev/zero) cannot hang a reload."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SynonymsError(path, ["is not a regular file (a FIFO, device or socket)"])
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def parse_synonyms(data: bytes, *, path: Path | None = None) -> tuple[SynonymRule, ...]:
    """The rules of a synonyms file; SynonymsError listing every bad line."""
    if len(data) > MAX_BYTES:
        raise SynonymsError(path, [f"the file is {len(data):,} bytes, over {MAX_BYTES:,}"])
    if b"\x00" in data:
        at = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SynonymsError(path, [f"line {at}: the file looks binary (NUL byte), not text"])
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        raise SynonymsError(path, [f"line {at}: not valid UTF-8 (save it as UTF-8)"]) from None
    rules: list[SynonymRule] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            rules.append(parse_rule(line, number))
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
    if problems:
        raise SynonymsError(path, problems)
    return tuple(rules)


def parse_rule(line: str, number: int) -> SynonymRule:
    """One non-comment line; ValueError saying what is wrong with it."""
    if len(line) > MAX_LINE_CHARS:
        raise ValueError(f"the line is {len(line):,} characters long, over {MAX_LINE_CHARS:,}")
    if "#" in line:
        raise ValueError("'#' starts a comment only at the beginning of a line")
    sides = line.split("=>")
    if len(sides) > 2:
        raise ValueError("more than one '=>' (write one rule per line)")
    if len(sides) == 2:
        sources = _entries(sides[0], "before '=>'")
        targets = _entries(sides[1], "after '=>'")
        return SynonymRule(number, sources, targets, equivalent=False)
    entries = _entries(line, "")
    if len(entries) < 2:
        raise ValueError(
            f"only one entry ({entries[0]!r}): list two or more equivalent words "
            "separated by commas, or write 'word => replacement'"
        )
    return SynonymRule(number, entries, entries, equivalent=True)


def _entries(side: str, where: str) -> tuple[str, ...]:
    where = f" {where}" if where else ""
    if not side.strip():
        raise ValueError(f"nothing{where}")
    entries: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for raw in side.split(","):
        entry = " ".join(raw.split())
        if not entry:
            raise ValueError(f"an empty entry{where} (two commas in a row, or one at an end)")
        key = phrase_key(entry)
        if not key:
            raise ValueError(f"{entry!r} has no word in it")
        if len(key) > MAX_PHRASE_WORDS:
            raise ValueError(f"{entry!r} has {len(key)} words; at most {MAX_PHRASE_WORDS}")
        if key in seen:
            raise ValueError(f"{entry!r} is listed twice")
        seen.add(key)
        entries.append(entry)
    return tuple(entries)
