"""Search speed and memory: this project against rank-bm25 and bm25s, in one run.

For each corpus size (synthetic Dutch-like knowledge files from `corpus.py`) every system
runs in its own fresh Python process, so its peak RSS is its own:

* ours      `Engine(decode_knowledge(bytes))`, then `engine.ask(q).to_json()` per question
            (question analysis, BM25, quote selection and the JSON answer);
* rank-bm25 lower-case `split()` tokens, `BM25Okapi(corpus)`, `get_scores(tokens)`;
* bm25s     `bm25s.tokenize` (PyStemmer dutch, stop words "nl") + `BM25().index`, and a
            single-question `retrieve(k=3)` on the already tokenised question.

The baselines get the passages already split (ours splits the file itself), and only our
time per question includes analysing the question and building the answer. A checking
process compares our ranking with `LuceneIdfBM25` (rank-bm25's model, Lucene IDF) on the
same analysed terms. Run from the repository root:

    .venv/bin/python benchmarks/bench_search.py
    .venv/bin/python benchmarks/bench_search.py --sizes 1000,10000 --queries 100 --json out.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import knowledge_text, questions  # noqa: E402

ARTICLE = ROOT / "knowledge" / "article.txt"
QUESTION_FILES = ("questions_shared.jsonl", "questions_own.jsonl")
DEFAULT_SIZES = "1000,10000,100000"
SLOW_SIZE = 50_000
"""From this many passages rank-bm25 answers only `--slow-queries` questions (it is slow)."""
ARTICLE_ROUNDS = 20
WARMUP_QUESTIONS = 20
CHECK_QUESTIONS = 30

Result = dict[str, Any]


# -- measuring ------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB.

    Linux's VmHWM, not `ru_maxrss`: the latter carries over the parent's size from before
    `exec`, which here is the runner holding a whole corpus.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def latency(times: Sequence[float]) -> Result:
    """p50/p99/mean of per-question times, in milliseconds."""
    if not times:
        return {"n": 0, "p50_ms": math.nan, "p99_ms": math.nan, "mean_ms": math.nan}
    return {
        "n": len(times),
        "p50_ms": percentile(times, 50) * 1000,
        "p99_ms": percentile(times, 99) * 1000,
        "mean_ms": sum(times) / len(times) * 1000,
    }


def passage_texts(data: bytes) -> list[str]:
    """The passages our engine would index, as plain strings for the baselines."""
    from bot.core.knowledge import decode_knowledge
    from bot.core.passages import split_passages

    knowledge = decode_knowledge(data)
    return [knowledge.text[p.start : p.end] for p in split_passages(knowledge)]


# -- workers (each runs in its own process) -------------------------------------------


def work_ours(data: bytes, asked: list[str], warmup: list[str]) -> Result:
    from bot.core.engine import Engine
    from bot.core.knowledge import decode_knowledge

    baseline = peak_rss_mb()
    started = time.perf_counter()
    engine = Engine(decode_knowledge(data))
    build = time.perf_counter() - started
    after_build = peak_rss_mb()
    first = timed(lambda: engine.ask(warmup[0]).to_json()) if warmup else math.nan
    for question in warmup[1:]:
        engine.ask(question).to_json()
    times = []
    answered = 0
    for question in asked:
        started = time.perf_counter()
        answer = engine.ask(question)
        answer.to_json()
        times.append(time.perf_counter() - started)
        answered += answer.answered
    return {
        "build_s": build,
        "passages": engine.stats.passages,
        "terms": engine.stats.terms,
        "first_question_ms": first * 1000,
        "answered": answered,
        "query": latency(times),
        "rss_baseline_mb": baseline,
        "rss_after_build_mb": after_build,
        "rss_peak_mb": peak_rss_mb(),
    }


def work_rank_bm25(data: bytes, asked: list[str], warmup: list[str]) -> Result:
    from rank_bm25 import BM25Okapi

    texts = passage_texts(data)
    baseline = peak_rss_mb()
    started = time.perf_counter()
    model = BM25Okapi([text.lower().split() for text in texts])
    build = time.perf_counter() - started
    for question in warmup[:2]:
        model.get_scores(question.lower().split())
    times = []
    for question in asked:
        words = question.lower().split()
        started = time.perf_counter()
        model.get_scores(words)
        times.append(time.perf_counter() - started)
    return {
        "build_s": build,
        "passages": len(texts),
        "query": latency(times),
        "rss_baseline_mb": baseline,
        "rss_peak_mb": peak_rss_mb(),
    }


def work_bm25s(data: bytes, asked: list[str], warmup: list[str]) -> Result:
    import bm25s
    import Stemmer

    texts = passage_texts(data)
    stemmer = Stemmer.Stemmer("dutch")
    baseline = peak_rss_mb()
    started = time.perf_counter()
    tokens = bm25s.tokenize(texts, stopwords="nl", stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    build = time.perf_counter() - started
    del tokens

    def tokenize(question: str) -> Any:
        return bm25s.tokenize(
            question, stopwords="nl", stemmer=stemmer, show_progress=False, return_ids=False
        )

    k = min(3, len(texts))
    for question in warmup:
        retriever.retrieve(tokenize(question), k=k, show_progress=False)
    retrieve_times, total_times = [], []
    for question in asked:
        started = time.perf_counter()
        query = tokenize(question)
        tokenized = time.perf_counter()
        retriever.retrieve(query, k=k, show_progress=False)
        done = time.perf_counter()
        retrieve_times.append(done - tokenized)
        total_times.append(done - started)
    return {
        "build_s": build,
        "passages": len(texts),
        "query": latency(retrieve_times),
        "query_with_tokenize": latency(total_times),
        "rss_baseline_mb": baseline,
        "rss_peak_mb": peak_rss_mb(),
    }


def work_check(data: bytes, asked: list[str], warmup: list[str]) -> Result:
    """Our ranking against LuceneIdfBM25 on the same analysed terms, question by question.

    The reference reads every passage token by token with `text.tokenize` and the
    engine's own word analysis, so it also checks the build's batched tokenising.
    """
    import numpy as np

    from bot.core.engine import Engine
    from bot.core.knowledge import decode_knowledge
    from bot.core.scoring import LuceneIdfBM25
    from bot.core.text import tokenize

    engine = Engine(decode_knowledge(data))
    text = engine.knowledge.text
    documents = []
    for passage in engine.passages:
        terms: list[str] = []
        for token in tokenize(text, passage.start, passage.end):
            for word in engine.analyzer.content_words(token):
                terms.extend(engine.word_terms(word))
        documents.append(terms)
    reference = LuceneIdfBM25(documents)
    lengths_equal = engine.index.doc_lengths.tolist() == [len(d) for d in documents]
    # The query `ask` builds, caught on its way to the index.
    asked_queries: list[dict[str, float]] = []
    index_top = engine.index.top

    def spy(query: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        asked_queries.append(dict(query))
        return index_top(query, k)

    engine.index.top = spy  # type: ignore[method-assign]
    checked = same_top = same_answer = 0
    max_diff = 0.0
    for question in asked:
        asked_queries.clear()
        best = engine.ask(question).best
        query = asked_queries[0]
        expected = np.zeros(len(documents))
        for term, weight in query.items():
            expected += weight * reference.get_scores([term])
        ours = engine.index.scores_all(query)
        max_diff = max(max_diff, float(np.max(np.abs(ours - expected), initial=0.0)))
        top = index_top(query, 3)
        order = sorted(range(len(documents)), key=lambda i: (-expected[i], i))
        want = [i for i in order[:3] if expected[i] > 0]
        checked += 1
        same_top += [d for d, _ in top] == want
        same_answer += (best.passage_start if best else None) == (
            engine.passages[want[0]].start if want else None
        )
    return {
        "questions": checked,
        "same_top3": same_top,
        "same_answer_passage": same_answer,
        "max_abs_score_diff": max_diff,
        "doc_lengths_equal": lengths_equal,
    }


WORKERS: dict[str, Callable[[bytes, list[str], list[str]], Result]] = {
    "ours": work_ours,
    "rank-bm25": work_rank_bm25,
    "bm25s": work_bm25s,
    "check": work_check,
}


def run_worker(kind: str, knowledge: Path, asked: list[str], warmup: list[str]) -> Result:
    """Run one worker in a fresh interpreter and return what it reports."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"asked": asked, "warmup": warmup}, handle, ensure_ascii=False)
        questions_file = handle.name
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", kind, str(knowledge), questions_file],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    finally:
        os.unlink(questions_file)
    result: Result = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def worker_main(kind: str, knowledge: str, questions_file: str) -> None:
    spec = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    result = WORKERS[kind](Path(knowledge).read_bytes(), spec["asked"], spec["warmup"])
    print(json.dumps(result))


# -- the run --------------------------------------------------------------------------


def machine() -> Result:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    versions = {}
    for module in ("numpy", "bm25s", "rank_bm25", "rapidfuzz", "Stemmer"):
        try:
            from importlib.metadata import version

            name = {"rank_bm25": "rank-bm25", "Stemmer": "PyStemmer"}.get(module, module)
            versions[module] = version(name)
        except Exception:  # pragma: no cover - a missing package only hides its version
            versions[module] = "?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def article_questions() -> list[str]:
    out = []
    for name in QUESTION_FILES:
        path = ROOT / "tests" / "data" / name
        if path.exists():
            out += [json.loads(line)["question"] for line in path.read_text().splitlines() if line]
    return out


def best_of(runs: list[Result]) -> Result:
    """The run with the fastest build; all runs' builds and query p50s are kept alongside."""
    best = dict(min(runs, key=lambda r: float(r["build_s"])))
    best["runs"] = [{"build_s": r["build_s"], "p50_ms": r["query"]["p50_ms"]} for r in runs]
    return best


def run(
    sizes: list[int], n_questions: int, slow_questions: int, check: bool, repeat: int = 1
) -> Result:
    results: Result = {"machine": machine(), "article": {}, "sizes": {}}
    log = sys.stderr
    asked = article_questions()
    log.write(f"article: {len(asked)} questions x {ARTICLE_ROUNDS}\n")
    results["article"] = {
        "passages": None,
        "ours": run_worker("ours", ARTICLE, asked * ARTICLE_ROUNDS, asked),
    }
    results["article"]["passages"] = results["article"]["ours"]["passages"]
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        for size in sizes:
            started = time.perf_counter()
            text = knowledge_text(size)
            path = Path(tmp) / f"knowledge-{size}.txt"
            path.write_text(text, encoding="utf-8")
            every = questions(size, n_questions + WARMUP_QUESTIONS)
            warmup, asked = every[:WARMUP_QUESTIONS], every[WARMUP_QUESTIONS:]
            slow = asked if size < SLOW_SIZE else asked[:slow_questions]
            log.write(
                f"{size:,} passages: {len(text.encode()) / 1e6:.1f} MB, "
                f"generated in {time.perf_counter() - started:.1f} s\n"
            )
            entry: Result = {"mb": len(text.encode()) / 1e6}
            runs: dict[str, list[Result]] = {"ours": [], "bm25s": [], "rank-bm25": []}
            for _ in range(repeat):  # interleaved, so a slow spell of the machine hits all
                for kind, kind_asked in (("ours", asked), ("bm25s", asked), ("rank-bm25", slow)):
                    started = time.perf_counter()
                    runs[kind].append(run_worker(kind, path, kind_asked, warmup))
                    log.write(f"  {kind}: {time.perf_counter() - started:.1f} s\n")
            for kind, kind_runs in runs.items():
                entry[kind] = best_of(kind_runs)
            if check:
                started = time.perf_counter()
                count = CHECK_QUESTIONS if size < SLOW_SIZE else CHECK_QUESTIONS // 3
                entry["check"] = run_worker("check", path, asked[:count], [])
                log.write(f"  check: {time.perf_counter() - started:.1f} s\n")
            entry["passages"] = entry["ours"]["passages"]
            results["sizes"][str(size)] = entry
            del text
    results["goals"] = goals(results, sizes)
    return results


def goals(results: Result, sizes: list[int]) -> list[Result]:
    out: list[Result] = []
    article = results["article"]["ours"]["query"]["p50_ms"]
    out.append(_goal("article: ask+to_json p50", f"{article:.3f} ms", "< 0.5 ms", article < 0.5))
    largest = str(max(sizes)) if sizes else None
    if largest is None:
        return out
    entry = results["sizes"][largest]
    ours, bm25s, rank = entry["ours"], entry["bm25s"], entry["rank-bm25"]
    label = f"{int(largest):,} passages"
    vs_bm25s = ours["query"]["p50_ms"] / bm25s["query"]["p50_ms"]
    out.append(
        _goal(
            f"{label}: query p50 ours / bm25s retrieve p50",
            f"{vs_bm25s:.3f}",
            "≤ 0.5",
            vs_bm25s <= 0.5,
        )
    )
    speedup = rank["query"]["p50_ms"] / ours["query"]["p50_ms"]
    out.append(
        _goal(
            f"{label}: rank-bm25 get_scores p50 / ours p50",
            f"{speedup:.0f}×",
            "≥ 50×",
            speedup >= 50,
        )
    )
    build = ours["build_s"] / bm25s["build_s"]
    out.append(
        _goal(
            f"{label}: build ours / bm25s tokenize+index",
            f"{build:.2f} ({ours['build_s']:.2f} s vs {bm25s['build_s']:.2f} s)",
            "≤ 0.75",
            build <= 0.75,
        )
    )
    for size in sizes:
        check = results["sizes"][str(size)].get("check")
        if check:
            ok = (
                check["same_top3"] == check["questions"]
                and check["max_abs_score_diff"] <= 1e-9
                and check["doc_lengths_equal"]
            )
            out.append(
                _goal(
                    f"{size:,} passages: top-3 and scores = LuceneIdfBM25 (rank-bm25)",
                    f"{check['same_top3']}/{check['questions']} top-3 equal, "
                    f"largest score difference {check['max_abs_score_diff']:.1e}",
                    "all, ≤ 1e-9",
                    ok,
                )
            )
    return out


def _goal(name: str, measured: str, target: str, met: bool) -> Result:
    return {"goal": name, "measured": measured, "target": target, "met": met}


# -- reporting ------------------------------------------------------------------------


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}" if value < 10 else f"{value:.1f}"


def markdown(results: Result) -> str:
    m = results["machine"]
    lines = [
        "## Search benchmark",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']} "
        f"({m['platform']}); " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        "",
        "| corpus | passages | system | build s | peak RSS MB | query p50 ms | "
        "query p99 ms | questions |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    article = results["article"]["ours"]
    lines.append(
        f"| article | {results['article']['passages']} | ours (ask+to_json) | "
        f"{article['build_s']:.4f} | {article['rss_peak_mb']:.0f} | "
        f"{_ms(article['query']['p50_ms'])} | {_ms(article['query']['p99_ms'])} | "
        f"{article['query']['n']} |"
    )
    for size, entry in results["sizes"].items():
        name = f"{int(size):,}"
        rows = [
            ("ours (ask+to_json)", entry["ours"], entry["ours"]["query"]),
            ("bm25s (retrieve k=3)", entry["bm25s"], entry["bm25s"]["query"]),
            ("bm25s (tokenize+retrieve)", None, entry["bm25s"]["query_with_tokenize"]),
            ("rank-bm25 (get_scores)", entry["rank-bm25"], entry["rank-bm25"]["query"]),
        ]
        for system, built, query in rows:
            build = f"{built['build_s']:.2f}" if built else "″"
            rss = f"{built['rss_peak_mb']:.0f}" if built else "″"
            lines.append(
                f"| {name} ({entry['mb']:.1f} MB) | {entry['passages']:,} | {system} | {build} | "
                f"{rss} | {_ms(query['p50_ms'])} | {_ms(query['p99_ms'])} | {query['n']} |"
            )
    lines += [
        "",
        "| corpus | build: ours / bm25s | query p50: ours / bm25s | "
        "query p50: rank-bm25 / ours | ours: first question ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, entry in results["sizes"].items():
        ours, bm25s, rank = entry["ours"], entry["bm25s"], entry["rank-bm25"]
        lines.append(
            f"| {int(size):,} | {ours['build_s'] / bm25s['build_s']:.2f} | "
            f"{ours['query']['p50_ms'] / bm25s['query']['p50_ms']:.3f} | "
            f"{rank['query']['p50_ms'] / ours['query']['p50_ms']:.0f}× | "
            f"{ours['first_question_ms']:.1f} |"
        )
    lines += ["", "| goal | measured | target | met |", "|---|---|---|---|"]
    for goal in results["goals"]:
        met = "yes" if goal["met"] else "**no**"
        lines.append(f"| {goal['goal']} | {goal['measured']} | {goal['target']} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="passages per corpus, comma-separated"
    )
    parser.add_argument("--queries", type=int, default=200, help="questions per corpus")
    parser.add_argument(
        "--slow-queries", type=int, default=20, help="rank-bm25 questions on large corpora"
    )
    parser.add_argument("--json", type=Path, help="also write all measurements here")
    parser.add_argument("--no-check", action="store_true", help="skip the ranking check")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each system N times, keep its fastest build"
    )
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(*args.worker)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = run(sizes, args.queries, args.slow_queries, not args.no_check, max(1, args.repeat))
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
