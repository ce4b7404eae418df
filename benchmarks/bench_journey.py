"""Benchmark: moments of truth on 1,000,000 journey rows, against a hand-written pandas baseline.

Input: 125,000 customers × 8 touchpoints = 1,000,000 rows (customer_id, stage, touchpoint, step,
importance, expectation, experience, emotion, overall), random ratings.

* ``journey.validate_journey(df)``;
* ``journey.identify_mots(df, method)`` for impact / correlation / regression, with and without the
  validation step (``validate=False``), against a baseline: one ``groupby`` for the impact table plus an
  ``unstack`` + ``corrwith`` for the driver correlations (no validation, no regression);
* ``journey.remembered_scores(df)`` (peak-end per customer, 125,000 customers).

Timing: best of ``REPEATS`` runs in one process. Memory: tracemalloc peak of one call beyond the input.
Checks that course_lib and the baseline agree before timing.

Run: ``.venv/bin/python benchmarks/bench_journey.py`` (about 40 s on 2 cores).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from course_lib import journey

from _measure import best, peak_mib  # noqa: E402  (benchmarks/_measure.py)

CUSTOMERS = 125_000
TOUCHPOINTS = [("arrive", "greet"), ("arrive", "ticket"), ("wait", "queue"), ("serve", "order"),
               ("serve", "meal"), ("serve", "extras"), ("pay", "bill"), ("leave", "farewell")]
REPEATS = 3


def make(n: int = CUSTOMERS, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    k = len(TOUCHPOINTS)
    experience = rng.integers(1, 8, size=(n, k))
    overall = np.clip(np.rint(experience.mean(axis=1) + rng.normal(0, 1, n)), 1, 10)
    return pd.DataFrame({
        "customer_id": np.repeat(np.arange(1, n + 1), k),
        "stage": np.tile([s for s, _ in TOUCHPOINTS], n),
        "touchpoint": np.tile([t for _, t in TOUCHPOINTS], n),
        "step": np.tile(np.arange(1, k + 1), n),
        "importance": rng.integers(1, 8, size=n * k),
        "expectation": rng.integers(1, 8, size=n * k),
        "experience": experience.ravel(),
        "emotion": rng.integers(-5, 6, size=n * k),
        "overall": np.repeat(overall, k).astype(int),
    })


def baseline(df: pd.DataFrame) -> pd.DataFrame:
    short = df["expectation"] - df["experience"]
    table = pd.DataFrame({"impact": df["importance"] * short, "hurt": short > 0}).groupby(df["touchpoint"]).mean()
    wide = df.set_index(["customer_id", "touchpoint"])["experience"].unstack()
    table["driver_r"] = wide.corrwith(df.groupby("customer_id")["overall"].first())
    return table.sort_values("impact", ascending=False)


def main() -> None:
    df = make()
    assert len(df) == 1_000_000
    ours = journey.identify_mots(df).set_index("touchpoint")
    base = baseline(df)
    np.testing.assert_allclose(ours.loc[base.index, "impact"], base["impact"])
    np.testing.assert_allclose(ours.loc[base.index, "share_hurt"], base["hurt"])
    np.testing.assert_allclose(ours.loc[base.index, "driver_r"], base["driver_r"])
    clean = journey.validate_journey(df)
    rows = [
        ("`validate_journey(df)`", journey.validate_journey, (df,), {}),
        ("`identify_mots(df)` impact (validates)", journey.identify_mots, (df,), {}),
        ("`identify_mots(df, validate=False)` impact", journey.identify_mots, (clean,), {"validate": False}),
        ("`identify_mots(df, method=\"correlation\")`", journey.identify_mots, (df,), {"method": "correlation"}),
        ("`identify_mots(df, method=\"regression\")`", journey.identify_mots, (df,), {"method": "regression"}),
        ("baseline: groupby + unstack/corrwith (no validation)", baseline, (df,), {}),
        ("`remembered_scores(df)`, 125,000 customers", journey.remembered_scores, (df,), {}),
    ]
    print("| call | best of 3 (s) | peak MiB |\n|---|---:|---:|")
    for name, fn, args, kwargs in rows:
        print(f"| {name} | {best(fn, *args, **kwargs):.3f} | {peak_mib(fn, *args, **kwargs):.1f} |")


if __name__ == "__main__":
    main()
