"""Synthetic SERVQUAL surveys (restaurant, hotel, retail bank), a raw messy export and a
zone-of-tolerance survey, drawn from a latent-factor model whose true gaps are known.

Model (per industry): each respondent has one latent factor per dimension for expectations and
one for perceptions (standard deviation ``FACTOR_SD``, correlated ``FACTOR_CORR`` across
dimensions); an item's latent answer is its mean + the respondent's factor for the item's
dimension + item noise (``NOISE_SD``); the recorded answer is that value rounded and clipped to
the scale. Because the latent answer is normal with a known mean and standard deviation, the
expected recorded answer is exact (:func:`expected_answer`), so :func:`true_gaps` gives the true
item and dimension gaps that an analysis of the data should recover. About 2% of answers are
missing completely at random. Each respondent also shares 100 importance points across the
five dimensions (Dirichlet around the industry's profile).

Everything here is synthetic: the industries and numbers are illustrative, not facts about any
real company.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

SEED = 20260303
DIMS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
ITEMS_OF = {"tangibles": (1, 2, 3, 4), "reliability": (5, 6, 7, 8, 9), "responsiveness": (10, 11, 12, 13),
            "assurance": (14, 15, 16, 17), "empathy": (18, 19, 20, 21, 22)}
DIM_OF = {i: d for d, items in ITEMS_OF.items() for i in items}
FACTOR_SD = 0.9
FACTOR_CORR = 0.45
NOISE_SD = 0.8
MISSING_RATE = 0.02
#: Small fixed item offsets (same for E and P shapes across industries), by item number.
ITEM_OFFSET = dict(zip(range(1, 23), [0.1, 0.0, -0.1, 0.0, 0.1, -0.1, 0.0, 0.1, -0.1, 0.0, 0.1, 0.0, -0.1,
                                      0.0, 0.1, 0.0, -0.1, 0.1, -0.2, 0.0, 0.1, 0.0]))

#: Generator parameters: sample size, segments (share, shift of perceptions by dimension),
#: mean expectations E and perceptions P by dimension (latent, 1–7 scale), importance profile.
INDUSTRIES = {
    "restaurant": {
        "n": 480,
        "segments": {"first visit": (0.35, {}), "regular": (0.65, {"empathy": 0.3, "assurance": 0.2})},
        "E": {"tangibles": 5.6, "reliability": 6.2, "responsiveness": 6.0, "assurance": 5.9, "empathy": 5.5},
        "P": {"tangibles": 5.7, "reliability": 5.1, "responsiveness": 5.0, "assurance": 5.5, "empathy": 5.0},
        "importance": {"tangibles": 15, "reliability": 30, "responsiveness": 22, "assurance": 16, "empathy": 17},
    },
    "hotel": {
        "n": 420,
        "segments": {"business": (0.45, {"responsiveness": -0.3}), "leisure": (0.55, {"empathy": 0.3})},
        "E": {"tangibles": 6.0, "reliability": 6.2, "responsiveness": 6.0, "assurance": 5.9, "empathy": 5.7},
        "P": {"tangibles": 6.0, "reliability": 5.4, "responsiveness": 5.3, "assurance": 5.7, "empathy": 5.0},
        "importance": {"tangibles": 14, "reliability": 30, "responsiveness": 20, "assurance": 18, "empathy": 18},
    },
    "bank": {
        "n": 540,
        "segments": {"branch": (0.4, {"empathy": 0.3}), "mobile app": (0.6, {"empathy": -0.3, "responsiveness": 0.3})},
        "E": {"tangibles": 5.0, "reliability": 6.3, "responsiveness": 5.9, "assurance": 6.2, "empathy": 5.4},
        "P": {"tangibles": 5.5, "reliability": 5.5, "responsiveness": 4.9, "assurance": 5.8, "empathy": 4.9},
        "importance": {"tangibles": 8, "reliability": 34, "responsiveness": 20, "assurance": 24, "empathy": 14},
    },
}

#: Zone-of-tolerance survey (retail bank, 9-point scale): adequate A, desired D, perceived P by dimension.
ZONE = {
    "n": 360,
    "scale": (1, 9),
    "A": {"tangibles": 5.2, "reliability": 6.8, "responsiveness": 6.4, "assurance": 6.6, "empathy": 5.8},
    "D": {"tangibles": 6.8, "reliability": 8.2, "responsiveness": 7.9, "assurance": 8.0, "empathy": 7.6},
    "P": {"tangibles": 7.3, "reliability": 7.2, "responsiveness": 5.8, "assurance": 7.1, "empathy": 6.6},
}


def _sd() -> float:
    return float(np.hypot(FACTOR_SD, NOISE_SD))


def expected_answer(mu, sd: float, scale=(1, 7)):
    """Expected recorded answer when the latent answer is N(mu, sd²), rounded and clipped to ``scale``."""
    lo, hi = scale
    mu = np.asarray(mu, dtype=float)
    ks = np.arange(lo, hi + 1)
    upper = np.where(ks == hi, np.inf, ks + 0.5)
    lower = np.where(ks == lo, -np.inf, ks - 0.5)
    p = stats.norm.cdf((upper[:, None] - mu.ravel()) / sd) - stats.norm.cdf((lower[:, None] - mu.ravel()) / sd)
    return (ks[:, None] * p).sum(axis=0).reshape(mu.shape)


def true_gaps(industry: str) -> dict[str, pd.Series]:
    """True item gaps (index 1–22) and dimension gaps (mean of their items' gaps) of ``industry``.

    Segments enter with the exact shares used in the data (counts are fixed, not random).
    """
    spec = INDUSTRIES[industry]
    counts = _segment_counts(spec)
    n = sum(counts.values())
    gaps = pd.Series(0.0, index=pd.Index(range(1, 23), name="item"))
    for seg, (_, shift) in spec["segments"].items():
        muE = np.array([spec["E"][DIM_OF[i]] + ITEM_OFFSET[i] for i in range(1, 23)])
        muP = np.array([spec["P"][DIM_OF[i]] + shift.get(DIM_OF[i], 0.0) + ITEM_OFFSET[i] for i in range(1, 23)])
        g = expected_answer(muP, _sd()) - expected_answer(muE, _sd())
        gaps += counts[seg] / n * g
    dims = pd.Series({d: float(gaps.loc[list(ITEMS_OF[d])].mean()) for d in DIMS}, name="gap")
    return {"items": gaps, "dimensions": dims}


def true_zone() -> pd.DataFrame:
    """Expected A, D, P per dimension of the zone survey (mean of its items), MSA, MSS and position."""
    rows = {}
    for d in DIMS:
        vals = {}
        for kind in "ADP":
            mu = np.array([ZONE[kind][d] + ITEM_OFFSET[i] for i in ITEMS_OF[d]])
            sd = _sd() if kind != "D" else float(np.hypot(_sd(), 0.4))
            vals[kind] = float(expected_answer(mu, sd, ZONE["scale"]).mean())
        rows[d] = vals
    t = pd.DataFrame(rows).T
    t["MSA"] = t["P"] - t["A"]
    t["MSS"] = t["P"] - t["D"]
    t["position"] = np.where(t["MSA"] < 0, "below", np.where(t["MSS"] > 0, "above", "within"))
    return t


def _segment_counts(spec) -> dict[str, int]:
    n = spec["n"]
    segs = list(spec["segments"])
    counts = {s: int(round(spec["segments"][s][0] * n)) for s in segs[:-1]}
    counts[segs[-1]] = n - sum(counts.values())
    return counts


def _factors(rng, n: int) -> np.ndarray:
    corr = np.full((5, 5), FACTOR_CORR)
    np.fill_diagonal(corr, 1.0)
    return rng.multivariate_normal(np.zeros(5), corr * FACTOR_SD ** 2, size=n, method="cholesky")


def _answers(rng, mu: np.ndarray, factors: np.ndarray, scale=(1, 7), extra_sd: float = 0.0) -> np.ndarray:
    """mu: n × 22 latent item means; factors: n × 5 → n × 22 recorded answers (float, no missing yet)."""
    dim_idx = np.array([DIMS.index(DIM_OF[i]) for i in range(1, 23)])
    noise_sd = float(np.hypot(NOISE_SD, extra_sd))
    latent = mu + factors[:, dim_idx] + rng.normal(0.0, noise_sd, size=mu.shape)
    return np.clip(np.round(latent), scale[0], scale[1])


def _allocations(rng, profile: dict, n: int) -> np.ndarray:
    alpha = np.array([profile[d] for d in DIMS], dtype=float) / 100 * 40
    share = rng.dirichlet(alpha, size=n) * 100
    base = np.floor(share).astype(int)
    left = 100 - base.sum(axis=1)
    order = np.argsort(-(share - base), axis=1, kind="stable")
    ranks = np.argsort(order, axis=1, kind="stable")
    base += (ranks < left[:, None]).astype(int)
    return base


def _survey(rng, industry: str) -> pd.DataFrame:
    spec = INDUSTRIES[industry]
    counts = _segment_counts(spec)
    segment = np.concatenate([[s] * c for s, c in counts.items()])
    segment = segment[rng.permutation(len(segment))]
    n = len(segment)
    muE = np.array([[spec["E"][DIM_OF[i]] + ITEM_OFFSET[i] for i in range(1, 23)]] * n)
    shift = np.array([[spec["segments"][s][1].get(DIM_OF[i], 0.0) for i in range(1, 23)] for s in segment])
    muP = np.array([[spec["P"][DIM_OF[i]] + ITEM_OFFSET[i] for i in range(1, 23)]] * n) + shift
    E = _answers(rng, muE, _factors(rng, n))
    P = _answers(rng, muP, _factors(rng, n))
    both = np.hstack([E, P])
    both[rng.random(both.shape) < MISSING_RATE] = np.nan
    df = pd.DataFrame({"respondent": np.arange(1, n + 1), "segment": segment})
    items = pd.DataFrame(both, columns=[f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)])
    weights = pd.DataFrame(_allocations(rng, spec["importance"], n), columns=[f"W_{d}" for d in DIMS])
    out = pd.concat([df, items.astype("Int64"), weights], axis=1)
    return out


_LABELS = {7: ("Strongly agree", "非常同意"), 6: ("agree", "同意"), 5: ("Somewhat agree", "比较同意"),
           4: ("Neutral", "一般"), 3: ("somewhat disagree", "比较不同意"), 2: ("Disagree", "不同意"),
           1: ("strongly disagree", "非常不同意")}


def _raw(rng, clean: pd.DataFrame) -> pd.DataFrame:
    """A messy export of ``clean``: answer labels, padded text, out-of-range values, junk,
    duplicated submissions and straight-lining respondents."""
    cols = [c for c in clean.columns if c[0] in "EP" and c[1:].isdigit()]
    raw = clean.copy()
    for c in cols:
        raw[c] = raw[c].astype("string")
    values = clean[cols].to_numpy(dtype="float64", na_value=np.nan)
    text = raw[cols].to_numpy(dtype=object)
    u = rng.random(values.shape)
    present = ~np.isnan(values)
    # answer labels (English or Chinese) instead of numbers: recoverable
    lab = present & (u < 0.02)
    zh = rng.random(values.shape) < 0.5
    for r, c in zip(*np.nonzero(lab)):
        text[r, c] = _LABELS[int(values[r, c])][int(zh[r, c])]
    # padded numbers: recoverable
    pad = present & (u >= 0.02) & (u < 0.03)
    for r, c in zip(*np.nonzero(pad)):
        text[r, c] = f" {int(values[r, c])} "
    # out-of-range typing: 0, 8, 9, 55, 77 → must become missing
    oor = present & (u >= 0.03) & (u < 0.035)
    choices = np.array(["0", "8", "9", "55", "77"])
    text[oor] = choices[rng.integers(0, len(choices), size=int(oor.sum()))]
    # junk text: must become missing
    junk = present & (u >= 0.035) & (u < 0.037)
    jchoices = np.array(["n/a", "-", "?", "不知道"])
    text[junk] = jchoices[rng.integers(0, len(jchoices), size=int(junk.sum()))]
    text[~present] = None
    raw[cols] = pd.DataFrame(text, columns=cols, index=raw.index).astype("string")
    # straight-liners: 10 extra respondents answering every item with the same number
    n = len(clean)
    liners = raw.iloc[rng.choice(n, size=10, replace=False)].copy()
    liners["respondent"] = np.arange(n + 1, n + 11)
    same = rng.choice(["7", "7", "6", "4", "1"], size=10)
    for j, (idx, _row) in enumerate(liners.iterrows()):
        liners.loc[idx, cols] = same[j]
    # duplicated submissions: 8 respondents submitted twice (identical answers)
    dups = raw.iloc[rng.choice(n, size=8, replace=False)].copy()
    out = pd.concat([raw, liners, dups], ignore_index=True)
    return out.iloc[rng.permutation(len(out))].reset_index(drop=True)


def _zone(rng) -> pd.DataFrame:
    n, scale = ZONE["n"], ZONE["scale"]
    mu = {k: np.array([[ZONE[k][DIM_OF[i]] + ITEM_OFFSET[i] for i in range(1, 23)]] * n) for k in "ADP"}
    f_ad = _factors(rng, n)
    A = _answers(rng, mu["A"], f_ad, scale)
    D = _answers(rng, mu["D"], f_ad, scale, extra_sd=0.4)
    P = _answers(rng, mu["P"], _factors(rng, n), scale)
    block = np.hstack([A, D, P])
    block[rng.random(block.shape) < MISSING_RATE] = np.nan
    cols = [f"{k}{i}" for k in "ADP" for i in range(1, 23)]
    df = pd.concat([pd.DataFrame({"respondent": np.arange(1, n + 1)}),
                    pd.DataFrame(block, columns=cols).astype("Int64")], axis=1)
    return df


def generate(out_dir: Path) -> list[Path]:
    """Write the SERVQUAL CSVs into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    paths = []
    frames = {}
    for industry in INDUSTRIES:
        frames[industry] = _survey(rng, industry)
        path = out_dir / f"servqual_{industry}.csv"
        frames[industry].to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    raw = _raw(rng, frames["restaurant"])
    path = out_dir / "servqual_restaurant_raw.csv"
    raw.to_csv(path, index=False, lineterminator="\n")
    paths.append(path)
    path = out_dir / "servqual_zone_bank.csv"
    _zone(rng).to_csv(path, index=False, lineterminator="\n")
    paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    print(generate(Path(__file__).resolve().parents[1] / "synthetic"))
