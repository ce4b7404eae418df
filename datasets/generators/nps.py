"""Synthetic NPS and loyalty surveys (lessons 01 and 07). Deterministic: fixed seeds.

* ``nps_retailer.csv``: an illustrative online retailer (inspired by the seed's
  online-retailer case; all numbers invented): 12 monthly surveys after a
  delivery, a return or a customer-service contact, by customer segment. From
  September a rival's faster delivery raises members' expectations, so their
  delivery scores slide while nothing changed inside the firm.
* ``nps_hotpot.csv``: an illustrative hot-pot restaurant chain (inspired by the
  seed's hot-pot case; invented numbers): eight stores, six months, dine-in and
  delivery, with the waiting time of each guest. Stores have very different
  numbers of answers, so their intervals differ in width.
* ``loyalty_survey.csv``: restaurant, travel and bank customers rating product
  quality, service quality, experience and satisfaction, whether they came back
  within six months and how likely they are to recommend (0–10). Built so that
  service quality → experience → satisfaction → loyalty and products are alike.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED_RETAILER = 20240107
SEED_HOTPOT = 20240708
SEED_LOYALTY = 20250101


def _scores(rng: np.random.Generator, latent: np.ndarray) -> np.ndarray:
    """0–10 answers from a latent propensity (about the score a customer would give)."""
    return np.clip(np.rint(latent + rng.normal(0, 1.0, latent.shape)), 0, 10).astype(int)


def retailer(rng: np.random.Generator) -> pd.DataFrame:
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    segments = np.array(["new", "returning", "member"])
    touchpoints = np.array(["delivery", "returns", "customer_service"])
    frames = []
    next_id = 1
    for i, month in enumerate(months):
        n = int(rng.integers(280, 321))
        seg = rng.choice(segments, size=n, p=[0.25, 0.45, 0.30])
        tp = rng.choice(touchpoints, size=n, p=[0.60, 0.25, 0.15])
        kept_rate = np.select([tp == "delivery", tp == "returns"], [0.90, 0.80], 0.85)
        kept = rng.random(n) < kept_rate
        latent = np.where(kept, 8.5, 5.3) + np.select([seg == "member", seg == "new"], [0.3, -0.2], 0.0)
        # rising expectations: from September, members compare delivery with a rival's same-day offer
        drift = np.where((seg == "member") & (tp == "delivery"), -0.45 * max(0, i - 7), 0.0)
        scores = _scores(rng, latent + drift)
        frames.append(pd.DataFrame({
            "response_id": np.arange(next_id, next_id + n), "month": month, "segment": seg,
            "touchpoint": tp, "promise_kept": kept, "score": scores,
        }))
        next_id += n
    return pd.concat(frames, ignore_index=True)


def hotpot(rng: np.random.Generator) -> pd.DataFrame:
    stores = pd.DataFrame({
        "store": [f"S{i:02d}" for i in range(1, 9)],
        "city": ["Chengdu", "Chengdu", "Beijing", "Beijing", "Shanghai", "Shanghai", "Xi'an", "Xi'an"],
        "per_month": [60, 35, 55, 12, 45, 20, 30, 8],
        "base": [8.6, 8.2, 8.4, 8.3, 8.0, 7.6, 8.5, 8.1],
        "wait": [18, 12, 25, 10, 22, 15, 14, 9],
    })
    months = [f"2024-{m:02d}" for m in range(7, 13)]
    frames = []
    for _, s in stores.iterrows():
        for month in months:
            n = int(rng.poisson(s["per_month"])) + 3
            channel = rng.choice(["dine_in", "delivery"], size=n, p=[0.75, 0.25])
            wait = np.where(channel == "dine_in", rng.gamma(2.0, s["wait"] / 2.0, n), 0.0)
            latent = s["base"] - 0.04 * np.maximum(wait - 20, 0) - np.where(channel == "delivery", 0.6, 0.0)
            frames.append(pd.DataFrame({
                "store": s["store"], "city": s["city"], "month": month, "channel": channel,
                "wait_minutes": np.rint(wait).astype(int), "score": _scores(rng, latent),
            }))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "response_id", np.arange(1, len(out) + 1))
    return out


def loyalty(rng: np.random.Generator) -> pd.DataFrame:
    industries = {"restaurant": 0.0, "travel": -0.2, "bank": -0.4}
    frames = []
    for k, (industry, shift) in enumerate(industries.items()):
        n = 600
        service = rng.normal(0, 1, n)                      # latent service quality
        product = rng.normal(0, 0.35, n)                   # products are alike: little spread
        experience = 0.75 * service + rng.normal(0, 0.65, n)
        satisfaction = 0.55 * experience + 0.25 * service + 0.15 * product + rng.normal(0, 0.5, n)
        to7 = lambda z, mid: np.clip(np.rint(mid + 1.1 * z), 1, 7).astype(int)  # noqa: E731
        sat7 = to7(satisfaction + shift, 5.0)
        p_return = 1 / (1 + np.exp(-(-0.3 + 1.6 * satisfaction + 0.2 * product + shift)))
        frames.append(pd.DataFrame({
            "customer_id": [f"{industry[0].upper()}{i:04d}" for i in range(1, n + 1)],
            "industry": industry,
            "product_quality": to7(product + rng.normal(0, 0.6, n), 5.2),
            "service_quality": to7(service + shift, 4.8),
            "experience": to7(experience + shift, 4.9),
            "satisfaction": sat7,
            "returned": rng.random(n) < p_return,
            "recommend": _scores(rng, 7.8 + 1.7 * satisfaction + shift),
        }))
    return pd.concat(frames, ignore_index=True)


def generate(out_dir: Path) -> list[Path]:
    """Write the three NPS/loyalty CSVs into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "nps_retailer.csv": retailer(np.random.default_rng(SEED_RETAILER)),
        "nps_hotpot.csv": hotpot(np.random.default_rng(SEED_HOTPOT)),
        "loyalty_survey.csv": loyalty(np.random.default_rng(SEED_LOYALTY)),
    }
    paths = []
    for name, table in tables.items():
        path = out_dir / name
        table.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


if __name__ == "__main__":
    print(generate(Path(__file__).resolve().parents[1] / "synthetic"))
