"""Synthetic Kano questionnaire of a restaurant (lesson 01, from satisfied to delighted). Deterministic: fixed seed.

* ``kano_restaurant.csv``: 240 guests of an illustrative casual-dining restaurant (families, groups
  of friends, business diners) each answer the functional question ("How do you feel if the
  restaurant has …?") and the dysfunctional question ("… if it does not?") for nine features, with
  the five Kano answers coded 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike (Berger et al.
  1993). Long form: one row per guest and feature.

How the answers are made: each guest holds one Kano category per feature, drawn from a mix chosen by
the course authors (basics mostly must-be, waiting times one-dimensional, extras attractive or
indifferent, a few reverse and questionable answers everywhere); the children's corner is
attractive for families and indifferent for the others. The guest then gives an answer pair that
the evaluation table maps to that category (the typical pair most often, the other pairs of the
same category less often). The mixes are invented; they are not findings about any restaurant.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250612
N_GUESTS = 240
SEGMENTS = {"family": 0.30, "friends": 0.45, "business": 0.25}
CATEGORIES = ("A", "O", "M", "I", "R", "Q")

#: Share of guests holding each category (A, O, M, I, R, Q), per feature; None: per segment below.
MIXES = {
    "clean_table": (0.05, 0.20, 0.60, 0.13, 0.00, 0.02),
    "correct_bill": (0.04, 0.18, 0.58, 0.16, 0.02, 0.02),
    "short_wait": (0.12, 0.48, 0.22, 0.15, 0.01, 0.02),
    "fast_dishes": (0.15, 0.42, 0.18, 0.22, 0.01, 0.02),
    "attentive_staff": (0.36, 0.32, 0.08, 0.19, 0.03, 0.02),
    "waiting_snacks": (0.52, 0.10, 0.03, 0.30, 0.03, 0.02),
    "birthday_surprise": (0.38, 0.04, 0.02, 0.42, 0.12, 0.02),
    "kids_corner": None,
    "phone_ordering": (0.16, 0.24, 0.12, 0.38, 0.08, 0.02),
}
KIDS_CORNER = {
    "family": (0.50, 0.18, 0.08, 0.20, 0.02, 0.02),
    "friends": (0.15, 0.03, 0.02, 0.68, 0.10, 0.02),
    "business": (0.15, 0.03, 0.02, 0.68, 0.10, 0.02),
}

#: For each category, the answer pairs (functional, dysfunctional) that give it and how often a
#: guest holding the category picks each: the typical pair first.
PAIRS = {
    "A": ([(1, 4), (1, 3), (1, 2)], [0.50, 0.35, 0.15]),
    "O": ([(1, 5)], [1.0]),
    "M": ([(2, 5), (3, 5), (4, 5)], [0.60, 0.25, 0.15]),
    "I": ([(3, 3), (3, 4), (4, 4), (2, 3), (4, 3), (2, 2), (3, 2), (2, 4), (4, 2)],
          [0.45, 0.15, 0.10, 0.10, 0.05, 0.05, 0.05, 0.03, 0.02]),
    "R": ([(5, 3), (3, 1), (5, 4), (4, 1), (5, 1), (5, 2), (2, 1)], [0.30, 0.20, 0.15, 0.15, 0.10, 0.05, 0.05]),
    "Q": ([(1, 1), (5, 5)], [0.60, 0.40]),
}


def _pairs(rng: np.random.Generator, categories: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    functional = np.zeros(len(categories), dtype=int)
    dysfunctional = np.zeros(len(categories), dtype=int)
    for cat in CATEGORIES:
        idx = np.flatnonzero(categories == cat)
        pairs, weights = PAIRS[cat]
        pick = rng.choice(len(pairs), size=len(idx), p=weights)
        chosen = np.array(pairs)[pick]
        functional[idx], dysfunctional[idx] = chosen[:, 0], chosen[:, 1]
    return functional, dysfunctional


def restaurant(rng: np.random.Generator) -> pd.DataFrame:
    segment = rng.choice(list(SEGMENTS), size=N_GUESTS, p=list(SEGMENTS.values()))
    frames = []
    for feature, mix in MIXES.items():
        categories = np.empty(N_GUESTS, dtype=object)
        for seg in SEGMENTS:
            here = segment == seg
            p = KIDS_CORNER[seg] if mix is None else mix
            categories[here] = rng.choice(CATEGORIES, size=int(here.sum()), p=p)
        functional, dysfunctional = _pairs(rng, categories)
        frames.append(pd.DataFrame({"respondent_id": np.arange(1, N_GUESTS + 1), "segment": segment,
                                    "feature": feature, "functional": functional, "dysfunctional": dysfunctional}))
    return pd.concat(frames, ignore_index=True).sort_values(["respondent_id"], kind="mergesort",
                                                             ignore_index=True)


def generate(out_dir: Path) -> list[Path]:
    """Write ``kano_restaurant.csv`` into ``out_dir``; return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "kano_restaurant.csv"
    restaurant(np.random.default_rng(SEED)).to_csv(path, index=False, lineterminator="\n")
    return [path]


if __name__ == "__main__":
    print(generate(Path(__file__).resolve().parents[1] / "synthetic"))
