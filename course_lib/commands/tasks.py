"""List the exercises' tasks with their track (manager or analyst), to plan a workshop.

    service-course tasks                      every exercise's tasks, in the order the exercise asks them
    service-course tasks --track manager      only the decision tasks (a one-day workshop without pandas)
    service-course tasks --lang zh            titles and tracks in Chinese

A manager task is answered from what the notebook shows (choose, rank, set one value); an analyst task
needs pandas. The track is the one each check registers (``task(..., track=...)``), so this list, the
checks and the exercises cannot disagree.
"""

from __future__ import annotations

import re

from .. import files
from ..lang import T, check_lang

__all__ = ["task_table", "add_arguments", "run"]

_CHECK_CALL = re.compile(r'check\("([\w.]+)"')
TRACK_LABELS = {"manager": T("manager", context="track"), "analyst": T("analyst", context="track")}


def task_table(lang: str | None = None, root=None):
    """Every task of every exercise, in the order the solutions ask them.

    Returns a DataFrame with columns ``exercise``, ``task``, ``track`` and ``title`` (track and title in
    ``lang``).

    Examples
    --------
    >>> table = task_table("en")
    >>> table.loc[table.task == "kano.pair", ["exercise", "track"]].values.tolist()
    [['01_service_excellence', 'manager']]
    """
    import nbformat
    import pandas as pd

    from ..checks import registry
    from ..lang import pick

    lang = check_lang(lang)
    root = root or files.project_root()
    tasks = registry()
    rows = []
    for path in sorted((root / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                for task_id in _CHECK_CALL.findall(cell.source):
                    task = tasks[task_id]
                    rows.append({"exercise": path.stem, "task": task_id,
                                 "track": TRACK_LABELS[task.track].render(lang), "title": pick(task.title, lang)})
    return pd.DataFrame(rows, columns=["exercise", "task", "track", "title"])


def add_arguments(parser) -> None:
    parser.add_argument("--track", choices=sorted(TRACK_LABELS), default=None, help="only the tasks of one track")
    parser.add_argument("--lang", choices=["en", "zh"], default=None, help="language of the titles (default: en)")


def run(args) -> int:
    lang = check_lang(args.lang)
    table = task_table(lang)
    if args.track:
        table = table[table.track == TRACK_LABELS[args.track].render(lang)]
    for exercise, rows in table.groupby("exercise", sort=False):
        print(f"{exercise}")
        for row in rows.itertuples():
            print(f"  {row.track:<8} {row.task:<34} {row.title}")
    counts = table.track.value_counts()
    print("\n" + T("{n} tasks: {counts}", n=len(table),
                   counts=", ".join(f"{k} {v}" for k, v in counts.items())).render(lang))
    return 0
