"""The manager track of exercises 00 and 01 (issue 12 §3): where it sits, what its tasks ask, and checks
whose answers and reasons come from the data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from course_lib.checks import evaluate, registry
from course_lib.checks import excellence, warmup

ROOT = Path(__file__).resolve().parent.parent
TRACKS = {
    "00_warmup": {"manager": ["warmup.friday_bills", "warmup.extra_waiter", "warmup.friday"],
                  "analyst": ["warmup.n_parties", "warmup.tip_rate", "warmup.rate_by_day"]},
    "01_service_excellence": {"manager": ["excellence.lift_step", "excellence.chain_order", "excellence.remedy"],
                              "analyst": ["excellence.rating_spread", "excellence.return_gap",
                                          "excellence.strongest_link", "excellence.industry_nps"]},
}


def _sections(nb) -> list[tuple[str, list[str]]]:
    """(section heading, task ids checked in it) for every ``## `` section after the setup."""
    out: list[tuple[str, list[str]]] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            out.append((cell.source.splitlines()[0], []))
        elif cell.cell_type == "code" and out:
            out[-1][1].extend(re.findall(r'check\("([\w.]+)"', cell.source))
    return out


@pytest.mark.parametrize("name", sorted(TRACKS))
def test_the_exercise_opens_with_the_manager_track_then_the_analyst_track(name):
    nb = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    sections = _sections(nb)
    assert sections[0] == ("## Manager track · 管理者任务", TRACKS[name]["manager"])
    assert sections[1] == ("## Analyst track · 分析师任务 (pandas)", TRACKS[name]["analyst"])
    first_section = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## "))
    assert "cl.setup(" in nb.cells[first_section - 1].source  # right after the setup cell
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"
                and re.match(r"### Task \d", c.source)]
    assert [int(re.match(r"### Task (\d+)", h).group(1)) for h in headings] == list(range(1, len(headings) + 1))
    for track, ids in TRACKS[name].items():
        assert all(registry()[t].track == track for t in ids), track


@pytest.mark.parametrize("name", sorted(TRACKS))
def test_manager_answers_are_one_literal_line(name):
    nb = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        found = re.findall(r'check\("([\w.]+)"', cell.source)
        if found and found[0] in TRACKS[name]["manager"]:
            body = re.search(r"# BEGIN SOLUTION\n(.*)\n# END SOLUTION", cell.source, re.S).group(1)
            assert len(body.splitlines()) == 1, body
            ast.literal_eval(body.split("=", 1)[1].strip())


def test_warmup_manager_answers_come_from_the_table():
    table = warmup._by_day()
    assert evaluate("warmup.friday_bills", int(table.loc["Fri", "n"])).passed
    assert evaluate("warmup.extra_waiter", table["n"].idxmax()).passed
    assert evaluate("warmup.extra_waiter", "saturday").passed and evaluate("warmup.extra_waiter", " SAT ").passed
    assert table["mean"].idxmax() == "Fri"  # the question's premise
    # the premise of the right choice: Friday's range overlaps every other day's
    fri, others = table.loc["Fri"], table.drop(index="Fri")
    assert ((others["low"] <= fri["high"]) & (others["high"] >= fri["low"])).all()
    assert (table.loc["Sat", "low"] <= table.drop(index="Sat")["high"]).all()  # distractor (c)'s reason


@pytest.mark.parametrize("answer, reason", [
    (62, "number of bills on Thursday"), (17.0, "average tip rate (column mean)"), ("19", "whole number"),
])
def test_warmup_friday_bills_says_what_was_read_instead(answer, reason):
    assert reason in evaluate("warmup.friday_bills", answer, lang="en").message


@pytest.mark.parametrize("letter", "acd")
def test_every_distractor_gets_its_own_reason(letter):
    msg = evaluate("warmup.friday", letter, lang="en").message
    assert "rests on 19 bills" in msg and "14.7 % to 19.3 %" in msg
    msg = evaluate("excellence.remedy", letter if letter != "c" else "b", lang="en").message
    assert "is not the best answer: " in msg and msg.split("is not the best answer: ")[1][:3] != "\n"


def test_lift_step_is_the_steepest_step_of_the_return_rate():
    gains = excellence._step_gains()
    best = int(gains.idxmax())
    assert evaluate("excellence.lift_step", best).passed
    above, below = evaluate("excellence.lift_step", best + 2, lang="en").message, \
        evaluate("excellence.lift_step", best - 1, lang="en").message
    assert "lower on the scale" in above and "Delighting" in above and "higher on the scale" in below
    assert not evaluate("excellence.lift_step", 7).passed and not evaluate("excellence.lift_step", True).passed
