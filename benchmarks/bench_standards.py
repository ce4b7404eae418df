"""Benchmark: promise-kept rates and p-charts on 1,000,000 service events, against a plain pandas baseline.

Input: 1,000,000 events with a 50-level unit column (str), a datetime over one year and a
wait time in minutes (float, 1% missing).

* ``standards.compliance(events, standard)`` overall, ``by="unit"`` (50 rows) and
  ``by="unit", period="date", freq="M"`` (600 rows), against a baseline
  ``(wait <= threshold).groupby(...).agg(["size", "sum"])`` + Wilson formula (no validation).
* ``standards.p_chart(events, standard, by="unit")``.
* ``standards.agents_needed`` for a large call centre (about 1,000 Erlangs) and
  ``standards.staffing_plan`` on the real ``bank_calls`` data (27,716 rows, 15 hours).

Timing: best of ``REPEATS`` runs in one process. Memory: tracemalloc peak of one call beyond the input.
Checks that course_lib and the baseline agree before timing.

Run: ``.venv/bin/python benchmarks/bench_standards.py`` (about 30 s on 2 cores).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from course_lib import data

from _measure import best, peak_mib  # noqa: E402  (benchmarks/_measure.py)
from course_lib import standards as S

N = 1_000_000
REPEATS = 3
Z = 1.959963984540054
STD = S.Standard("wait", 10, 0.85, "min")


def make(n: int = N, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    wait = rng.gamma(1.8, 3.0, n).round(1)
    wait[rng.random(n) < 0.01] = np.nan
    return pd.DataFrame({
        "unit": rng.choice([f"unit{i:02d}" for i in range(50)], size=n),
        "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
        "wait": wait,
    })


def baseline(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    ok = df["wait"].notna()
    frame = df.loc[ok, keys].copy()
    frame["kept"] = df.loc[ok, "wait"] <= 10
    g = frame.groupby(keys, sort=True)["kept"].agg(["size", "sum"])
    n, k = g["size"].to_numpy(float), g["sum"].to_numpy(float)
    p = k / n
    denom = 1 + Z**2 / n
    centre = (p + Z**2 / (2 * n)) / denom
    half = Z / denom * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return g.assign(rate=p, lower=centre - half, upper=centre + half)


def baseline_month(df: pd.DataFrame) -> pd.DataFrame:
    return baseline(df.assign(date=df["date"].dt.to_period("M").dt.start_time), ["unit", "date"])


def main() -> None:
    df = make()
    # agreement first
    ours = S.compliance(df, STD, by="unit")
    base = baseline(df, ["unit"])
    assert np.allclose(ours["rate"], base["rate"]) and np.allclose(ours["lower"], base["lower"])
    ours_m = S.compliance(df, STD, by="unit", period="date", freq="M")
    base_m = baseline_month(df)
    assert len(ours_m) == len(base_m) == 600 and np.allclose(ours_m["upper"], base_m["upper"])

    rows = [
        ("compliance overall", best(S.compliance, df, STD), best(baseline, df.assign(all=1), ["all"]),
         peak_mib(S.compliance, df, STD)),
        ("compliance by unit (50)", best(S.compliance, df, STD, by="unit"), best(baseline, df, ["unit"]),
         peak_mib(S.compliance, df, STD, by="unit")),
        ("compliance by unit × month (600)",
         best(S.compliance, df, STD, by="unit", period="date", freq="M"), best(baseline_month, df),
         peak_mib(S.compliance, df, STD, by="unit", period="date", freq="M")),
        ("p_chart by unit (50)", best(S.p_chart, df, STD, by="unit"), float("nan"),
         peak_mib(S.p_chart, df, STD, by="unit")),
    ]
    calls = data.load("bank_calls").assign(hour=lambda d: d["DateTime"].dt.hour)
    rows.append(("agents_needed, 1,000 Erlangs", best(S.agents_needed, 1000 / 300, 300, 20, 0.8), float("nan"),
                 peak_mib(S.agents_needed, 1000 / 300, 300, 20, 0.8)))
    rows.append(("staffing_plan, bank_calls by hour",
                 best(S.staffing_plan, calls, count="Calls", interval=300, service_time=300, target_answer_time=20,
                      target_service_level=0.8, by="hour"), float("nan"),
                 peak_mib(S.staffing_plan, calls, count="Calls", interval=300, service_time=300,
                          target_answer_time=20, target_service_level=0.8, by="hour")))
    print(f"{'operation':36s} {'course_lib s':>12s} {'baseline s':>11s} {'peak MiB':>9s}")
    for name, ours_t, base_t, mem in rows:
        print(f"{name:36s} {ours_t:12.3f} {base_t:11.3f} {mem:9.1f}")


if __name__ == "__main__":
    main()
