"""Benchmark: the full SERVQUAL analysis of a million respondents, against hand-written numpy and pingouin.

Two inputs, as the issue asks: 1,000,000 respondents × 44 item columns (E1–E22, P1–P22) in int8 with
no missing values, and the same in float32 with 2% missing. "Full analysis" = validation (range
check), item gaps, dimension gaps, ten Cronbach alphas (five dimensions × E and P, pairwise
deletion) and the weighted score (given importance weights).

* course_lib: ``servqual.analyze(df, weights)`` (row chunks, one pass).
* baseline: the hand-written numpy below, computing the same numbers on the same array, the
  straightforward way (one float64 copy of the whole table).
* pingouin: ``pingouin.cronbach_alpha`` once per dimension and kind (ten calls) against
  ``servqual.cronbach_alpha`` on the same columns; alphas only.

Timing: best of ``REPEATS`` runs, measured side by side in one process. Memory: tracemalloc peak
during one call (numpy and pandas report their buffers to tracemalloc), beyond the input table.

Run: ``.venv/bin/python benchmarks/bench_servqual.py`` (about a minute on 2 cores).
"""

from __future__ import annotations

import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd

from course_lib import servqual as sq

N = 1_000_000
REPEATS = 3
WEIGHTS = {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 19, "empathy": 16}
DIM_IDX = [[n - 1 for n in d.items] for d in sq.DIMENSIONS.values()]
COLS = [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)]


def make_int8(n: int, seed: int = 7) -> pd.DataFrame:
    """Answers 1–7 from a one-factor-per-dimension model, built in chunks, stored as int8."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, 44), dtype=np.int8)
    dim_of = np.array([next(j for j, idx in enumerate(DIM_IDX) if i in idx) for i in range(22)] * 2)
    dim_of[22:] += 5
    mean = np.r_[np.full(22, 5.8), np.full(22, 5.2)]
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        f = rng.normal(0, 0.9, size=(m, 10)).astype(np.float32)
        latent = mean + f[:, dim_of] + rng.normal(0, 0.8, size=(m, 44)).astype(np.float32)
        out[s:s + m] = np.clip(np.rint(latent), 1, 7).astype(np.int8)
    return pd.DataFrame(out, columns=COLS)


def make_float32_missing(df8: pd.DataFrame, rate: float = 0.02, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    arr = df8.to_numpy().astype(np.float32)
    arr[rng.random(arr.shape, dtype=np.float32) < rate] = np.nan
    return pd.DataFrame(arr, columns=COLS)


def baseline(df: pd.DataFrame, weights: dict) -> dict:
    """Hand-written numpy: the same numbers as servqual.analyze, the straightforward way."""
    F = df[COLS].to_numpy(dtype=np.float64)
    if ((F < 1) | (F > 7)).any():
        raise ValueError("out of range")
    E, P = F[:, :22], F[:, 22:]
    G = P - E                                                     # NaN where either answer is missing
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)           # all-NaN rows → NaN, as intended
        item_gap = np.nanmean(G, axis=0)
        Q = np.column_stack([np.nanmean(G[:, idx], axis=1) for idx in DIM_IDX])
    dim_gap = np.nanmean(Q, axis=0)
    w = np.array([weights[d] for d in sq.DIMENSIONS], dtype=float)
    per = Q @ (w / w.sum())
    weighted = per[~np.isnan(per)].mean()
    alphas = []
    for block in (E, P):
        for idx in DIM_IDX:
            x = block[:, idx]
            m = ~np.isnan(x)
            if m.all():
                C = np.cov(x, rowvar=False)
            else:                                                 # pairwise-complete covariances
                x0 = np.where(m, x - np.nanmean(x, axis=0), 0.0)
                mf = m.astype(np.float64)
                Nn, A, B = mf.T @ mf, x0.T @ mf, x0.T @ x0
                C = (B - A * A.T / Nn) / (Nn - 1)
            k = len(idx)
            alphas.append(k / (k - 1) * (1 - np.trace(C) / C.sum()))
    return {"item_gap": item_gap, "dim_gap": dim_gap, "score": dim_gap.mean(), "weighted": weighted,
            "alphas": np.array(alphas)}


def ours(df: pd.DataFrame, weights: dict) -> dict:
    res = sq.analyze(df, weights)
    return {"item_gap": res.items["gap"].to_numpy(), "dim_gap": res.dimensions["gap"].to_numpy(),
            "score": res.score, "weighted": res.weighted_score, "alphas": res.alphas["alpha"].to_numpy()}


def best_time(func, *args) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_extra(func, *args) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    func(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def pingouin_alphas(df: pd.DataFrame):
    import pingouin as pg
    return [pg.cronbach_alpha(df[[f"{k}{n + 1}" for n in idx]])[0] for k in "EP" for idx in DIM_IDX]


def our_alphas(df: pd.DataFrame):
    return [sq.cronbach_alpha(df[[f"{k}{n + 1}" for n in idx]]).alpha for k in "EP" for idx in DIM_IDX]


def main() -> None:
    df8 = make_int8(N)
    dff = make_float32_missing(df8)
    rows = []
    for label, df in (("int8, no missing", df8), ("float32, 2% missing", dff)):
        a, b = ours(df, WEIGHTS), baseline(df, WEIGHTS)
        for key in a:
            assert np.allclose(a[key], b[key], atol=1e-9, rtol=0), key    # the same numbers
        t_ours, t_base = best_time(ours, df, WEIGHTS), best_time(baseline, df, WEIGHTS)
        m_ours, m_base = peak_extra(ours, df, WEIGHTS), peak_extra(baseline, df, WEIGHTS)
        size = int(df.memory_usage(index=False).sum())
        rows.append((label, size, t_ours, t_base, m_ours, m_base))
    print(f"SERVQUAL full analysis, {N:,} respondents × 44 items, best of {REPEATS}\n")
    print("| input | input MB | course_lib s | numpy baseline s | ratio | course_lib extra peak MB (× input) "
          "| baseline extra peak MB (× input) |")
    print("|---|---|---|---|---|---|---|")
    for label, size, to, tb, mo, mb in rows:
        print(f"| {label} | {size / 1e6:.0f} | {to:.2f} | {tb:.2f} | {to / tb:.2f} | {mo / 1e6:.0f} ({mo / size:.2f}×) "
              f"| {mb / 1e6:.0f} ({mb / size:.2f}×) |")
    # pingouin: ten alphas, the same columns, on the int8 and float32 tables
    print("\n| ten alphas | pingouin.cronbach_alpha s | servqual.cronbach_alpha s | servqual.analyze (everything) s | "
          "max |Δα| |")
    print("|---|---|---|---|---|")
    for label, df, t_all in (("int8, no missing", df8, rows[0][2]), ("float32, 2% missing", dff, rows[1][2])):
        diff = np.abs(np.array(pingouin_alphas(df)) - np.array(our_alphas(df))).max()
        tp = best_time(pingouin_alphas, df)
        to = best_time(our_alphas, df)
        print(f"| {label} | {tp:.2f} | {to:.2f} | {t_all:.2f} | {diff:.1e} |")


if __name__ == "__main__":
    main()
