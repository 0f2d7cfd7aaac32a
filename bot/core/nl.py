"""The Dutch (and some English) word lists the pipeline uses, read from `data/nl/`.

One list a file, so a reader can see and change the language resources without reading
code: words separated by white space, or one phrase a line for phrase lists; `#` starts
a comment line. Each file is read once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    data = resources.files("bot.core").joinpath(f"data/nl/{name}.txt").read_text("utf-8")
    return [line for line in data.splitlines() if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """The words of `data/nl/<name>.txt`."""
    return frozenset(w for line in _lines(name) for w in line.split())


@cache
def ordered(name: str) -> tuple[str, ...]:
    """The words of `data/nl/<name>.txt` in file order (where order decides, as for suffixes)."""
    return tuple(w for line in _lines(name) for w in line.split())


@cache
def phrases(name: str) -> frozenset[tuple[str, ...]]:
    """The phrases of `data/nl/<name>.txt`, one a line, as tuples of words."""
    return frozenset(tuple(line.split()) for line in _lines(name))
