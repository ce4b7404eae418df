"""Synthetic complaint log and service-recovery survey (lesson 07). Deterministic: fixed seeds.

* ``complaint_log.csv``: one year of complaints at an illustrative online
  retailer (inspired by the seed's delivery-and-returns case; all numbers
  invented): category, channel, when it was opened, first contact back, closed
  (empty while unresolved) and the follow-up satisfaction (1–5, empty when the
  customer did not answer). Slow or unresolved complaints often come back.
* ``recovery_survey.csv``: restaurant, travel and bank customers after no
  failure, a failure that was recovered, or a failure left unresolved:
  satisfaction and return intention (1–7) and likelihood to recommend (0–10).
  Built to echo the meta-analysis of de Matos et al. (2007): recovered customers
  are a little more satisfied than those without a failure, but not more loyal.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED_COMPLAINTS = 20240301
SEED_RECOVERY = 20240302

CATEGORIES = {
    "late_delivery": (0.43, 20.0),       # (share, median hours to resolve)
    "refund_delay": (0.26, 40.0),
    "damaged_item": (0.12, 22.0),
    "return_pickup_missed": (0.05, 30.0),
    "wrong_item": (0.04, 18.0),
    "missing_parts": (0.03, 26.0),
    "agent_attitude": (0.025, 10.0),
    "app_payment": (0.02, 8.0),
    "price_dispute": (0.015, 30.0),
    "other": (0.01, 16.0),
}
CHANNELS = {"app": 0.45, "chat": 0.25, "phone": 0.20, "email": 0.10}
FMT = "%Y-%m-%d %H:%M"


def complaints(rng: np.random.Generator) -> pd.DataFrame:
    n = 2300
    cats = np.array(list(CATEGORIES))
    shares = np.array([v[0] for v in CATEGORIES.values()])
    medians = dict((k, v[1]) for k, v in CATEGORIES.items())
    category = rng.choice(cats, size=n, p=shares / shares.sum())
    channel = rng.choice(list(CHANNELS), size=n, p=list(CHANNELS.values()))
    customer = np.array([f"U{i:05d}" for i in rng.integers(1, 12000, n)])
    start = np.datetime64("2024-01-01T00:00")
    minutes = rng.integers(0, 364 * 24 * 60, n)
    opened = start + minutes.astype("timedelta64[m]")
    frame = pd.DataFrame({"customer_id": customer, "opened": opened, "category": category, "channel": channel})

    # follow-ups: slow or unresolved complaints come back from the same customer
    median_h = frame["category"].map(medians).to_numpy()
    hours = median_h * np.exp(rng.normal(0, 0.8, n))
    unresolved = rng.random(n) < 0.07
    slow = unresolved | (hours > 72)
    again = slow & (rng.random(n) < 0.45)
    follow = frame[again].copy()
    follow["opened"] = follow["opened"] + pd.to_timedelta(rng.integers(1, 21, int(again.sum())) * 24 * 60
                                                          + rng.integers(0, 600, int(again.sum())), unit="min")
    keep = (follow["opened"] < pd.Timestamp("2024-12-31")).to_numpy()
    follow = follow[keep]
    k = len(follow)
    frame = pd.concat([frame, follow], ignore_index=True)
    m = len(frame)
    hours = np.concatenate([hours, follow["category"].map(medians).to_numpy() * np.exp(rng.normal(0, 0.8, k))])
    unresolved = np.concatenate([unresolved, rng.random(k) < 0.07])
    contact_h = np.where(frame["channel"].isin(["phone", "chat"]), 2.0, 8.0) * np.exp(rng.normal(0, 0.9, m))
    contacted = rng.random(m) < 0.88
    contact_h = np.minimum(contact_h, np.where(unresolved, np.inf, hours))
    kept = ~unresolved & (hours <= 24)
    answered = ~unresolved & (rng.random(m) < 0.4)
    post = np.clip(np.rint(np.where(kept, 4.3, 2.9) + rng.normal(0, 0.8, m)), 1, 5)
    opened_ts = frame["opened"]
    frame["first_contact"] = (opened_ts + pd.to_timedelta(np.round(contact_h * 60), unit="min")).where(contacted)
    frame["closed"] = (opened_ts + pd.to_timedelta(np.round(hours * 60), unit="min")).where(~unresolved)
    frame["post_satisfaction"] = pd.array(np.where(answered, post, np.nan), dtype="Int64")
    frame = frame.sort_values(["opened", "customer_id"], kind="mergesort").reset_index(drop=True)
    frame.insert(0, "complaint_id", [f"C{i:05d}" for i in range(1, len(frame) + 1)])
    for col in ("opened", "first_contact", "closed"):
        frame[col] = frame[col].dt.strftime(FMT)
    return frame[["complaint_id", "customer_id", "opened", "first_contact", "closed", "category", "channel",
                  "post_satisfaction"]]


def recovery(rng: np.random.Generator) -> pd.DataFrame:
    groups = {"no_failure": (0.50, 5.55, 5.50), "recovered": (0.30, 5.85, 5.45), "unresolved": (0.20, 2.90, 2.60)}
    frames = []
    for industry, shift in {"restaurant": 0.0, "travel": -0.1, "bank": -0.2}.items():
        n = 300
        g = rng.choice(list(groups), size=n, p=[v[0] for v in groups.values()])
        sat_mu = np.array([groups[x][1] for x in g]) + shift
        ret_mu = np.array([groups[x][2] for x in g]) + shift
        common = rng.normal(0, 0.7, n)
        sat = np.clip(np.rint(sat_mu + common + rng.normal(0, 0.6, n)), 1, 7).astype(int)
        ret = np.clip(np.rint(ret_mu + common + rng.normal(0, 0.7, n)), 1, 7).astype(int)
        rec = np.clip(np.rint(1.6 * (sat_mu + common) - 1.5 + rng.normal(0, 1.0, n)), 0, 10).astype(int)
        frames.append(pd.DataFrame({"industry": industry, "group": g, "satisfaction": sat,
                                    "return_intention": ret, "recommend": rec}))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "respondent_id", np.arange(1, len(out) + 1))
    return out


def generate(out_dir: Path) -> list[Path]:
    """Write ``complaint_log.csv`` and ``recovery_survey.csv`` into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "complaint_log.csv": complaints(np.random.default_rng(SEED_COMPLAINTS)),
        "recovery_survey.csv": recovery(np.random.default_rng(SEED_RECOVERY)),
    }
    paths = []
    for name, table in tables.items():
        path = out_dir / name
        table.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


if __name__ == "__main__":
    print(generate(Path(__file__).resolve().parents[1] / "synthetic"))
