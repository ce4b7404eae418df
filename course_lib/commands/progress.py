"""Show where the room is: per task, how many trainees answered, got it right or are stuck, from saved exercises.

``service-course progress PATHS... [--html OUT] [--names hide|show] [--lang en|zh]``

PATHS are saved exercise notebooks, folders holding them (searched recursively; hidden folders such as
``.ipynb_checkpoints`` and ``.backups`` are left out), or glob patterns, e.g. the home folders of a hub:
``'/home/jupyter-*/service-course/exercises/03_servqual.ipynb'``. Each trainee is told apart by the first
folder below the paths' common folder (one folder per trainee, as on a hub), or by the file name when all
notebooks sit in one folder (collected copies).

The results come from the records the course's ``check(...)`` publishes in each check cell's output
(mimetype ``application/vnd.service-course.check+json``): no trainee code is run and no answer is read
or shown, only each task's status. A task whose check cell has no record counts as not answered yet.
Files that cannot be read, are half-saved or are not exercises are listed and skipped.

Names are hidden by default (trainee 1, 2, … in the sorted order of their folder or file names, so the
numbers stay the same from one refresh to the next); ``--names show`` shows them (for your own screen).
``--html OUT`` writes one self-contained page for the projector (``--refresh 30`` reloads it every 30 s).
"""

from __future__ import annotations

import glob
import html
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..lang import T, check_lang, current

__all__ = ["CHECK_MIMETYPE", "ExerciseNotebook", "Skipped", "TaskRow", "Room", "read_exercise", "read_room",
           "render_text", "render_html", "add_arguments", "run"]

#: The mimetype of the record each check publishes (``course_lib.checks.CHECK_MIMETYPE``; repeated here
#: so that reading a room needs neither numpy nor pandas).
CHECK_MIMETYPE = "application/vnd.service-course.check+json"
STATUSES = ("pass", "fail", "unanswered")
_CHECK_CALL = re.compile(r"""(?<![\w.])check\(\s*(['"])([A-Za-z_]\w*\.\w+)\1""")
_GLOB = re.compile(r"[*?\[]")


@dataclass
class ExerciseNotebook:
    """One trainee's saved exercise: its tasks in notebook order and the last record of each."""

    path: Path
    trainee: str
    exercise: str                       # the lesson part of the task ids, e.g. "servqual"
    tasks: list[str]
    records: dict[str, dict]
    mtime: float = 0.0

    def status(self, task: str) -> str | None:
        """``pass``, ``fail``, ``unanswered``, or ``None`` when the check cell was not run."""
        record = self.records.get(task)
        return record["status"] if record else None


@dataclass
class Skipped:
    """A file left out, and why. ``quiet`` ones (lessons, solutions, other copies of an exercise) are
    expected when a whole home folder is read: they are counted, not listed."""

    path: Path
    reason: T
    trainee: str | None = None
    quiet: bool = False


@dataclass
class TaskRow:
    task: str
    trainees: int
    right: int
    stuck: int
    unanswered: int
    hint: str | None = None
    hint_count: int = 0

    @property
    def answered(self) -> int:
        return self.right + self.stuck

    @property
    def not_yet(self) -> int:
        return self.trainees - self.answered


@dataclass
class Room:
    """Everything read from PATHS: exercise notebooks by exercise, and what was skipped."""

    notebooks: list[ExerciseNotebook] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    trainees: list[str] = field(default_factory=list)   # every trainee key seen, in the stable order

    def exercises(self) -> dict[str, list[ExerciseNotebook]]:
        """Exercise → its notebooks; exercises somebody has checked first, then in course order."""
        out: dict[str, list[ExerciseNotebook]] = {}
        for nb in self.notebooks:
            out.setdefault(nb.exercise, []).append(nb)
        return dict(sorted(out.items(), key=lambda item: (not any(nb.records for nb in item[1]),
                                                           _natural(self.name(item[0])))))

    def name(self, exercise: str) -> str:
        """The exercise's file name (``03_servqual``) when most of its notebooks share it, else the
        lesson part of its task ids (``servqual``)."""
        stems = Counter(nb.path.stem for nb in self.notebooks if nb.exercise == exercise)
        stem, count = stems.most_common(1)[0] if stems else ("", 0)
        return _printable(stem) if 2 * count > sum(stems.values()) else exercise

    def label(self, trainee: str | None, names: str, lang: str) -> str:
        """The trainee's name, or "trainee N" (N from the stable order) when names are hidden."""
        if trainee is None:
            return ""
        if names == "show":
            return trainee
        return T("trainee {n}", n=self.trainees.index(trainee) + 1).render(lang)

    def rows(self, exercise: str) -> list[TaskRow]:
        notebooks = self.exercises()[exercise]
        order: list[str] = []
        for nb in sorted(notebooks, key=lambda nb: -len(nb.tasks)):
            order += [t for t in nb.tasks if t not in order]
        rows = []
        for task in order:
            statuses = [nb.status(task) for nb in notebooks]
            hints = Counter(nb.records[task]["hint"] for nb in notebooks
                            if nb.status(task) == "fail" and nb.records[task].get("hint"))
            hint, count = hints.most_common(1)[0] if hints else (None, 0)
            rows.append(TaskRow(task, len(notebooks), statuses.count("pass"), statuses.count("fail"),
                                statuses.count("unanswered"), hint, count))
        return rows


# --------------------------------------------------------------------------- reading
def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _notebooks_below(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*.ipynb"))
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def _glob_base(pattern: str) -> Path:
    """The folder part of a glob pattern before its first wildcard (``/home/*/x`` → ``/home``)."""
    parts = Path(pattern).parts
    fixed = next((parts[:i] for i, part in enumerate(parts) if _GLOB.search(part)), parts[:-1])
    return Path(*fixed) if fixed else Path(".")


def _expand(paths: list[str | os.PathLike]) -> tuple[dict[Path, Path | None], list[Skipped]]:
    """Every notebook PATHS name → the folder it was found under (``None`` for a file named as such)."""
    found: dict[Path, Path | None] = {}
    skipped: list[Skipped] = []

    def add(path: Path, base: Path | None) -> None:
        if all(p.resolve() != path.resolve() for p in found):
            found[path] = base

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in _notebooks_below(path):
                add(p, path)
        elif path.exists():
            add(path, None)
        elif _GLOB.search(str(raw)):
            base = _glob_base(str(raw))
            matches = [Path(p) for p in sorted(glob.glob(str(raw), recursive=True))]
            if not matches:
                skipped.append(Skipped(path, T("no file matches this pattern")))
            for match in matches:
                for p in (_notebooks_below(match) if match.is_dir() else [match]):
                    add(p, base)
        else:
            skipped.append(Skipped(path, T("not found")))
    return found, skipped


def _trainee_keys(found: dict[Path, Path | None]) -> dict[Path, str]:
    """Each notebook's trainee: the first folder below the folder it was found under (a hub's home
    folders), or its file name's stem when it lies directly in it (collected copies). Files named one
    by one are placed the same way below their common folder."""
    keys = {}
    loose = [p for p, base in found.items() if base is None]
    common = Path(os.path.commonpath([str(p.resolve().parent) for p in loose])) if loose else None
    for p, base in found.items():
        rel = p.resolve().relative_to(common) if base is None else p.relative_to(base)
        keys[p] = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    return keys


def _text(value) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _record(value) -> dict | None:
    """A check record, if ``value`` is a well-formed one (a JSON string is accepted too)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    task, status, hint = value.get("task"), value.get("status"), value.get("hint")
    if not isinstance(task, str) or status not in STATUSES:
        return None
    return {"task": task, "status": status, "hint_shown": bool(value.get("hint_shown")),
            "hint": hint if isinstance(hint, str) and hint.strip() else None,
            "lang": value.get("lang") if isinstance(value.get("lang"), str) else None}


def read_exercise(path: Path, trainee: str = "") -> ExerciseNotebook | Skipped:
    """Read one saved notebook without running anything: an :class:`ExerciseNotebook`, or a
    :class:`Skipped` saying why it cannot be used."""
    try:
        raw = Path(path).read_bytes()
        mtime = Path(path).stat().st_mtime
    except OSError as exc:
        return Skipped(path, T("cannot be read ({error})", error=exc.strerror or type(exc).__name__), trainee)
    try:
        nb = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Skipped(path, T("cannot be read (not UTF-8 text)"), trainee)
    except ValueError:
        if not raw.strip():
            return Skipped(path, T("empty file (saving was interrupted?)"), trainee)
        return Skipped(path, T("half-saved or damaged: not valid notebook JSON"), trainee)
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return Skipped(path, T("not a Jupyter notebook"), trainee)
    tasks: list[str] = []
    records: dict[str, dict] = {}
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        for match in _CHECK_CALL.finditer(_text(cell.get("source"))):
            if match.group(2) not in tasks:
                tasks.append(match.group(2))
        outputs = cell.get("outputs")
        for out in outputs if isinstance(outputs, list) else []:
            data = out.get("data") if isinstance(out, dict) else None
            record = _record(data.get(CHECK_MIMETYPE)) if isinstance(data, dict) else None
            if record is not None:
                records[record["task"]] = record          # the last record of a task wins
                if record["task"] not in tasks:
                    tasks.append(record["task"])
    metadata = nb.get("metadata")
    if not tasks:
        return Skipped(path, T("not an exercise (no check(...) cells)"), trainee, quiet=True)
    if not (isinstance(metadata, dict) and "course_exercise" in metadata):
        return Skipped(path, T("not a trainee's exercise (a solution or a lesson)"), trainee, quiet=True)
    lessons = Counter(t.split(".", 1)[0] for t in tasks)
    return ExerciseNotebook(Path(path), trainee, lessons.most_common(1)[0][0], tasks, records, mtime)


def read_room(paths: list[str | os.PathLike]) -> Room:
    """Read every notebook that PATHS name; one notebook per trainee and exercise (the newest)."""
    files, skipped = _expand(paths)
    keys = _trainee_keys(files)
    room = Room(skipped=skipped)
    newest: dict[tuple[str, str], ExerciseNotebook] = {}
    for path in files:
        result = read_exercise(path, keys[path])
        if isinstance(result, Skipped):
            room.skipped.append(result)
            continue
        key = (result.trainee, result.exercise)
        other = newest.get(key)
        if other is None:
            newest[key] = result
            continue
        # the copy the trainee worked in: the one with check results, else the newest
        older, newer = sorted((other, result), key=lambda nb: (bool(nb.records), nb.mtime, str(nb.path)))
        newest[key] = newer
        room.skipped.append(Skipped(older.path, T("another copy of the same exercise by the same trainee"),
                                    older.trainee, quiet=True))
    room.notebooks = sorted(newest.values(), key=lambda nb: (nb.exercise, _natural(nb.trainee)))
    room.trainees = sorted(set(keys.values()), key=_natural)
    return room


# --------------------------------------------------------------------------- task titles and hints
def _task_text(task: str, lang: str, hint: str | None) -> tuple[str, str | None]:
    """The task's title in ``lang`` (else its id) and the hint in ``lang`` when it is the task's own
    hint shown in another language (else the hint as recorded)."""
    try:
        from ..checks import get_task
        from ..lang import LANGS, pick

        t = get_task(task)
    except Exception:           # a task this version of the course does not know, or no numpy here
        return task, hint
    title = pick(t.title, lang)
    if hint is not None:
        try:
            if hint in {pick(t.hint, other) for other in LANGS}:
                hint = pick(t.hint, lang)
        except Exception:
            pass
    return title, hint


# --------------------------------------------------------------------------- terminal
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _printable(text: str) -> str:
    """No terminal control characters (a folder name could hold escape sequences)."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


SYMBOLS = {"pass": "✓", "fail": "✗", "unanswered": "·", None: "·"}
#: Column headings of the task table (context "progress": short words that may mean other things elsewhere).
HEADINGS = {"task": T("task", context="progress"), "answered": T("answered", context="progress"),
            "right": T("right", context="progress"), "stuck": T("stuck", context="progress"),
            "not yet": T("not yet", context="progress"), "hint": T("most frequent hint", context="progress")}


def _not_started(exercise: str, trainees: int, tasks: int) -> T:
    return T("Exercise {name}: {n} trainees, no check run yet ({tasks} tasks; notebooks saved before any "
             "check cell ran, or by a course version without check records)",
             name=exercise, n=trainees, tasks=tasks)


def _quiet_counts(room: Room, lang: str) -> list[tuple[str, int]]:
    return list(Counter(s.reason.render(lang) for s in room.skipped if s.quiet).items())


def _skipped_line(room: Room, s: Skipped, names: str, lang: str) -> str:
    if names == "show" or s.trainee is None:
        where = str(s.path)
    else:
        label = room.label(s.trainee, names, lang)
        where = label if s.trainee in s.path.name else f"{label} · {s.path.name}"
    return f"{where}: {s.reason.render(lang)}"


def render_text(room: Room, *, names: str = "hide", lang: str | None = None, width: int = 120) -> str:
    """The room as a terminal table: one block per exercise, then one line per trainee."""
    lang = check_lang(lang)
    lines: list[str] = []
    exercises = room.exercises()
    if not exercises:
        lines.append(T("No saved exercise notebook was found.").render(lang))
    for exercise, notebooks in exercises.items():
        rows = room.rows(exercise)
        if not any(nb.records for nb in notebooks):
            lines.append(_not_started(room.name(exercise), len(notebooks), len(rows)).render(lang))
            lines.append("")
            continue
        lines.append(T("Exercise {name}: {n} trainees", name=room.name(exercise), n=len(notebooks)).render(lang))
        head = [HEADINGS[k].render(lang) for k in ("task", "answered", "right", "stuck", "not yet", "hint")]
        titles = [_task_text(r.task, lang, r.hint) for r in rows]
        labels = [f"{i}. {_clip(_printable(title), 34)}" for i, (title, _) in enumerate(titles, 1)]
        w0 = max([_width(head[0])] + [_width(x) for x in labels])
        nums = [max(_width(h), 5) for h in head[1:5]]
        lines.append("  ".join([_pad(head[0], w0)] + [_pad(h, w) for h, w in zip(head[1:5], nums)] + [head[5]]))
        used = w0 + sum(nums) + 2 * 5
        for label, row, (_, hint) in zip(labels, rows, titles):
            cells = [f"{row.answered}/{row.trainees}", str(row.right), str(row.stuck), str(row.not_yet)]
            hint_text = ""
            if hint:
                hint_text = _clip(_printable(T("({n}×) {hint}", n=row.hint_count, hint=hint).render(lang)),
                                  max(20, width - used))
            lines.append("  ".join([_pad(label, w0)] + [_pad(c, w) for c, w in zip(cells, nums)] + [hint_text]))
        lines.append("")
        lines.append(T("By trainee ({legend})",
                       legend=T("✓ right, ✗ stuck, · not yet")).render(lang))
        who = [_printable(room.label(nb.trainee, names, lang)) for nb in notebooks]
        ww = max(_width(x) for x in who)
        lines.append(_pad("", ww) + "  " + " ".join(f"{i:>2}" for i in range(1, len(rows) + 1)))
        for label, nb in zip(who, notebooks):
            marks = " ".join(f"{SYMBOLS[nb.status(r.task)]:>2}" for r in rows)
            done = sum(nb.status(r.task) == "pass" for r in rows)
            lines.append(f"{_pad(label, ww)}  {marks}   {done}/{len(rows)}")
        lines.append("")
    problems = [s for s in room.skipped if not s.quiet]
    if problems:
        lines.append(T("Skipped files ({n}):", n=len(problems)).render(lang))
        lines += ["  " + _printable(_skipped_line(room, s, names, lang)) for s in problems]
    for reason, n in _quiet_counts(room, lang):
        lines.append(T("Left out: {n} × {reason}", n=n, reason=reason).render(lang))
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
 margin:2rem;color:#1f2933;background:#fff;font-size:20px}
h1{font-size:1.6rem;margin:0 0 .3rem} h2{font-size:1.3rem;margin:2rem 0 .6rem} h3{font-size:1.05rem;margin:1rem 0 .2rem}
.meta{color:#52606d;font-size:.9rem} table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{padding:.35rem .7rem;text-align:left;vertical-align:top;border-bottom:1px solid #e4e7eb}
th{font-size:.85rem;color:#52606d;font-weight:600} td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;width:14rem;height:1.1rem;border-radius:3px;overflow:hidden;background:#e4e7eb}
.bar span{display:block;height:100%} .pass{background:#2f9e44} .fail{background:#f08c00} .unanswered{background:#ced4da}
.hint{font-size:.85rem;color:#3e4c59;max-width:34rem} .grid td{text-align:center;padding:.2rem .45rem}
.grid td.who{text-align:left} .s-pass{color:#2f9e44;font-weight:700} .s-fail{color:#d9480f;font-weight:700}
.s-none{color:#9aa5b1} .legend span{margin-right:1.2rem} .skipped{font-size:.85rem;color:#52606d}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def render_html(room: Room, *, names: str = "hide", lang: str | None = None, refresh: int = 0) -> str:
    """The room as one self-contained HTML page (no scripts, no network loads; everything escaped)."""
    lang = check_lang(lang)
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else _e(lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">']
    if refresh > 0:
        out.append(f'<meta http-equiv="refresh" content="{int(refresh)}">')
    title = T("Room progress").render(lang)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    out += [f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
            f'<p class="meta">{_e(T("updated {time}", time=stamp).render(lang))}</p>']
    exercises = room.exercises()
    if not exercises:
        out.append(f"<p>{_e(T('No saved exercise notebook was found.').render(lang))}</p>")
    legend = (f'<p class="legend"><span class="s-pass">✓ {_e(HEADINGS["right"].render(lang))}</span>'
              f'<span class="s-fail">✗ {_e(HEADINGS["stuck"].render(lang))}</span>'
              f'<span class="s-none">· {_e(HEADINGS["not yet"].render(lang))}</span></p>')
    for exercise, notebooks in exercises.items():
        rows = room.rows(exercise)
        if not any(nb.records for nb in notebooks):
            note = _not_started(room.name(exercise), len(notebooks), len(rows))
            out.append(f'<p class="meta">{_e(note.render(lang))}</p>')
            continue
        heading = T("Exercise {name}: {n} trainees", name=room.name(exercise), n=len(notebooks))
        out.append(f"<h2>{_e(heading.render(lang))}</h2>")
        out.append("<table><tr>" + "".join(f"<th>{_e(HEADINGS[h].render(lang))}</th>" for h in
                                          ("task", "answered", "right", "stuck", "not yet")) +
                   f"<th></th><th>{_e(HEADINGS['hint'].render(lang))}</th></tr>")
        for i, row in enumerate(rows, 1):
            task_title, hint = _task_text(row.task, lang, row.hint)
            n = max(row.trainees, 1)
            bar = "".join(f'<span class="{cls}" style="width:{100 * k / n:.1f}%"></span>'
                          for cls, k in (("pass", row.right), ("fail", row.stuck), ("unanswered", row.not_yet)))
            hint_html = (_e(T("({n}×) {hint}", n=row.hint_count, hint=hint).render(lang)) if hint else "")
            out.append(f'<tr><td>{i}. {_e(task_title)}</td><td class="n">{row.answered}/{row.trainees}</td>'
                       f'<td class="n">{row.right}</td><td class="n">{row.stuck}</td><td class="n">{row.not_yet}</td>'
                       f'<td><div class="bar">{bar}</div></td><td class="hint">{hint_html}</td></tr>')
        out.append("</table>")
        out.append(f"<h3>{_e(T('By trainee').render(lang))}</h3>")
        out.append(legend)
        out.append('<table class="grid"><tr><th></th>' + "".join(f"<th>{i}</th>" for i in range(1, len(rows) + 1))
                   + "<th></th></tr>")
        for nb in notebooks:
            marks = "".join(
                f'<td class="s-{nb.status(r.task) if nb.status(r.task) in ("pass", "fail") else "none"}">'
                f'{SYMBOLS[nb.status(r.task)]}</td>' for r in rows)
            done = sum(nb.status(r.task) == "pass" for r in rows)
            out.append(f'<tr><td class="who">{_e(room.label(nb.trainee, names, lang))}</td>{marks}'
                       f'<td class="n">{done}/{len(rows)}</td></tr>')
        out.append("</table>")
    problems = [s for s in room.skipped if not s.quiet]
    if problems:
        out.append(f'<h2>{_e(T("Skipped files ({n}):", n=len(problems)).render(lang))}</h2><ul class="skipped">')
        out += [f"<li>{_e(_skipped_line(room, s, names, lang))}</li>" for s in problems]
        out.append("</ul>")
    quiet = _quiet_counts(room, lang)
    if quiet:
        out.append('<p class="skipped">' + "<br>".join(
            _e(T("Left out: {n} × {reason}", n=n, reason=reason).render(lang)) for reason, n in quiet) + "</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- command
def add_arguments(parser) -> None:
    import argparse

    lang = current()
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", metavar="PATHS",
                        help=T("saved exercise notebooks, folders, or glob patterns").render(lang))
    parser.add_argument("--html", type=Path, default=None, metavar="OUT",
                        help=T("also write the room view as one HTML page (for the projector)").render(lang))
    parser.add_argument("--names", choices=["hide", "show"], default="hide",
                        help=T("hide (default: trainee 1, 2, …) or show the trainees' names").render(lang))
    parser.add_argument("--lang", choices=["en", "zh"], default=None,
                        help=T("language of the view (default: $COURSE_LANG, else English)").render(lang))
    parser.add_argument("--refresh", type=int, default=0, metavar="SECONDS",
                        help=T("the HTML page reloads itself every SECONDS (default: never)").render(lang))


def run(args) -> int:
    """0 when at least one exercise notebook was read, 1 when none could be."""
    from .. import files

    lang = check_lang(args.lang)
    room = read_room(args.paths)
    import shutil

    width = max(80, shutil.get_terminal_size((120, 24)).columns)
    sys.stdout.write(render_text(room, names=args.names, lang=lang, width=width))
    if args.html is not None:
        try:
            files.atomic_write(args.html, render_html(room, names=args.names, lang=lang, refresh=args.refresh))
        except OSError as exc:
            print(T("service-course progress: cannot write {path} ({error})", path=args.html,
                    error=exc.strerror or type(exc).__name__).render(lang), file=sys.stderr)
            return 2
        print(T("wrote {path}", path=args.html).render(lang))
    return 0 if room.notebooks else 1
