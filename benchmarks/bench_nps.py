"""Benchmark: NPS of 1,000,000 scores, overall and by segment, against a hand-written numpy baseline.

Input: 1,000,000 answers 0–10 (int64) with a 20-level segment column and a 12-level month column.

* ``nps.nps(scores, method)`` for wald / adjusted_wald / bootstrap (4,000 resamples) against the
  baseline ``np.bincount`` → shares → Wald formula (no validation).
* ``nps.nps_by(df, "segment")`` and ``nps.nps_trend(df, "month", by="segment")`` (240 cells) against a
  baseline ``groupby(...).value_counts`` → Wald formula.
* ``nps.categorize(scores)``.

Timing: best of ``REPEATS`` runs in one process. Memory: tracemalloc peak of one call beyond the input.
Checks that course_lib and the baseline agree before timing.

Run: ``.venv/bin/python benchmarks/bench_nps.py`` (about 20 s on 2 cores).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from course_lib import nps

from _measure import best, peak_mib  # noqa: E402  (benchmarks/_measure.py)

N = 1_000_000
REPEATS = 3
Z = 1.959963984540054


def make(n: int = N, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "segment": rng.choice([f"seg{i:02d}" for i in range(20)], size=n),
        "month": rng.choice([f"2024-{m:02d}" for m in range(1, 13)], size=n),
        "score": rng.integers(0, 11, size=n),
    })


def baseline_nps(scores: np.ndarray) -> tuple[float, float, float]:
    counts = np.bincount(scores, minlength=11)
    n = counts.sum()
    p, d = counts[9:].sum() / n, counts[:7].sum() / n
    se = np.sqrt((p + d - (p - d) ** 2) / n)
    return 100 * (p - d), 100 * max(p - d - Z * se, -1), 100 * min(p - d + Z * se, 1)


def baseline_by(df: pd.DataFrame, keys) -> pd.DataFrame:
    cat = pd.cut(df["score"], [-1, 6, 8, 10], labels=["d", "o", "p"])
    counts = pd.crosstab([df[k] for k in keys], cat)
    n = counts.sum(axis=1)
    p, d = counts["p"] / n, counts["d"] / n
    return pd.DataFrame({"nps": 100 * (p - d)})


def main() -> None:
    df = make()
    scores = df["score"].to_numpy()
    # agreement first
    r = nps.nps(df["score"])
    assert np.allclose((r.score, r.low, r.high), baseline_nps(scores))
    ours = nps.nps_by(df, "segment")["nps"]
    theirs = baseline_by(df, ["segment"])["nps"]
    assert np.allclose(ours.to_numpy(), theirs.loc[ours.index].to_numpy())

    rows = [
        ("nps(scores) wald", lambda: nps.nps(df["score"])),
        ("nps(scores) adjusted_wald", lambda: nps.nps(df["score"], method="adjusted_wald")),
        ("nps(scores) bootstrap 4000", lambda: nps.nps(df["score"], method="bootstrap")),
        ("baseline bincount + Wald", lambda: baseline_nps(scores)),
        ("categorize(scores)", lambda: nps.categorize(df["score"])),
        ("nps_by(df, 'segment') 20 groups", lambda: nps.nps_by(df, "segment")),
        ("nps_by(df, 'segment') bootstrap", lambda: nps.nps_by(df, "segment", method="bootstrap")),
        ("baseline crosstab by segment", lambda: baseline_by(df, ["segment"])),
        ("nps_trend(df, 'month', by='segment') 240 cells", lambda: nps.nps_trend(df, "month", by="segment")),
    ]
    print(f"{'call':50s} {'best of 3 (s)':>14s} {'peak MiB':>10s}")
    for name, fn in rows:
        print(f"{name:50s} {best(fn):14.3f} {peak_mib(fn):10.1f}")


if __name__ == "__main__":
    main()
