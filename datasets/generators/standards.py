"""Synthetic data for lesson 06 (service standards and commitments).

Writes four deterministic CSV files into ``out_dir``:

* ``restaurant_service_log.csv``: parties at six stores of an illustrative hot-pot chain
  (waiting for a table, ordering to all dishes served, time to resolve a raised issue);
  Store D is the deliberately inconsistent unit (slow and erratic service), Store F
  opens in March (fewer events), Store B slips in May and June.
* ``travel_service_log.csv``: customer requests at five offices of an illustrative travel
  agency (first response and resolution in hours); the Chengdu office is inconsistent.
* ``bank_service_log.csv``: visits at eight branches of an illustrative retail bank
  (queue wait, handle time, complaint resolution in hours); Branch 05 is inconsistent.
* ``training_panel.csv``: 24 bank branches × 12 months of mystery-shopper scores; the
  12 lowest-scoring branches at baseline were trained in month 7 (selection on a
  low baseline, a common trend and a true effect of +4 points).

None of it describes a real company. Run ``generate(pathlib.Path("datasets/synthetic"))``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250606
TRAINING_EFFECT = 4.0  # true effect built into the training panel (points on a 0–100 scale)


def _dates(start: str, end: str) -> pd.DatetimeIndex:
    return pd.date_range(start, end, freq="D")


def _restaurant(rng: np.random.Generator) -> pd.DataFrame:
    stores = ["Store A", "Store B", "Store C", "Store D", "Store E", "Store F"]
    days = _dates("2025-01-01", "2025-06-30")
    parts = ["lunch", "dinner"]
    rows = []
    for store in stores:
        for part in parts:
            per = rng.poisson(5 if part == "lunch" else 7, size=len(days))
            if store == "Store F":
                per = np.where(days < pd.Timestamp("2025-03-01"), 0, per)
            date = np.repeat(days.to_numpy(), per)
            rows.append(pd.DataFrame({"store": store, "date": date, "daypart": part}))
    df = pd.concat(rows, ignore_index=True).sort_values(["date", "store", "daypart"], kind="stable")
    df = df.reset_index(drop=True)
    n = len(df)
    dinner = (df["daypart"] == "dinner").to_numpy()
    weekend = df["date"].dt.day_of_week.to_numpy() >= 5
    store = df["store"].to_numpy()
    late = (df["date"] >= pd.Timestamp("2025-05-01")).to_numpy()
    df["party_size"] = np.clip(rng.poisson(3.2, n), 1, 10)
    # waiting for a table: many parties walk straight in; dinner and weekends queue
    queue = rng.random(n) < np.where(dinner, 0.65, 0.35) + np.where(weekend, 0.2, 0)
    wait = rng.gamma(2.0, np.where(dinner, 9.0, 5.0) * np.where(weekend, 1.4, 1.0))
    df["wait_min"] = np.round(np.where(queue, wait, 0.0), 1)
    # ordering to all dishes on the table: the promise is 20 minutes
    mean = np.full(n, 13.5)
    sd = np.full(n, 3.4)
    mean[store == "Store D"] = 16.0
    sd[store == "Store D"] = 6.0
    mean[(store == "Store B") & late] = 15.5
    sd[(store == "Store B") & late] = 4.2
    mean = mean + np.where(dinner, 1.0, 0.0) + 0.25 * (df["party_size"].to_numpy() - 3)
    serve = rng.normal(mean, sd)
    df["serve_min"] = np.round(np.clip(serve, 4.0, None), 1)
    # issues raised at the table and the minutes to resolve them
    issue = rng.random(n) < np.where(store == "Store D", 0.07, 0.04)
    resolve = rng.gamma(2.0, np.where(store == "Store D", 9.0, 4.0))
    df["resolve_min"] = np.where(issue, np.round(resolve, 1), np.nan)
    df.insert(0, "event_id", np.arange(1, n + 1))
    df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    return df


def _travel(rng: np.random.Generator) -> pd.DataFrame:
    offices = ["Beijing", "Shanghai", "Guangzhou", "Chengdu", "Online desk"]
    days = _dates("2025-01-01", "2025-06-30")
    volume = {"Beijing": 12, "Shanghai": 14, "Guangzhou": 9, "Chengdu": 7, "Online desk": 18}
    rows = []
    for office in offices:
        per = rng.poisson(volume[office], size=len(days))
        rows.append(pd.DataFrame({"office": office, "date": np.repeat(days.to_numpy(), per)}))
    df = pd.concat(rows, ignore_index=True).sort_values(["date", "office"], kind="stable").reset_index(drop=True)
    n = len(df)
    office = df["office"].to_numpy()
    kinds = np.array(["enquiry", "booking change", "refund", "complaint"])
    df["request"] = kinds[rng.choice(4, size=n, p=[0.5, 0.25, 0.15, 0.10])]
    # first response in hours (promise: within 2 hours)
    scale = np.where(office == "Online desk", 0.35, 0.5)
    shape = np.full(n, 1.6)
    chengdu = office == "Chengdu"
    scale = np.where(chengdu, 1.1, scale)
    shape = np.where(chengdu, 1.2, shape)
    df["response_h"] = np.round(rng.gamma(shape, scale), 2)
    # resolution in hours (promise: refunds and complaints closed within 72 hours)
    kind = df["request"].to_numpy()
    base = np.select([kind == "enquiry", kind == "booking change", kind == "refund"], [4.0, 18.0, 40.0], 30.0)
    res = rng.gamma(2.5, base / 2.5) * np.where(chengdu, 1.5, 1.0)
    still_open = rng.random(n) < 0.02
    df["resolution_h"] = np.where(still_open, np.nan, np.round(df["response_h"].to_numpy() + res, 1))
    df.insert(0, "event_id", np.arange(1, n + 1))
    df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    return df


def _bank(rng: np.random.Generator) -> pd.DataFrame:
    branches = [f"Branch {i:02d}" for i in range(1, 9)]
    days = _dates("2025-01-02", "2025-06-30")
    days = days[days.day_of_week < 6]  # open Monday to Saturday
    rows = []
    for b in branches:
        per = rng.poisson(11 if b != "Branch 08" else 5, size=len(days))
        rows.append(pd.DataFrame({"branch": b, "date": np.repeat(days.to_numpy(), per)}))
    df = pd.concat(rows, ignore_index=True).sort_values(["date", "branch"], kind="stable").reset_index(drop=True)
    n = len(df)
    branch = df["branch"].to_numpy()
    services = np.array(["counter", "advisory", "enquiry"])
    service = services[rng.choice(3, size=n, p=[0.6, 0.15, 0.25])]
    df["service"] = service
    # queue wait (promise: served within 10 minutes)
    scale = np.where(branch == "Branch 05", 4.6, 2.6)
    shape = np.where(branch == "Branch 05", 1.5, 1.8)
    scale = np.where(branch == "Branch 03", 3.0, scale)
    df["wait_min"] = np.round(rng.gamma(shape, scale), 1)
    handle = np.select([service == "counter", service == "advisory"], [6.0, 25.0], 4.0)
    df["handle_min"] = np.round(rng.gamma(4.0, handle / 4.0), 1)
    complaint = rng.random(n) < np.where(branch == "Branch 05", 0.05, 0.025)
    res = rng.gamma(1.8, np.where(branch == "Branch 05", 30.0, 12.0))
    df["complaint"] = complaint.astype(int)
    df["resolution_h"] = np.where(complaint, np.round(res, 1), np.nan)
    df.insert(0, "event_id", np.arange(1, n + 1))
    df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    return df


def _training(rng: np.random.Generator) -> pd.DataFrame:
    n_branches, months, start = 24, 12, 7
    branch = [f"B{i:02d}" for i in range(1, n_branches + 1)]
    region = np.array(["North", "South", "East", "West"])[np.arange(n_branches) % 4]
    level = rng.normal(72, 5, n_branches)
    trained = np.zeros(n_branches, dtype=int)
    trained[np.argsort(level)[: n_branches // 2]] = 1  # the weakest branches were sent to training
    m = np.arange(1, months + 1)
    trend = 0.35 * (m - 1)  # a network-wide service campaign lifts everybody a little
    post = (m >= start).astype(int)
    ramp = np.clip(m - start + 1, 0, 3) / 3  # the effect builds over three months
    score = (level[:, None] + trend[None, :] + TRAINING_EFFECT * trained[:, None] * ramp[None, :]
             + rng.normal(0, 1.8, (n_branches, months)))
    visits = rng.integers(8, 16, (n_branches, months))
    return pd.DataFrame({
        "branch": np.repeat(branch, months),
        "region": np.repeat(region, months),
        "trained": np.repeat(trained, months),
        "month": np.tile(m, n_branches),
        "post": np.tile(post, n_branches),
        "mystery_score": np.round(np.clip(score, 0, 100), 1).ravel(),
        "visits": visits.ravel(),
    })


def generate(out_dir: Path) -> list[Path]:
    """Write the lesson-06 CSVs into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    frames = {
        "restaurant_service_log.csv": _restaurant(rng),
        "travel_service_log.csv": _travel(rng),
        "bank_service_log.csv": _bank(rng),
        "training_panel.csv": _training(rng),
    }
    paths = []
    for name, frame in frames.items():
        path = out_dir / name
        frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    print(generate(Path(__file__).resolve().parent.parent / "synthetic"))
