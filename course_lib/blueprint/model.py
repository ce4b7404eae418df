"""The blueprint model: :class:`Step`, :class:`Blueprint` (from and to tables and YAML), :func:`load_blueprint`.

A :class:`Blueprint` is built from a table (:meth:`Blueprint.from_frame`, one row
per step) or a YAML file (:func:`load_blueprint`, read with :func:`course_lib.data.parse_yaml`).
Each step has an ``id``, a ``lane``, a column ``col`` (time order, left to
right), a ``label`` (and optional ``label_zh``), a ``duration`` (minutes),
``fail`` and ``wait`` flags (fail points F and wait points W), an optional
``recovery`` step for a fail point, ``next`` (the steps it flows to) and
``notes``. Errors name the step.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import data
from ..errors import CourseDataError, show
from .parsing import _flag, _ids, _lane, _maybe_int, _number, _plain_number, _text
from .validation import _validate
from .vocabulary import _REQUIRED, COLUMNS, LANES
from ..lang import T, check_lang

__all__ = ["Step", "Blueprint", "load_blueprint"]


@dataclass(frozen=True)
class Step:
    """One step of a blueprint (one box in one lane)."""

    id: str
    lane: str
    col: float
    label: str
    label_zh: str = ""
    duration: float = 0.0
    fail: bool = False
    wait: bool = False
    recovery: str = ""
    notes: str = ""

    def text(self, lang: str | None = None) -> str:
        """The label in ``lang`` (the English label when no Chinese one is given)."""
        lang = check_lang(lang)
        return self.label_zh if lang == "zh" and self.label_zh else self.label


@dataclass(frozen=True)
class Blueprint:
    """A validated service blueprint: steps in lanes and the flows between them.

    Build one with :meth:`from_frame`, :meth:`from_yaml` or :func:`load_blueprint`;
    it is immutable (change it with :func:`with_changes` or by editing
    :meth:`to_frame` and rebuilding).

    Attributes
    ----------
    name, name_zh : str
        Title of the service.
    steps : tuple of Step
        In the order given.
    flows : tuple of (str, str)
        ``(from_id, to_id)`` pairs.
    source : str
        Where it came from (file name or ``"table"``).
    """

    name: str
    steps: tuple[Step, ...]
    flows: tuple[tuple[str, str], ...] = ()
    name_zh: str = ""
    source: str = field(default="table", compare=False)
    unit: str = "min"
    _index: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {s.id: s for s in self.steps})
        _validate(self)

    # ---- access
    def __len__(self) -> int:
        return len(self.steps)

    def step(self, step_id: str) -> Step:
        """The step called ``step_id``."""
        try:
            return self._index[step_id]
        except KeyError:
            raise CourseDataError(T("there is no step {step_id}", step_id=repr(step_id)), source=self.source,
                                  expected=T("one of: {names}", names=", ".join(self._index)),
                                  fix=T("use a step id from the blueprint's `id` column")) from None

    @property
    def ids(self) -> list[str]:
        """Step ids in the order given."""
        return [s.id for s in self.steps]

    def title(self, lang: str | None = None) -> str:
        lang = check_lang(lang)
        return self.name_zh if lang == "zh" and self.name_zh else self.name

    # ---- tables
    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, name: str = "Service blueprint", name_zh: str = "",
                   source: str = "table") -> "Blueprint":
        """Build a blueprint from a table with one row per step.

        Required columns: ``id``, ``lane``, ``col``, ``label``. Optional:
        ``label_zh``, ``duration`` (minutes, default 0), ``fail`` and ``wait``
        (true/false, yes/no, 1/0, x), ``recovery`` (id of the step that recovers
        from this fail point), ``next`` (ids of the following steps, separated by
        commas) and ``notes``.

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"id": ["a", "b"], "lane": ["customer", "onstage"], "col": [1, 1],
        ...                   "label": ["Ask", "Answer"], "next": ["b", ""]})
        >>> Blueprint.from_frame(t).flows
        (('a', 'b'),)
        """
        if not isinstance(df, pd.DataFrame):
            raise CourseDataError(T("a blueprint table must be a pandas DataFrame, not {type}", type=type(df).__name__),
                                  source=source, fix=T("build it with pd.DataFrame({...}) or read it with read_table"))
        data.require_columns(df, _REQUIRED, source=source,
                             fix="a blueprint table needs the columns id, lane, col and label")
        unknown = [c for c in df.columns if c not in COLUMNS]
        if unknown:
            raise CourseDataError(T("unknown column(s) in a blueprint table"), source=source, column=unknown,
                                  expected=T("columns among {names}", names=", ".join(COLUMNS)),
                                  fix=T("rename or delete these columns (check the spelling)"))
        records = df.astype(object).where(df.notna(), None).to_dict("records")
        return cls._from_records(records, name=name, name_zh=name_zh, source=source)

    @classmethod
    def _from_records(cls, records: Sequence[Mapping], *, name, name_zh, source) -> "Blueprint":
        steps, flows, seen = [], [], {}
        for row, rec in enumerate(records, start=1):
            sid = _text(rec.get("id"))
            if not sid:
                raise CourseDataError(T("a step has no id"), source=source, row=row, column="id",
                                      expected=T("a short unique name such as check_in"),
                                      fix=T("give every step an id"))
            where = dict(source=source, row=row)
            if sid in seen:
                raise CourseDataError(T("step {sid}: the id is used twice (rows {seen} and {row})", sid=repr(sid),
                                        seen=seen[sid], row=row),
                                      column="id", expected=T("a unique id for every step"),
                                      fix=T("rename one of the two steps called {sid}", sid=repr(sid)), **where)
            seen[sid] = row
            lane = _lane(rec.get("lane"), sid, where)
            label = _text(rec.get("label"))
            if not label:
                raise CourseDataError(T("step {sid}: the label is empty", sid=repr(sid)), column="label",
                                      expected=T("a short description of the action, e.g. 'Check in'"),
                                      fix=T("write what happens in step {sid}", sid=repr(sid)), **where)
            col = _number(rec.get("col"), sid, "col", where, default=None)
            duration = _number(rec.get("duration"), sid, "duration", where, default=0.0)
            if duration < 0:
                raise CourseDataError(T("step {sid}: negative duration {value}", sid=repr(sid), value=show(duration)),
                                      column="duration",
                                      expected=T("a duration of 0 minutes or more"),
                                      fix=T("correct the duration of step {sid}", sid=repr(sid)), **where)
            steps.append(Step(
                id=sid, lane=lane, col=col, label=label, label_zh=_text(rec.get("label_zh")),
                duration=duration, fail=_flag(rec.get("fail"), sid, "fail", where),
                wait=_flag(rec.get("wait"), sid, "wait", where), recovery=_text(rec.get("recovery")),
                notes=_text(rec.get("notes")),
            ))
            for target in _ids(rec.get("next"), sid, where):
                flows.append((sid, target))
        if not steps:
            raise CourseDataError(T("the blueprint has no steps"), source=source,
                                  fix=T("add one row (or one `- id: …` entry) per step"))
        return cls(name=_text(name) or "Service blueprint", steps=tuple(steps), flows=tuple(flows),
                   name_zh=_text(name_zh), source=source)

    def to_frame(self) -> pd.DataFrame:
        """The steps as a table (columns :data:`COLUMNS`; ``next`` joined with commas).

        Examples
        --------
        >>> b = load_blueprint("hotel_stay")
        >>> list(b.to_frame().columns)[:4]
        ['id', 'lane', 'col', 'label']
        """
        nexts: dict[str, list[str]] = {s.id: [] for s in self.steps}
        for a, b in self.flows:
            nexts[a].append(b)
        rows = [{**dataclasses.asdict(s), "next": ", ".join(nexts[s.id])} for s in self.steps]
        df = pd.DataFrame(rows, columns=list(COLUMNS))
        df["col"] = _maybe_int(df["col"])
        df["duration"] = df["duration"].astype(float)
        df["fail"] = df["fail"].astype(bool)
        df["wait"] = df["wait"].astype(bool)
        return df

    # ---- YAML
    @classmethod
    def from_yaml(cls, text: str, *, source: str = "YAML text") -> "Blueprint":
        """Build a blueprint from YAML text (``name``, ``name_zh``, ``steps: [...]``).

        Examples
        --------
        >>> b = Blueprint.from_yaml('''
        ... name: Tiny
        ... steps:
        ...   - {id: ask, lane: customer, col: 1, label: Ask, next: answer}
        ...   - {id: answer, lane: onstage, col: 1, label: Answer, duration: 2}
        ... ''')
        >>> b.flows, b.step("answer").duration
        ((('ask', 'answer'),), 2.0)
        """
        content = data.parse_yaml(  # safe, bounded (size, nesting, aliases), duplicate keys refused
            text, source=source,
            expected="valid YAML: `key: value` pairs, list items starting with `- `, spaces not tabs",
            fix="check the indentation and quoting on the line shown (and the line above it)")
        if not isinstance(content, dict) or "steps" not in content:
            raise CourseDataError(T("a blueprint file must be a mapping with a `steps:` list"), source=source,
                                  expected=T("name: …, steps: [ {id: …, lane: …, col: …, label: …}, … ]"),
                                  fix=T("start the file with `name:` and `steps:` (see datasets/blueprints/)"))
        unknown_top = sorted(set(content) - {"name", "name_zh", "steps", "unit", "description", "source"})
        if unknown_top:
            raise CourseDataError(T("unknown top-level key(s) in a blueprint file"), source=source,
                                  column=unknown_top, expected=T("name, name_zh, unit, description, source, steps"),
                                  fix=T("remove or rename these keys"))
        steps = content["steps"]
        if not isinstance(steps, list):
            raise CourseDataError(T("`steps:` must be a list of steps"), source=source,
                                  fix=T("write each step as a list item starting with `- id: …`"))
        for row, rec in enumerate(steps, start=1):
            if not isinstance(rec, dict):
                raise CourseDataError(T("a step must be a mapping of fields"), source=source, row=row,
                                      expected=T("- {id: …, lane: …, col: …, label: …}"),
                                      fix=T("write the step's fields as `key: value` pairs"))
            unknown = sorted(set(map(str, rec)) - set(COLUMNS))
            if unknown:
                raise CourseDataError(T("step {sid}: unknown field(s)", sid=repr(_text(rec.get('id')))),
                                      source=source, row=row,
                                      column=unknown, expected=T("fields among {names}", names=", ".join(COLUMNS)),
                                      fix=T("rename or delete these fields (check the spelling)"))
        unit = _text(content.get("unit")) or "min"
        if unit != "min":
            raise CourseDataError(T("unit {unit} is not supported", unit=repr(unit)), source=source, column="unit",
                                  expected=T("min (durations in minutes)"), fix=T("give durations in minutes"))
        return cls._from_records(steps, name=content.get("name"), name_zh=content.get("name_zh"),
                                 source=source)

    def to_yaml(self, path: str | os.PathLike | None = None) -> str:
        """The blueprint as YAML text (written to ``path`` too if given).

        Only non-default fields are written, one step per list item.

        Examples
        --------
        >>> b = load_blueprint("hotel_stay")
        >>> Blueprint.from_yaml(b.to_yaml()) == b
        True
        """
        nexts: dict[str, list[str]] = {s.id: [] for s in self.steps}
        for a, b in self.flows:
            nexts[a].append(b)
        steps = []
        for s in self.steps:
            rec: dict[str, Any] = {"id": s.id, "lane": s.lane, "col": _plain_number(s.col), "label": s.label}
            if s.label_zh:
                rec["label_zh"] = s.label_zh
            if s.duration:
                rec["duration"] = _plain_number(s.duration)
            if s.fail:
                rec["fail"] = True
            if s.wait:
                rec["wait"] = True
            if s.recovery:
                rec["recovery"] = s.recovery
            if nexts[s.id]:
                rec["next"] = list(nexts[s.id])
            if s.notes:
                rec["notes"] = s.notes
            steps.append(rec)
        doc: dict[str, Any] = {"name": self.name}
        if self.name_zh:
            doc["name_zh"] = self.name_zh
        doc["unit"] = self.unit
        doc["steps"] = steps
        import yaml

        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def load_blueprint(path_or_name: str | os.PathLike) -> Blueprint:
    """Load a blueprint: a shipped one by name (``"hotel_stay"``) or a user's file.

    ``.yml``/``.yaml`` files (UTF-8) are read with :func:`course_lib.data.parse_yaml`; ``.csv``/``.xlsx``
    tables with :func:`course_lib.data.read_table` then :meth:`Blueprint.from_frame`.

    Examples
    --------
    >>> b = load_blueprint("hotel_stay")
    >>> b.step("check_in").lane
    'customer'
    """
    text = str(path_or_name)
    path = Path(text)
    if not path.suffix and not path.exists():
        entry = data.catalog().get(text)
        if entry is None or not str(entry["file"]).startswith("blueprints/"):
            names = sorted(n for n, e in data.catalog().items() if str(e["file"]).startswith("blueprints/"))
            raise CourseDataError(T("there is no shipped blueprint called {text}", text=repr(text)),
                                  expected=T("a file path or one of: {names}", names=", ".join(names)),
                                  fix=T("give the path of your .yml/.csv file, or one of the names above"))
        path = data.path_of(text)
    if not path.exists():
        raise CourseDataError(T("file not found"), source=str(path),
                              fix=T("check the name and folder; paths are relative to where Python runs"))
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return Blueprint.from_yaml(data.yaml_text(path), source=path.name)  # UTF-8 only: never a guessed encoding
    if suffix in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        frame = data.read_table(path, skip_header_rows=0)
        return Blueprint.from_frame(frame, name=path.stem.replace("_", " ").capitalize(), source=path.name)
    raise CourseDataError(T("blueprints cannot be read from {suffix} files", suffix=suffix or T("extension-less")),
                          source=path.name, expected=T("a .yml/.yaml file or a .csv/.xlsx table"),
                          fix=T("save the blueprint as YAML or as a CSV table"))


def _random_blueprint(n_steps: int, seed: int = 0) -> Blueprint:
    """A deterministic random blueprint of ``n_steps`` steps (for tests and benchmarks)."""
    rng = np.random.default_rng(seed)
    n_cols = max(1, int(math.ceil(n_steps / 2.5)))
    lanes = rng.choice(np.array(LANES), size=n_steps, p=[0.15, 0.35, 0.25, 0.15, 0.10])
    cols = np.sort(rng.integers(1, n_cols + 1, size=n_steps))
    words = ["check", "order", "prepare", "deliver", "confirm", "record", "greet", "pay", "wait", "serve",
             "review", "approve", "update", "print", "call"]
    rows = []
    for i in range(n_steps):
        label = " ".join(rng.choice(words, size=int(rng.integers(1, 5))))
        rows.append({"id": f"s{i:03d}", "lane": str(lanes[i]), "col": int(cols[i]), "label": label.capitalize(),
                     "label_zh": "步骤" + "处理确认记录"[: int(rng.integers(1, 7))],
                     "duration": 0.0 if lanes[i] == "evidence" else float(rng.integers(0, 20)),
                     "fail": bool(rng.random() < 0.1) and lanes[i] != "evidence",
                     "wait": bool(rng.random() < 0.1) and lanes[i] == "customer", "next": ""})
    order = list(range(n_steps))  # rows are in column order: flows go forward only, so no cycles
    for i in order:
        if rows[i]["lane"] == "evidence":
            continue
        later = [j for j in order[i + 1: i + 6] if rows[j]["lane"] != "evidence"]
        if later:
            k = int(rng.integers(1, min(2, len(later)) + 1))
            rows[i]["next"] = ", ".join(rows[j]["id"] for j in rng.choice(later, size=k, replace=False))
    return Blueprint.from_frame(pd.DataFrame(rows), name=f"Random blueprint ({n_steps} steps)")

