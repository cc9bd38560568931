"""A small logistic regression in numpy for the abstention gate, and its cross-validation (issue #8).

Only dev questions are fitted. `fit` standardises the features, fits by Newton's method with an L2
penalty (the intercept is not penalised) and returns weights on the raw features, so that the
committed coefficients apply as they are (`sudia.answer.abstention`). `out_of_fold` gives each
question the probability that a model fitted without its fold assigns it, over repeated stratified
folds (averaged): the curve drawn from those is what an unseen question would meet.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights on the raw features and the intercept; y is True for an answerable question."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    a = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    target = y.astype(float)
    w = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = sigmoid(a @ w)
        gradient = a.T @ (p - target) + penalty * w
        hessian = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty) + 1e-9 * np.eye(a.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    weights = w[1:] / scale
    return weights, float(w[0] - (mean / scale) @ w[1:])


def probability(x: np.ndarray, weights: np.ndarray, intercept: float) -> np.ndarray:
    return sigmoid(x @ weights + intercept)


def out_of_fold(x: np.ndarray, y: np.ndarray, folds: int = 5, repeats: int = 20, l2: float = 1.0,
                seed: int = 20261207) -> np.ndarray:
    """Each question's probability from models that never saw it, averaged over repeated stratified folds."""
    rng = np.random.default_rng(seed)
    total = np.zeros(len(y))
    for _ in range(repeats):
        fold_of = np.empty(len(y), dtype=int)
        for label in (True, False):
            index = np.flatnonzero(y == label)
            rng.shuffle(index)
            fold_of[index] = np.arange(len(index)) % folds
        for f in range(folds):
            train = fold_of != f
            weights, intercept = fit(x[train], y[train], l2)
            total[~train] += probability(x[~train], weights, intercept)
    return total / repeats


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """Probability that an answerable question scores above an unanswerable one (ties count half)."""
    pos, neg = score[y], score[~y]
    return float(np.mean(pos[:, None] > neg[None, :]) + 0.5 * np.mean(pos[:, None] == neg[None, :]))


def curve(score: np.ndarray, y: np.ndarray, thresholds: np.ndarray) -> list[tuple[float, float, float]]:
    """(threshold, answerable answered, unanswerable abstained): answer when score >= threshold."""
    return [(float(t), float((score[y] >= t).mean()), float((score[~y] < t).mean())) for t in thresholds]


def abstained_at(score: np.ndarray, y: np.ndarray, max_false_abstention: float) -> tuple[float, float]:
    """The highest threshold whose false abstention stays within the bound, and the unanswerable
    questions it abstains on."""
    best = (float(score.min()), 0.0)
    for t in np.unique(score):
        if (score[y] < t).mean() <= max_false_abstention:
            best = (float(t), float((score[~y] < t).mean()))
    return best


def fit_model(args) -> None:
    """`answers_gate.py fit`: cross-validate, fit on all dev questions, print the coefficients and the curve."""
    import json
    from pathlib import Path

    from gate_reader import row_features
    from sudia.answer.abstention import FEATURES

    names = tuple(args.only.split(",")) if args.only else FEATURES  # another set, to compare
    data = json.loads(Path(args.features).read_text(encoding="utf-8"))["questions"]
    x = np.array([[row_features(row)[name] for name in names] for row in data])
    y = np.array([row["answerable"] for row in data])
    weights, intercept = fit(x, y, args.l2)
    oof = out_of_fold(x, y, l2=args.l2)
    threshold, abstained = abstained_at(oof, y, args.max_false_abstention)
    full = probability(x, weights, intercept)
    print(f"{len(y)} dev questions, {int(y.sum())} answerable; features {names}; L2 {args.l2}")
    print(f"out-of-fold AUC {auc(oof, y):.3f} (best dense score alone: {auc(x[:, 0], y):.3f})")
    print("WEIGHTS = (" + ", ".join(f"{w:.4f}" for w in weights) + f")\nINTERCEPT = {intercept:.4f}")
    print(f"chosen: P >= {threshold:.3f} (out-of-fold false abstention <= {args.max_false_abstention}): "
          f"unanswerable abstained {abstained:.3f} out of fold; on the fitted dev questions answerable "
          f"answered {(full[y] >= threshold).mean():.3f}, unanswerable abstained {(full[~y] < threshold).mean():.3f}")
    print("\n| P ≥ | out-of-fold: answerable not abstained | out-of-fold: unanswerable abstained "
          "| fitted: answerable not abstained | fitted: unanswerable abstained |")
    print("|---:|---:|---:|---:|---:|")
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
    rows = []
    for t, (_, a, b), (_, c, d) in zip(grid, curve(oof, y, grid), curve(full, y, grid)):
        rows.append((float(t), a, b))
        print(f"| {t:.2f} | {a:.3f} | {b:.3f} | {c:.3f} | {d:.3f} |")
    for bound in (0.02, 0.03, 0.04, 0.05, 0.07, 0.10):
        t, ab = abstained_at(oof, y, bound)
        print(f"out-of-fold false abstention <= {bound:.2f}: P >= {t:.3f}, unanswerable abstained {ab:.3f}")
    if args.svg:
        Path(args.svg).write_text(svg(rows, threshold), encoding="utf-8")


def svg(rows: list[tuple[float, float, float]], chosen: float) -> str:
    """Both out-of-fold rates against the probability threshold, the chosen one marked."""
    from common import rate_curve_svg

    return rate_curve_svg(rows, chosen, "Abstention : questions avec réponse répondues, questions sans réponse "
                          "abstenues (dev, hors pli)", "probabilité minimale de réponse", x_range=(0.0, 1.0))
