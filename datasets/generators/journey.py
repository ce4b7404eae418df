"""Synthetic data for lessons 02 (moments of truth) and 05 (peak-end design).

Writes, deterministically (fixed seeds, rounded values):

* ``journey_hotpot.csv``, ``journey_airtrip.csv``, ``journey_bank.csv``: one row
  per customer × touchpoint of a hot-pot restaurant visit, an air trip and a
  retail bank branch visit, with importance / expectation / experience ratings
  (1–7), a signed emotion (−5…+5), duration, and the customer's overall
  satisfaction (1–10) and intention to return (1–7). The overall judgement is
  simulated from the remembered (peak-end) emotion, a little of the average
  emotion and a few touchpoint "drivers", so the lessons' analyses have
  something to find. All parameters were chosen by the course authors; none is
  estimated from a real firm.
* ``journey_incidents.csv``: a coded critical-incident log (airline, hotel,
  restaurant) in the Bitner, Booms & Tetreault (1990) frame; the split of
  incidents over the three groups is loosely modelled on the pattern commonly
  reported for that study.
* ``journey_coldwater.csv``: a simulated illustration of the cold-water study
  design (Kahneman et al. 1993): 60 s at 14 °C versus the same 60 s plus 30 s at
  15 °C. Parameters chosen, not estimated.

Run: ``python datasets/generators/journey.py`` or via ``datasets/generate.py``.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import pandas as pd

SEED = 20260402

# touchpoint: (stage, channel, importance, expectation, quality, quality sd, emotion base,
#              median minutes, duration spread, driver weight, wait sensitivity)
SPECS = {
    "hotpot": [
        ("queueing", "queue_ticket", "app", 4.0, 5.0, 5.6, 0.8, 0.0, 2, 0.3, 0.05, 0.0),
        ("queueing", "waiting_area", "in person", 6.0, 4.4, 3.7, 1.1, -0.6, 35, 0.5, 0.10, 1.3),
        ("seating", "seating", "in person", 4.5, 5.0, 5.4, 0.8, 0.4, 3, 0.3, 0.05, 0.0),
        ("ordering", "ordering", "tablet", 5.0, 5.2, 5.0, 0.9, 0.2, 8, 0.3, 0.10, 0.0),
        ("cooking", "cooking_at_table", "in person", 6.5, 5.8, 5.9, 0.8, 1.4, 60, 0.25, 0.35, 0.0),
        ("cooking", "table_service", "in person", 6.0, 5.6, 5.0, 1.1, 0.6, 55, 0.25, 0.30, 0.0),
        ("extras", "extras", "in person", 3.5, 3.5, 5.8, 0.9, 2.4, 5, 0.4, 0.10, 0.0),
        ("bill", "bill", "in person", 5.0, 5.5, 4.4, 1.1, -0.6, 6, 0.5, 0.20, 0.6),
        ("leaving", "farewell", "in person", 3.0, 4.0, 5.5, 0.9, 1.4, 1, 0.3, 0.05, 0.0),
    ],
    "airtrip": [
        ("booking", "online_booking", "web", 5.0, 5.5, 5.6, 0.8, 0.3, 12, 0.4, 0.05, 0.0),
        ("check_in", "check_in", "app", 4.5, 5.5, 5.5, 0.8, 0.2, 5, 0.4, 0.05, 0.0),
        ("check_in", "bag_drop", "in person", 5.0, 5.2, 4.6, 1.0, -0.3, 15, 0.5, 0.10, 0.8),
        ("airport", "security", "in person", 5.5, 4.2, 3.9, 1.0, -1.1, 20, 0.5, 0.05, 0.8),
        ("airport", "gate_wait", "in person", 4.0, 4.5, 4.0, 1.1, -0.7, 45, 0.6, 0.10, 1.0),
        ("boarding", "boarding", "in person", 4.5, 5.0, 4.5, 1.0, -0.2, 20, 0.3, 0.05, 0.0),
        ("flight", "cabin_crew", "in person", 6.0, 5.5, 5.3, 1.0, 1.0, 120, 0.3, 0.30, 0.0),
        ("flight", "meal_service", "in person", 3.5, 4.0, 4.2, 1.1, 0.0, 20, 0.3, 0.05, 0.0),
        ("arrival", "deplaning", "in person", 3.5, 5.0, 4.8, 0.9, 0.0, 15, 0.3, 0.05, 0.0),
        ("arrival", "baggage_claim", "in person", 6.0, 5.5, 4.4, 1.2, -0.7, 25, 0.5, 0.30, 1.0),
    ],
    "bank": [
        ("arrival", "door_greeting", "in person", 3.5, 3.5, 5.0, 0.9, 0.8, 1, 0.3, 0.05, 0.0),
        ("arrival", "take_ticket", "kiosk", 3.5, 5.5, 5.5, 0.8, 0.0, 1, 0.3, 0.05, 0.0),
        ("waiting", "waiting", "in person", 6.0, 4.5, 3.5, 1.0, -1.1, 18, 0.6, 0.10, 1.4),
        ("service", "teller_transaction", "counter", 6.5, 6.0, 5.7, 0.8, 0.5, 8, 0.4, 0.35, 0.0),
        ("service", "product_advice", "advisor", 5.0, 5.0, 4.4, 1.2, -0.3, 15, 0.5, 0.25, 0.0),
        ("closing", "paperwork", "counter", 4.5, 5.0, 3.9, 1.0, -1.0, 10, 0.5, 0.10, 0.6),
        ("closing", "farewell", "in person", 3.0, 3.5, 4.8, 1.0, 0.5, 1, 0.3, 0.05, 0.0),
    ],
}
CUSTOMERS = {"hotpot": 600, "airtrip": 500, "bank": 450}
COLUMNS = ["customer_id", "stage", "touchpoint", "channel", "step", "duration_min", "importance", "expectation",
           "experience", "emotion", "overall", "return_intention"]


def _peak_end(emotion: np.ndarray) -> np.ndarray:
    """Signed peak-end score per row of a customers × moments array (negative wins ties)."""
    absmax = np.abs(emotion).max(axis=1)
    has_neg = (emotion == -absmax[:, None]).any(axis=1) & (absmax > 0)
    return (np.where(has_neg, -absmax, absmax) + emotion[:, -1]) / 2


def _journey(name: str, rng: np.random.Generator) -> pd.DataFrame:
    spec = SPECS[name]
    n, k = CUSTOMERS[name], len(spec)
    cols = list(zip(*spec))
    imp, exp_mu, q, q_sd, base, dur_med, dur_sd, weight, wait = (np.array(c, dtype=float) for c in cols[3:])
    mood = rng.normal(0, 0.5, size=(n, 1))            # a customer's general disposition
    demanding = rng.normal(0, 0.5, size=(n, 1))       # how high a customer's expectations run
    duration = dur_med * np.exp(rng.normal(0, dur_sd, size=(n, k)))
    importance = np.clip(np.rint(rng.normal(imp, 0.9, size=(n, k))), 1, 7)
    expectation = np.clip(np.rint(exp_mu + demanding + rng.normal(0, 0.7, size=(n, k))), 1, 7)
    latent = q + mood - wait * np.log(duration / dur_med) + rng.normal(0, q_sd, size=(n, k))
    experience = np.clip(np.rint(latent), 1, 7)
    emotion = np.clip(np.rint(base + 0.9 * (experience - expectation) + 0.5 * mood
                              + rng.normal(0, 0.8, size=(n, k))), -5, 5)
    if name == "airtrip":  # a few delayed or lost bags: a sharp negative end
        lost = rng.random(n) < 0.04
        emotion[lost, -1] = -5
        experience[lost, -1] = 1
    remembered = _peak_end(emotion)
    drivers = ((experience - q) * weight).sum(axis=1)
    overall = np.clip(np.rint(6.2 + 0.55 * remembered + 0.15 * emotion.mean(axis=1) + drivers
                              + rng.normal(0, 0.7, size=n)), 1, 10)
    intention = np.clip(np.rint(1 + 0.55 * (overall - 1) + 0.25 * emotion[:, -1] + rng.normal(0, 0.6, size=n)), 1, 7)
    frame = pd.DataFrame({
        "customer_id": np.repeat(np.arange(1, n + 1), k),
        "stage": np.tile(cols[0], n),
        "touchpoint": np.tile(cols[1], n),
        "channel": np.tile(cols[2], n),
        "step": np.tile(np.arange(1, k + 1), n),
        "duration_min": np.round(duration.ravel(), 1),
        "importance": importance.ravel().astype(int),
        "expectation": expectation.ravel().astype(int),
        "experience": experience.ravel().astype(int),
        "emotion": emotion.ravel().astype(int),
        "overall": np.repeat(overall, k).astype(int),
        "return_intention": np.repeat(intention, k).astype(int),
    })
    return frame[COLUMNS]


# --------------------------------------------------------------------------- critical incidents
TEMPLATES = {
    "1A": ("The {thing} was not available, but the employee found an alternative at once.",
           "The {thing} was not available and nobody explained why or offered anything."),
    "1B": ("Service was slow; the employee kept us informed and apologised sincerely.",
           "We waited far too long and staff ignored our questions."),
    "1C": ("Something went wrong with the {thing}; it was fixed quickly and with a small gift.",
           "The {thing} was faulty and the employee blamed another department."),
    "2A": ("The employee went out of the way to help a traveller with a disability.",
           "A request for help with a special need was brushed off."),
    "2B": ("Staff remembered and met an unusual preference without fuss.",
           "A simple preference was refused 'because of policy'."),
    "2C": ("I made a mistake with my booking; the employee sorted it out kindly.",
           "I admitted my own mistake and was treated as a nuisance."),
    "2D": ("An employee calmly handled a loud, drunk customer nearby.",
           "Staff did nothing about another customer disturbing everyone."),
    "3A": ("The employee took time to chat and made me feel welcome.",
           "The employee was rude and paid no attention to me."),
    "3B": ("An employee did something unexpectedly generous for us.",
           "An employee behaved in a way I found shocking."),
    "3C": ("Staff showed honesty when they could have overcharged us.",
           "I was overcharged and felt cheated."),
    "3D": ("Everything went smoothly from start to finish.",
           "The whole experience was one small irritation after another."),
    "3E": ("Under great pressure the staff stayed calm and in control.",
           "In an emergency the staff panicked and gave no guidance."),
}
THINGS = {"airline": "seat", "hotel": "room", "restaurant": "table"}
# share of each outcome's incidents in groups 1, 2, 3 (loosely modelled on the commonly
# reported pattern; the category weights inside a group are the authors' choice)
GROUP_SHARES = {"satisfactory": [0.23, 0.33, 0.44], "dissatisfactory": [0.43, 0.16, 0.41]}
CATEGORY_WEIGHTS = {1: [0.35, 0.35, 0.30], 2: [0.20, 0.40, 0.15, 0.25], 3: [0.35, 0.20, 0.15, 0.15, 0.15]}


def _incidents(rng: np.random.Generator, n: int = 720) -> pd.DataFrame:
    industry = rng.choice(sorted(THINGS), size=n)
    outcome = np.where(rng.random(n) < 0.5, "satisfactory", "dissatisfactory")
    u = rng.random(n)
    sat = np.array(GROUP_SHARES["satisfactory"]).cumsum()
    dis = np.array(GROUP_SHARES["dissatisfactory"]).cumsum()
    cum = np.where((outcome == "satisfactory")[:, None], sat, dis)
    group = (u[:, None] > cum).sum(axis=1) + 1
    group = np.minimum(group, 3)
    letters = np.empty(n, dtype=object)
    for g, w in CATEGORY_WEIGHTS.items():
        mask = group == g
        letters[mask] = rng.choice(list("ABCDE"[: len(w)]), size=mask.sum(), p=w)
    category = [f"{g}{c}" for g, c in zip(group, letters)]
    desc = [TEMPLATES[c][0 if o == "satisfactory" else 1].format(thing=THINGS[i])
            for c, o, i in zip(category, outcome, industry)]
    return pd.DataFrame({"incident_id": np.arange(1, n + 1), "industry": industry, "group": group,
                         "category": category, "outcome": outcome, "description": desc})


# --------------------------------------------------------------------------- cold water
def _coldwater(rng: np.random.Generator, n: int = 32) -> pd.DataFrame:
    t_short = np.arange(0, 61, 5)
    t_long = np.arange(0, 91, 5)
    base = rng.normal(2.5, 0.6, size=(n, 1))
    rise = rng.normal(5.0, 1.0, size=(n, 1))
    drop = rng.normal(1.8, 0.6, size=(n, 1))

    def curve(t):
        first = base + rise * (1 - np.exp(-np.minimum(t, 60) / 25.0)) / (1 - np.exp(-60 / 25.0))
        warmed = drop * np.clip((t - 60) / 30.0, 0, None)
        return np.clip(np.round(first - warmed + rng.normal(0, 0.3, size=(n, len(t))), 1), 0, 10)

    short, long_ = curve(t_short), curve(t_long)
    rem_short = (short.max(axis=1) + short[:, -1]) / 2
    rem_long = (long_.max(axis=1) + long_[:, -1]) / 2
    p_long = 1 / (1 + np.exp(-1.5 * (rem_short - rem_long)))
    choice = np.where(rng.random(n) < p_long, "long", "short")
    parts = []
    for trial, t, values, temp in (("short", t_short, short, 14.0), ("long", t_long, long_, None)):
        parts.append(pd.DataFrame({
            "participant": np.repeat(np.arange(1, n + 1), len(t)),
            "trial": trial,
            "second": np.tile(t, n),
            "water_temp_c": np.tile(np.where(t <= 60, 14.0, 15.0) if temp is None else np.full(len(t), temp), n),
            "discomfort": values.ravel(),
            "repeat_choice": np.repeat(choice, len(t)),
        }))
    return pd.concat(parts, ignore_index=True).sort_values(["participant", "trial", "second"],
                                                          ascending=[True, False, True], kind="stable")


def generate(out_dir: pathlib.Path) -> list[pathlib.Path]:
    """Write the journey, incident and cold-water CSVs into ``out_dir``; return their paths."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    frames = {}
    for i, name in enumerate(SPECS):
        frames[f"journey_{name}"] = _journey(name, np.random.default_rng(SEED + i))
    frames["journey_incidents"] = _incidents(np.random.default_rng(SEED + 10))
    frames["journey_coldwater"] = _coldwater(np.random.default_rng(SEED + 20))
    for name, frame in frames.items():
        path = out_dir / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


if __name__ == "__main__":
    here = pathlib.Path(__file__).resolve().parent.parent / "synthetic"
    print(generate(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here))
