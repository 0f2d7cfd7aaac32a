"""Peak memory of loading and of reloading a 10 MiB knowledge file, for files of every shape.

Each shape runs in its own process; peak RSS is the kernel's high-water mark of that
process (`ru_maxrss`), so it includes the interpreter and the libraries (~60 MB). "load"
is `KnowledgeBase(path)`; "reload" is then `reload()` from disk of a second file of the
same shape and size while the first stays served, as a real reload does (the old index
serves questions until the new one is swapped in). Goals: load < 600 MB, reload < 1 GB.

    python benchmarks/bench_memory.py [--mebibytes 10] [--shape NAME ...]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import corpus  # noqa: E402

LOAD_GOAL_MB = 600
RELOAD_GOAL_MB = 1000


def tiny_paragraphs(size: int, variant: int) -> bytes:
    """ "a.\\n\\n" over and over: millions of one-word paragraphs."""
    unit = b"b." if variant else b"a."
    return (unit + b"\n\n") * (size // (len(unit) + 2))


def one_paragraph(size: int, variant: int) -> bytes:
    """One paragraph of words without any sentence punctuation."""
    words = [f"woord{i % 5000 + variant}" for i in range(size // 8)]
    return " ".join(words).encode()[:size].rsplit(b" ", 1)[0] + b"\n"


def distinct_words(size: int, variant: int) -> bytes:
    """Sentences of words that are all different: a vocabulary of a million words."""
    out, i, total = [], 0, 0
    while total < size - 200:
        words = " ".join(f"w{variant}x{j:x}q" for j in range(i, i + 12))
        out.append(f"Zin {words}.\n\n".encode())
        total += len(out[-1])
        i += 12
    return b"".join(out)[:size].rsplit(b"\n\n", 1)[0] + b"\n"


def dutch_text(size: int, variant: int) -> bytes:
    """The search benchmark's Dutch-like text (Zipf words, compounds, headings)."""
    passages = max(1, size // 330)
    while True:
        data = corpus.knowledge_text(passages, seed=variant).encode()
        if len(data) >= size:
            return data[:size].rsplit(b"\n\n", 1)[0] + b"\n"
        passages = int(passages * size / len(data)) + 1


SHAPES: dict[str, Callable[[int, int], bytes]] = {
    "2.6 M tiny paragraphs": tiny_paragraphs,
    "one unpunctuated paragraph": one_paragraph,
    "1 M distinct words (w0x1aq …)": distinct_words,
    "Dutch-like text": dutch_text,
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(first: Path, second: Path, limit: int) -> dict[str, float]:
    """In this process: load `first`, then reload from disk with `second`'s bytes."""
    from bot.core.knowledge_base import KnowledgeBase

    baseline = _peak_mb()
    started = time.perf_counter()
    base = KnowledgeBase(first, max_bytes=limit, history_keep=0)
    load_seconds = time.perf_counter() - started
    load_peak = _peak_mb()
    first.write_bytes(second.read_bytes())
    started = time.perf_counter()
    report = base.reload(actor="bench", via="bench")
    if not report.ok:
        raise SystemExit(f"reload failed: {report.error}")
    return {
        "baseline": baseline,
        "passages": float(base.engine.stats.passages),
        "load_s": load_seconds,
        "load_mb": load_peak,
        "reload_s": time.perf_counter() - started,
        "reload_mb": _peak_mb(),
    }


def run_shape(name: str, size: int) -> dict[str, float]:
    """Write two files of the shape and measure them in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.txt", Path(folder) / "b.txt"
        first.write_bytes(SHAPES[name](size, 0))
        second.write_bytes(SHAPES[name](size, 1))
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(first), str(second), str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, float] = json.loads(done.stdout)
        result["size_mb"] = first.stat().st_size / 2**20
        return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mebibytes", type=float, default=10.0)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        first, second, limit = args.child
        print(json.dumps(measure(Path(first), Path(second), int(limit))))
        return
    size = int(args.mebibytes * 2**20)
    print(f"Peak RSS of a {args.mebibytes:g} MiB knowledge file: load, then reload from disk\n")
    print("| shape | MiB | passages | load s | load peak MB | reload s | reload peak MB | goals |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name in args.shape or list(SHAPES):
        r = run_shape(name, size)
        met = r["load_mb"] < LOAD_GOAL_MB and r["reload_mb"] < RELOAD_GOAL_MB
        print(
            f"| {name} | {r['size_mb']:.1f} | {int(r['passages']):,} | {r['load_s']:.1f} "
            f"| {r['load_mb']:.0f} | {r['reload_s']:.1f} | {r['reload_mb']:.0f} "
            f"| {'met' if met else 'NOT met'} |",
            flush=True,
        )
    print(f"\nGoals: load < {LOAD_GOAL_MB} MB, reload < {RELOAD_GOAL_MB} MB peak RSS.")


if __name__ == "__main__":
    main()
