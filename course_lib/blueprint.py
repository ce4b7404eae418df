"""Service blueprints (服务蓝图): model, validation, metrics, drawing and a what-if widget.

A service blueprint (Shostack 1984; Bitner, Ostrom & Morgan 2008) maps one pass
through a service in five lanes, top to bottom, separated by three lines:

=====================  =======================================  ==============
lane key               lane                                     中文
=====================  =======================================  ==============
``evidence``           physical evidence                        有形展示
``customer``           customer actions                         顾客行为
— line of interaction (互动分界线) —
``onstage``            onstage (visible) contact employee       前台接触员工行为
— line of visibility (可视分界线) —
``backstage``          backstage (invisible) contact employee   后台接触员工行为
— line of internal interaction (内部互动分界线) —
``support``            support processes                        支持过程
=====================  =======================================  ==============

A :class:`Blueprint` is built from a table (:meth:`Blueprint.from_frame`, one row
per step) or a YAML file (:func:`load_blueprint`, read with ``yaml.safe_load``).
Each step has an ``id``, a ``lane``, a column ``col`` (time order, left to
right), a ``label`` (and optional ``label_zh``), a ``duration`` (minutes),
``fail`` and ``wait`` flags (fail points F and wait points W), an optional
``recovery`` step for a fail point, ``next`` (the steps it flows to) and
``notes``. Errors name the step; design smells come back as a list of
sentences from :func:`smells`; :func:`metrics` measures complexity and
:func:`compare` a redesign; :func:`draw` draws the blueprint; :func:`widget`
lets a trainee flag fail points or change durations and see the effect.

Examples
--------
>>> import pandas as pd
>>> from course_lib import blueprint as bp
>>> table = pd.DataFrame({
...     "id": ["menu", "order", "take", "make"],
...     "lane": ["evidence", "customer", "onstage", "backstage"],
...     "col": [1, 1, 1, 2],
...     "label": ["Menu board", "Order a coffee", "Take order", "Make the drink"],
...     "duration": [0, 1, 1, 3],
...     "next": ["", "take", "make", ""],
... })
>>> b = bp.Blueprint.from_frame(table, name="Coffee")
>>> m = bp.metrics(b)
>>> m.contacts, m.handoffs, m.longest_path, m.longest_path_time
(1, 1, ('order', 'take', 'make'), 5.0)
>>> _ = bp.draw(b)
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import yaml

from . import data, style
from .errors import CourseDataError

__all__ = [
    "LANES",
    "LANE_NAMES",
    "LINES",
    "COLUMNS",
    "Step",
    "Blueprint",
    "Metrics",
    "load_blueprint",
    "metrics",
    "smells",
    "handoff_steps",
    "compare",
    "with_changes",
    "draw",
    "widget",
]

# --------------------------------------------------------------------------- vocabulary
#: Lane keys, top to bottom (the standard order).
LANES: tuple[str, ...] = ("evidence", "customer", "onstage", "backstage", "support")

LANE_NAMES: dict[str, dict[str, str]] = {
    "evidence": {"en": "Physical evidence", "zh": "有形展示"},
    "customer": {"en": "Customer actions", "zh": "顾客行为"},
    "onstage": {"en": "Onstage contact employee actions", "zh": "前台接触员工行为"},
    "backstage": {"en": "Backstage contact employee actions", "zh": "后台接触员工行为"},
    "support": {"en": "Support processes", "zh": "支持过程"},
}

#: The three lines: key → (index of the lane just above it, names).
LINES: dict[str, tuple[int, dict[str, str]]] = {
    "interaction": (1, {"en": "Line of interaction", "zh": "互动分界线"}),
    "visibility": (2, {"en": "Line of visibility", "zh": "可视分界线"}),
    "internal": (3, {"en": "Line of internal interaction", "zh": "内部互动分界线"}),
}

_LANE_ALIASES = {
    "evidence": "evidence", "physical_evidence": "evidence", "physical": "evidence", "有形展示": "evidence",
    "有形证据": "evidence",
    "customer": "customer", "customer_actions": "customer", "customer_action": "customer", "顾客行为": "customer",
    "顾客": "customer", "客户行为": "customer",
    "onstage": "onstage", "frontstage": "onstage", "front_stage": "onstage", "on_stage": "onstage",
    "onstage_contact": "onstage", "frontstage_contact": "onstage", "前台": "onstage", "前台接触员工行为": "onstage",
    "前台员工行为": "onstage",
    "backstage": "backstage", "back_stage": "backstage", "backstage_contact": "backstage", "后台": "backstage",
    "后台接触员工行为": "backstage", "后台员工行为": "backstage",
    "support": "support", "support_processes": "support", "support_process": "support", "支持过程": "support",
    "支持": "support", "支持流程": "support",
}

#: Table columns, in the order :meth:`Blueprint.to_frame` writes them.
COLUMNS: tuple[str, ...] = ("id", "lane", "col", "label", "label_zh", "duration", "fail", "wait",
                            "recovery", "next", "notes")
_REQUIRED = ("id", "lane", "col", "label")

_TRUE = {"true", "yes", "y", "1", "x", "t", "是", "✓"}
_FALSE = {"false", "no", "n", "0", "", "f", "否", "nan", "none", "<na>"}

_METRIC_LABELS: dict[str, dict[str, str]] = {
    "n_steps": {"en": "steps", "zh": "步骤数"},
    "contacts": {"en": "contacts across the line of interaction", "zh": "跨互动分界线的接触"},
    "handoffs_visibility": {"en": "hand-offs across the line of visibility", "zh": "跨可视分界线的交接"},
    "handoffs_internal": {"en": "hand-offs across the line of internal interaction",
                          "zh": "跨内部互动分界线的交接"},
    "handoffs": {"en": "hand-offs (visibility + internal)", "zh": "交接总数（可视 + 内部）"},
    "fail_points": {"en": "fail points (F)", "zh": "失误点（F）"},
    "wait_points": {"en": "wait points (W)", "zh": "等待点（W）"},
    "total_time": {"en": "total time of all steps (min)", "zh": "全部步骤总时长（分钟）"},
    "visible_time": {"en": "customer-visible time (min)", "zh": "顾客可见时长（分钟）"},
    "wait_time": {"en": "time at wait points (min)", "zh": "等待点时长（分钟）"},
    "longest_path_steps": {"en": "steps on the longest path", "zh": "最长路径步骤数"},
    "longest_path_time": {"en": "time along the longest path (min)", "zh": "最长路径时长（分钟）"},
}


# --------------------------------------------------------------------------- model
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

    def text(self, lang: str = "en") -> str:
        """The label in ``lang`` (the English label when no Chinese one is given)."""
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
            raise CourseDataError(f"there is no step {step_id!r}", source=self.source,
                                  expected="one of: " + ", ".join(self._index),
                                  fix="use a step id from the blueprint's `id` column") from None

    @property
    def ids(self) -> list[str]:
        """Step ids in the order given."""
        return [s.id for s in self.steps]

    def title(self, lang: str = "en") -> str:
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
            raise CourseDataError(f"a blueprint table must be a pandas DataFrame, not {type(df).__name__}",
                                  source=source, fix="build it with pd.DataFrame({...}) or read it with read_table")
        data.require_columns(df, _REQUIRED, source=source,
                             fix="a blueprint table needs the columns id, lane, col and label")
        unknown = [c for c in df.columns if c not in COLUMNS]
        if unknown:
            raise CourseDataError("unknown column(s) in a blueprint table", source=source, column=unknown,
                                  expected="columns among " + ", ".join(COLUMNS),
                                  fix="rename or delete these columns (check the spelling)")
        records = df.astype(object).where(df.notna(), None).to_dict("records")
        return cls._from_records(records, name=name, name_zh=name_zh, source=source)

    @classmethod
    def _from_records(cls, records: Sequence[Mapping], *, name, name_zh, source) -> "Blueprint":
        steps, flows, seen = [], [], {}
        for row, rec in enumerate(records, start=1):
            sid = _text(rec.get("id"))
            if not sid:
                raise CourseDataError("a step has no id", source=source, row=row, column="id",
                                      expected="a short unique name such as check_in",
                                      fix="give every step an id")
            where = dict(source=source, row=row)
            if sid in seen:
                raise CourseDataError(f"step {sid!r}: the id is used twice (rows {seen[sid]} and {row})",
                                      column="id", expected="a unique id for every step",
                                      fix=f"rename one of the two steps called {sid!r}", **where)
            seen[sid] = row
            lane = _lane(rec.get("lane"), sid, where)
            label = _text(rec.get("label"))
            if not label:
                raise CourseDataError(f"step {sid!r}: the label is empty", column="label",
                                      expected="a short description of the action, e.g. 'Check in'",
                                      fix=f"write what happens in step {sid!r}", **where)
            col = _number(rec.get("col"), sid, "col", where, default=None)
            duration = _number(rec.get("duration"), sid, "duration", where, default=0.0)
            if duration < 0:
                raise CourseDataError(f"step {sid!r}: negative duration {duration:g}", column="duration",
                                      expected="a duration of 0 minutes or more",
                                      fix=f"correct the duration of step {sid!r}", **where)
            steps.append(Step(
                id=sid, lane=lane, col=col, label=label, label_zh=_text(rec.get("label_zh")),
                duration=duration, fail=_flag(rec.get("fail"), sid, "fail", where),
                wait=_flag(rec.get("wait"), sid, "wait", where), recovery=_text(rec.get("recovery")),
                notes=_text(rec.get("notes")),
            ))
            for target in _ids(rec.get("next"), sid, where):
                flows.append((sid, target))
        if not steps:
            raise CourseDataError("the blueprint has no steps", source=source,
                                  fix="add one row (or one `- id: …` entry) per step")
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
        try:
            content = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise CourseDataError(
                "this YAML cannot be parsed" + ("" if mark is None else f" at line {mark.line + 1}")
                + f" ({getattr(exc, 'problem', None) or exc})", source=source,
                row=None if mark is None else mark.line + 1,
                expected="valid YAML: `key: value` pairs, list items starting with `- `, spaces not tabs",
                fix="check the indentation and quoting on the line shown (and the line above it)",
            ) from None
        if not isinstance(content, dict) or "steps" not in content:
            raise CourseDataError("a blueprint file must be a mapping with a `steps:` list", source=source,
                                  expected="name: …, steps: [ {id: …, lane: …, col: …, label: …}, … ]",
                                  fix="start the file with `name:` and `steps:` (see datasets/blueprints/)")
        unknown_top = sorted(set(content) - {"name", "name_zh", "steps", "unit", "description", "source"})
        if unknown_top:
            raise CourseDataError("unknown top-level key(s) in a blueprint file", source=source,
                                  column=unknown_top, expected="name, name_zh, unit, description, source, steps",
                                  fix="remove or rename these keys")
        steps = content["steps"]
        if not isinstance(steps, list):
            raise CourseDataError("`steps:` must be a list of steps", source=source,
                                  fix="write each step as a list item starting with `- id: …`")
        for row, rec in enumerate(steps, start=1):
            if not isinstance(rec, dict):
                raise CourseDataError("a step must be a mapping of fields", source=source, row=row,
                                      expected="- {id: …, lane: …, col: …, label: …}",
                                      fix="write the step's fields as `key: value` pairs")
            unknown = sorted(set(map(str, rec)) - set(COLUMNS))
            if unknown:
                raise CourseDataError(f"step {_text(rec.get('id'))!r}: unknown field(s)", source=source, row=row,
                                      column=unknown, expected="fields among " + ", ".join(COLUMNS),
                                      fix="rename or delete these fields (check the spelling)")
        unit = _text(content.get("unit")) or "min"
        if unit != "min":
            raise CourseDataError(f"unit {unit!r} is not supported", source=source, column="unit",
                                  expected="min (durations in minutes)", fix="give durations in minutes")
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
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def load_blueprint(path_or_name: str | os.PathLike) -> Blueprint:
    """Load a blueprint: a shipped one by name (``"hotel_stay"``) or a user's file.

    ``.yml``/``.yaml`` files are read with ``yaml.safe_load``; ``.csv``/``.xlsx``
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
            raise CourseDataError(f"there is no shipped blueprint called {text!r}",
                                  expected="a file path or one of: " + ", ".join(names),
                                  fix="give the path of your .yml/.csv file, or one of the names above")
        path = data.path_of(text)
    if not path.exists():
        raise CourseDataError("file not found", source=str(path),
                              fix="check the name and folder; paths are relative to where Python runs")
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        raw = path.read_bytes()
        text, _ = data.decode_bytes(raw, source=path.name)
        return Blueprint.from_yaml(text, source=path.name)
    if suffix in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        frame = data.read_table(path, skip_header_rows=0)
        return Blueprint.from_frame(frame, name=path.stem.replace("_", " ").capitalize(), source=path.name)
    raise CourseDataError(f"blueprints cannot be read from {suffix or 'extension-less'} files",
                          source=path.name, expected="a .yml/.yaml file or a .csv/.xlsx table",
                          fix="save the blueprint as YAML or as a CSV table")


# --------------------------------------------------------------------------- parsing helpers
def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _lane(value, sid, where) -> str:
    raw = _text(value)
    key = re.sub(r"[\s\-/]+", "_", raw.lower())
    if key in _LANE_ALIASES:
        return _LANE_ALIASES[key]
    raise CourseDataError(f"step {sid!r}: unknown lane {raw!r}", column="lane",
                          expected="one of " + ", ".join(LANES) + " (top to bottom)",
                          fix=f"put step {sid!r} in one of the five lanes", **where)


def _number(value, sid, column, where, default):
    if value is None or _text(value) == "":
        if default is None:
            raise CourseDataError(f"step {sid!r}: {column} is empty", column=column,
                                  expected="a number (the column of the step, left to right)",
                                  fix=f"give step {sid!r} a {column}", **where)
        return default
    if isinstance(value, bool):
        ok = False
    else:
        try:
            number = float(value)
            ok = math.isfinite(number)
        except (TypeError, ValueError):
            ok = False
    if not ok:
        what = "minutes, e.g. 2.5" if column == "duration" else "a number such as 1, 2, 3"
        raise CourseDataError(f"step {sid!r}: {column} {value!r} is not a number", column=column,
                              expected=what, fix=f"write a plain number in the {column} of step {sid!r}", **where)
    return number


def _flag(value, sid, column, where) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = _text(value).lower()
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if value in (0, 1):
            return bool(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CourseDataError(f"step {sid!r}: {column} {value!r} is not true or false", column=column,
                          expected="true/false (also yes/no, 1/0, x or empty)",
                          fix=f"write true or false in the {column} of step {sid!r}", **where)


def _ids(value, sid, where) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;，；]", _text(value))
    out = [_text(v) for v in items if _text(v)]
    dupes = sorted({v for v in out if out.count(v) > 1})
    if dupes:
        raise CourseDataError(f"step {sid!r}: flows to {dupes[0]!r} more than once", column="next",
                              fix="list each following step once", **where)
    return out


def _maybe_int(series: pd.Series) -> pd.Series:
    values = series.astype(float)
    if (values == values.round()).all():
        return values.astype("int64")
    return values


def _plain_number(x: float):
    return int(x) if float(x).is_integer() else float(x)


# --------------------------------------------------------------------------- validation
def _validate(bp: Blueprint) -> None:
    index = bp._index
    rows = {s.id: i for i, s in enumerate(bp.steps, start=1)}
    if len(index) != len(bp.steps):
        seen: set[str] = set()
        for s in bp.steps:
            if s.id in seen:
                raise CourseDataError(f"step {s.id!r}: the id is used twice", source=bp.source, row=rows[s.id],
                                      column="id", fix=f"rename one of the steps called {s.id!r}")
            seen.add(s.id)
    for s in bp.steps:
        if s.lane not in LANES:
            raise CourseDataError(f"step {s.id!r}: unknown lane {s.lane!r}", source=bp.source, row=rows[s.id],
                                  column="lane", expected="one of " + ", ".join(LANES),
                                  fix="use one of the five lane keys")
        if not s.label.strip():
            raise CourseDataError(f"step {s.id!r}: the label is empty", source=bp.source, row=rows[s.id],
                                  column="label", fix=f"write what happens in step {s.id!r}")
        if s.duration < 0:
            raise CourseDataError(f"step {s.id!r}: negative duration {s.duration:g}", source=bp.source,
                                  row=rows[s.id], column="duration", expected="0 minutes or more",
                                  fix=f"correct the duration of step {s.id!r}")
        if s.recovery and s.recovery not in index:
            raise CourseDataError(f"step {s.id!r}: its recovery step {s.recovery!r} does not exist",
                                  source=bp.source, row=rows[s.id], column="recovery",
                                  expected="the id of another step", fix="add that step or correct the id")
        if s.recovery == s.id:
            raise CourseDataError(f"step {s.id!r}: a step cannot be its own recovery", source=bp.source,
                                  row=rows[s.id], column="recovery", fix="name the step that puts things right")
    for a, b in bp.flows:
        if a not in index:
            raise CourseDataError(f"a flow starts at a missing step {a!r}", source=bp.source, column="next",
                                  fix="add that step or correct the id")
        if b not in index:
            raise CourseDataError(f"step {a!r}: flow to a missing step {b!r}", source=bp.source, row=rows[a],
                                  column="next", expected="ids of steps in this blueprint",
                                  fix=f"add a step {b!r} or correct the id in the `next` of step {a!r}")
        if a == b:
            raise CourseDataError(f"step {a!r}: flows to itself", source=bp.source, row=rows[a], column="next",
                                  fix="remove the step's own id from its `next`")
    cycle = _find_cycle(bp)
    if cycle:
        raise CourseDataError(
            "the flows go round in a circle: " + " → ".join(cycle + [cycle[0]])
            + f" (step {cycle[-1]!r} flows back to {cycle[0]!r})", source=bp.source,
            row=rows[cycle[-1]], column="next",
            expected="a blueprint shows one pass through the service, so flows never loop back",
            fix="remove the flow back, or draw the repeated action as a separate later step")


def _successors(bp: Blueprint) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {s.id: [] for s in bp.steps}
    for a, b in bp.flows:
        out[a].append(b)
    return out


def _topological(bp: Blueprint) -> list[str] | None:
    succ = _successors(bp)
    indeg = {sid: 0 for sid in succ}
    for a, b in bp.flows:
        indeg[b] += 1
    order_key = {s.id: (s.col, LANES.index(s.lane), i) for i, s in enumerate(bp.steps)}
    ready = sorted((sid for sid, d in indeg.items() if d == 0), key=order_key.get)
    out = []
    while ready:
        sid = ready.pop(0)
        out.append(sid)
        for b in succ[sid]:
            indeg[b] -= 1
            if indeg[b] == 0:
                ready.append(b)
                ready.sort(key=order_key.get)
    return out if len(out) == len(succ) else None


def _find_cycle(bp: Blueprint) -> list[str]:
    if not bp.flows or _topological(bp) is not None:
        return []
    succ = _successors(bp)
    colour: dict[str, int] = {}
    for start in succ:
        if colour.get(start):
            continue
        stack = [(start, iter(succ[start]))]
        path = [start]
        colour[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
                path.pop()
            elif colour.get(nxt) == 1:
                return path[path.index(nxt):]
            elif not colour.get(nxt):
                colour[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
                path.append(nxt)
    return []  # pragma: no cover - _topological said there is a cycle


# --------------------------------------------------------------------------- metrics
@dataclass(frozen=True)
class Metrics:
    """Complexity measures of a blueprint (see :func:`metrics`)."""

    n_steps: int
    steps_per_lane: dict
    contacts: int
    handoffs_visibility: int
    handoffs_internal: int
    handoffs: int
    fail_points: int
    wait_points: int
    total_time: float
    visible_time: float
    wait_time: float
    longest_path: tuple
    longest_path_time: float

    def as_series(self) -> pd.Series:
        """The scalar measures as a Series (index: the metric names of :func:`compare`)."""
        values = {k: getattr(self, k) for k in _METRIC_LABELS if k != "longest_path_steps"}
        values["longest_path_steps"] = len(self.longest_path)
        return pd.Series({k: float(values[k]) for k in _METRIC_LABELS}, name="value")


def _crossings(bp: Blueprint) -> dict[str, list[tuple[str, str]]]:
    """Flows crossing each line (a flow between lanes i and j crosses every line between them)."""
    lane_of = {s.id: LANES.index(s.lane) for s in bp.steps}
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in LINES}
    for a, b in bp.flows:
        lo, hi = sorted((lane_of[a], lane_of[b]))
        for key, (above, _) in LINES.items():
            if lo <= above < hi:
                out[key].append((a, b))
    return out


def metrics(bp: Blueprint) -> Metrics:
    """Measure a blueprint's complexity.

    * ``contacts``: flows across the line of interaction (customer ↔ employees);
    * ``handoffs_visibility`` / ``handoffs_internal``: flows across the line of
      visibility / internal interaction; ``handoffs`` is their sum (a flow
      from onstage to support crosses both lines and counts twice);
    * ``fail_points`` / ``wait_points``: steps flagged F / W;
    * ``total_time``: the durations of all steps added up (work content);
      ``visible_time``: of the steps above the line of visibility (evidence,
      customer, onstage); ``wait_time``: of the wait points;
    * ``longest_path``: the chain of flows with the largest total duration
      (ties: more steps, then the first in column order) and its time, the
      elapsed time if those steps run one after another.

    Examples
    --------
    >>> m = metrics(load_blueprint("hotel_stay"))
    >>> m.steps_per_lane["customer"], m.fail_points
    (10, 3)
    """
    lanes = pd.Series([s.lane for s in bp.steps])
    per_lane = lanes.value_counts().reindex(list(LANES), fill_value=0)
    dur = np.array([s.duration for s in bp.steps], dtype=float)
    visible = lanes.isin(["evidence", "customer", "onstage"]).to_numpy()
    wait = np.array([s.wait for s in bp.steps])
    fail = np.array([s.fail for s in bp.steps])
    cross = _crossings(bp)
    path, path_time = _longest_path(bp)
    return Metrics(
        n_steps=len(bp.steps),
        steps_per_lane={k: int(v) for k, v in per_lane.items()},
        contacts=len(cross["interaction"]),
        handoffs_visibility=len(cross["visibility"]),
        handoffs_internal=len(cross["internal"]),
        handoffs=len(cross["visibility"]) + len(cross["internal"]),
        fail_points=int(fail.sum()),
        wait_points=int(wait.sum()),
        total_time=float(dur.sum()),
        visible_time=float(dur[visible].sum()),
        wait_time=float(dur[wait].sum()),
        longest_path=path,
        longest_path_time=path_time,
    )


def _longest_path(bp: Blueprint) -> tuple[tuple[str, ...], float]:
    order = _topological(bp)
    succ = _successors(bp)
    dur = {s.id: s.duration for s in bp.steps}
    # best[sid] = (time, n_steps) of the best path ending at sid
    best: dict[str, tuple[float, int]] = {sid: (dur[sid], 1) for sid in order}
    prev: dict[str, str | None] = {sid: None for sid in order}
    for sid in order:
        t, n = best[sid]
        for b in succ[sid]:
            cand = (t + dur[b], n + 1)
            if cand > best[b]:
                best[b] = cand
                prev[b] = sid
    end = max(order, key=lambda sid: best[sid])  # first maximum in topological order
    path = [end]
    while prev[path[-1]] is not None:
        path.append(prev[path[-1]])
    return tuple(reversed(path)), float(best[end][0])


def handoff_steps(bp: Blueprint) -> list[str]:
    """Ids of the steps that receive a hand-off across the line of visibility or internal interaction.

    Hand-offs are where work changes hands out of the customer's sight, so
    they are the first places to look for fail points (Shostack 1984).

    Examples
    --------
    >>> handoff_steps(load_blueprint("hotel_stay"))
    ['reg_system', 'take_bags', 'deliver_bags', 'take_order', 'prepare_food', 'deliver_food', 'reg_system_out']
    """
    cross = _crossings(bp)
    targets = {b for key in ("visibility", "internal") for _, b in cross[key]}
    return [s.id for s in bp.steps if s.id in targets]


def smells(bp: Blueprint, *, long_wait: float = 5.0, lang: str = "en") -> list[str]:
    """Design smells (not errors), one sentence each, naming the step.

    * a customer action with neither physical evidence (an evidence step in
      its column) nor a contact point (a flow to or from an employee step, or
      an onstage step in its column);
    * a fail point with no recovery step (``recovery`` empty);
    * a wait point of ``long_wait`` minutes or more with no physical evidence
      in its column to fill the wait.

    Examples
    --------
    >>> smells(load_blueprint("hotel_stay"))[0]
    "step 'process_reg' is a fail point with no recovery step: name the step that puts a failure right (recovery)"
    """
    style.check_lang(lang)
    cols_with = {lane: {s.col for s in bp.steps if s.lane == lane} for lane in LANES}
    lane_of = {s.id: s.lane for s in bp.steps}
    contact = set()
    for a, b in bp.flows:
        if lane_of[a] == "customer" and lane_of[b] in ("onstage", "backstage", "support"):
            contact.add(a)
        if lane_of[b] == "customer" and lane_of[a] in ("onstage", "backstage", "support"):
            contact.add(b)
    msgs = {
        "lonely": {"en": "step '{id}' is a customer action with neither physical evidence nor a contact point: "
                         "add what the customer sees or who serves them",
                   "zh": "步骤“{id}”是顾客行为，但既无有形展示也无接触点：请补充顾客看到的事物或为其服务的人员"},
        "norecovery": {"en": "step '{id}' is a fail point with no recovery step: "
                             "name the step that puts a failure right (recovery)",
                       "zh": "步骤“{id}”是失误点，却没有补救步骤：请在 recovery 中写明补救步骤"},
        "longwait": {"en": "step '{id}' is a wait of {d:g} min with no physical evidence to fill it: "
                           "give the customer something to see or do while waiting",
                     "zh": "步骤“{id}”等待 {d:g} 分钟，却没有有形展示来填补：请让顾客在等待时有可看或可做的事"},
    }
    out = []
    for s in bp.steps:
        if s.fail and not s.recovery:
            out.append(style.pick(msgs["norecovery"], lang).format(id=s.id))
        if s.lane == "customer" and s.col not in cols_with["evidence"] and s.id not in contact \
                and s.col not in cols_with["onstage"]:
            out.append(style.pick(msgs["lonely"], lang).format(id=s.id))
        if s.wait and s.duration >= long_wait and s.col not in cols_with["evidence"]:
            out.append(style.pick(msgs["longwait"], lang).format(id=s.id, d=s.duration))
    return out


def compare(before: Blueprint, after: Blueprint, *, lang: str | None = None) -> pd.DataFrame:
    """Metrics of a redesign side by side: columns ``before``, ``after``, ``change`` (after − before).

    ``lang="en"|"zh"`` replaces the metric keys by readable names.

    Examples
    --------
    >>> t = compare(load_blueprint("bank_account_before"), load_blueprint("bank_account_after"))
    >>> int(t.loc["handoffs", "change"]) < 0
    True
    """
    for name, bp in (("before", before), ("after", after)):
        if not isinstance(bp, Blueprint):
            raise CourseDataError(f"`{name}` must be a Blueprint, not {type(bp).__name__}",
                                  fix="load it with load_blueprint(...) or Blueprint.from_frame(...)")
    table = pd.DataFrame({"before": metrics(before).as_series(), "after": metrics(after).as_series()})
    table["change"] = table["after"] - table["before"]
    table.index.name = "metric"
    if lang is not None:
        table.index = [style.pick(_METRIC_LABELS[k], lang) for k in table.index]
    return table


def with_changes(bp: Blueprint, *, durations: Mapping[str, float] | None = None,
                 fail: Iterable[str] | None = None, wait: Iterable[str] | None = None) -> Blueprint:
    """A copy with new durations and/or a new set of fail points / wait points.

    ``fail`` and ``wait`` list every flagged step (others are unflagged); ``None``
    keeps the current flags.

    Examples
    --------
    >>> b = with_changes(load_blueprint("hotel_stay"), durations={"check_in": 12}, fail=["take_order"])
    >>> b.step("check_in").duration, metrics(b).fail_points
    (12.0, 1)
    """
    durations = dict(durations or {})
    fail_set = None if fail is None else set(fail)
    wait_set = None if wait is None else set(wait)
    for sid in list(durations) + sorted(fail_set or ()) + sorted(wait_set or ()):
        bp.step(sid)  # raises a clear error for an unknown id
    steps = []
    for s in bp.steps:
        changes: dict[str, Any] = {}
        if s.id in durations:
            changes["duration"] = float(durations[s.id])
        if fail_set is not None:
            changes["fail"] = s.id in fail_set
        if wait_set is not None:
            changes["wait"] = s.id in wait_set
        steps.append(dataclasses.replace(s, **changes))
    return dataclasses.replace(bp, steps=tuple(steps))


# --------------------------------------------------------------------------- drawing
# Layout in inches at scale 1 (the figure is sized so one data unit is one inch).
_FS = 8.5            # label font size, points
_LANE_FS = 9.0
_LINE_FS = 8.0
_LINE_SPACING = 1.3
_COL_PITCH = 1.75
_BOX_W = 1.5
_PAD_X = 0.1
_PAD_Y = 0.1
_STACK_GAP = 0.22
_LANE_PAD = 0.24
_LANE_MIN = 0.95
_MARGIN_L = 1.95
_MARGIN_R = 0.25
_TITLE_H = 0.7
_BADGE_R = 0.085

_LANE_COLOURS = {
    "evidence": ("#FBF6C8", "#B8A800"),
    "customer": ("#DDEFFB", "#0072B2"),
    "onstage": ("#FCEBC9", "#B07800"),
    "backstage": ("#D4F0E6", "#007A59"),
    "support": ("#F3DDEA", "#A0527D"),
}
_LINE_STYLES = {"interaction": "-", "visibility": "--", "internal": ":"}
_FAMILY = ["DejaVu Sans", style.FONT_FAMILY]


@lru_cache(maxsize=1)
def _fonts():
    from matplotlib import font_manager as fm

    style.register_font()
    latin = fm.get_font(fm.findfont(fm.FontProperties(family="DejaVu Sans")))
    cjk = fm.get_font(str(style.font_path()))
    return latin, cjk


@lru_cache(maxsize=8192)
def _char_em(ch: str) -> float:
    """Advance width of one character in em (DejaVu Sans, falling back to Noto Sans CJK)."""
    latin, cjk = _fonts()
    font = latin if latin.get_char_index(ord(ch)) else cjk
    font.set_size(100, 72)
    glyph = font.load_char(ord(ch))
    return glyph.linearHoriAdvance / 65536 / 100


def _width_in(text: str, size: float) -> float:
    return sum(_char_em(c) for c in text) * size / 72 * 1.04  # 4 % for rounding and hinting


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_NO_LINE_START = set("、，。；：！？）」』】》,.;:!?)")


def _tokens(text: str) -> list[str]:
    """Words for Latin text; single characters for CJK (which may break anywhere)."""
    out, word = [], ""
    for ch in text:
        if ch.isspace():
            if word:
                out.append(word)
            word = ""
            out.append(" ")
        elif ch in _NO_LINE_START and (word or out):
            if word:
                word += ch
            else:
                out[-1] += ch  # keep closing punctuation with the character before it
        elif _wide(ch):
            if word:
                out.append(word)
            word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


def _wrap(text: str, width_in: float, size: float) -> list[str]:
    """Greedy wrap of ``text`` into lines no wider than ``width_in`` inches at ``size`` points."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for tok in _tokens(para):
            cand = line + tok
            if _width_in(cand.rstrip(), size) <= width_in:
                line = cand
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = "" if tok == " " else tok
            while _width_in(line, size) > width_in and len(line) > 1:  # a word longer than a line
                cut = len(line) - 1
                while cut > 1 and _width_in(line[:cut] + "-", size) > width_in:
                    cut -= 1
                lines.append(line[:cut] + ("-" if not _wide(line[cut - 1]) else ""))
                line = line[cut:]
        if line.strip() or not lines:
            lines.append(line.strip())
    return lines


def _wrap_balanced(text: str, width_in: float, size: float) -> list[str]:
    """Wrap into the fewest lines, then narrow the width while the line count holds (even lines)."""
    lines = _wrap(text, width_in, size)
    if len(lines) < 2:
        return lines
    best, width = lines, width_in
    for _ in range(12):
        width *= 0.93
        trial = _wrap(text, width, size)
        if len(trial) != len(lines):
            break
        best = trial
    return best


def _line_h(size: float) -> float:
    return _LINE_SPACING * 1.17 * size / 72


def _duration_text(s: Step, lang: str) -> str:
    d = f"{s.duration:g}"
    return style.pick({"en": f"{d} min", "zh": f"{d} 分钟"}, lang)


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    lane_top: dict
    lane_bottom: dict
    boxes: dict          # id -> (x0, y0, w, h)
    lines: dict          # id -> list of text lines
    col_x: dict


def _layout(bp: Blueprint, lang: str) -> _Layout:
    cols = sorted({s.col for s in bp.steps})
    col_x = {c: _MARGIN_L + i * _COL_PITCH + (_COL_PITCH - _BOX_W) / 2 for i, c in enumerate(cols)}
    text_w = _BOX_W - 2 * _PAD_X
    lines, heights = {}, {}
    for s in bp.steps:
        body = _wrap_balanced(s.text(lang), text_w, _FS)
        if s.duration:
            body.append(_duration_text(s, lang))
        lines[s.id] = body
        heights[s.id] = len(body) * _line_h(_FS) + 2 * _PAD_Y
    stacks: dict[tuple[str, float], list[str]] = {}
    for s in bp.steps:
        stacks.setdefault((s.lane, s.col), []).append(s.id)
    lane_h = {}
    for lane in LANES:
        tallest = max((sum(heights[i] for i in ids) + _STACK_GAP * (len(ids) - 1)
                       for (ln, _), ids in stacks.items() if ln == lane), default=0.0)
        lane_h[lane] = max(_LANE_MIN, tallest + 2 * _LANE_PAD)
    height = sum(lane_h.values())
    top, lane_top, lane_bottom = height, {}, {}
    for lane in LANES:
        lane_top[lane] = top
        lane_bottom[lane] = top - lane_h[lane]
        top -= lane_h[lane]
    boxes = {}
    for (lane, col), ids in stacks.items():
        total = sum(heights[i] for i in ids) + _STACK_GAP * (len(ids) - 1)
        y = (lane_top[lane] + lane_bottom[lane]) / 2 + total / 2
        for i in ids:
            y -= heights[i]
            boxes[i] = (col_x[col], y, _BOX_W, heights[i])
            y -= _STACK_GAP
    width = max(_MARGIN_L + len(cols) * _COL_PITCH + _MARGIN_R, 6.0)
    return _Layout(width, height, lane_top, lane_bottom, boxes, lines, col_x)


def _edge_point(box, towards) -> tuple[float, float]:
    """Where the segment from the centre of ``box`` to ``towards`` leaves the box."""
    x0, y0, w, h = box
    cx, cy = x0 + w / 2, y0 + h / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    tx = (w / 2) / abs(dx) if dx else math.inf
    ty = (h / 2) / abs(dy) if dy else math.inf
    t = min(tx, ty)
    return cx + dx * t, cy + dy * t


def _clear(pa, pb, rad: float, near: np.ndarray, margin: float = 0.04) -> bool:
    """Whether matplotlib's ``arc3`` curve from ``pa`` to ``pb`` misses every box in ``near``."""
    if near.size == 0:
        return True
    (x1, y1), (x2, y2) = pa, pb
    t = np.linspace(0.03, 0.97, 48)[:, None]
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    px = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2
    py = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2
    inside = ((px > near[:, 0] - margin) & (px < near[:, 0] + near[:, 2] + margin)
              & (py > near[:, 1] - margin) & (py < near[:, 1] + near[:, 3] + margin))
    return not inside.any()


def _route(ba, bb, boxes) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Start, end and ``arc3`` curvature of an arrow from box ``ba`` to box ``bb`` that misses ``boxes``.

    Tries the straight line between the box edges, then curves either side, then
    leaving and entering by the same side of both boxes (to pass a stack of boxes);
    keeps the straight line if nothing is clear.
    """
    ca = (ba[0] + ba[2] / 2, ba[1] + ba[3] / 2)
    cb = (bb[0] + bb[2] / 2, bb[1] + bb[3] / 2)
    pa, pb = _edge_point(ba, cb), _edge_point(bb, ca)
    lo_x, hi_x = min(pa[0], pb[0]) - 1.2, max(pa[0], pb[0]) + 1.2
    lo_y, hi_y = min(pa[1], pb[1]) - 1.2, max(pa[1], pb[1]) + 1.2
    near = np.array([b for b in boxes if b[0] < hi_x and b[0] + b[2] > lo_x and b[1] < hi_y and b[1] + b[3] > lo_y])
    for rad in (0.0, 0.2, -0.2, 0.35, -0.35, 0.5, -0.5, 0.7, -0.7):
        if _clear(pa, pb, rad, near):
            return pa, pb, rad
    for side in (1, 0):  # right sides, then left sides
        qa = (ba[0] + side * ba[2], ca[1])
        qb = (bb[0] + side * bb[2], cb[1])
        for rad in (0.06, -0.06, 0.1, -0.1, 0.15, -0.15, 0.25, -0.25):
            if _clear(qa, qb, rad, near):
                return qa, qb, rad
    return pa, pb, 0.0


def draw(bp: Blueprint, ax=None, lang: str = "en", *, title: bool = True):
    """Draw a blueprint: lanes top to bottom, the three lines named, boxes, flows, F and W marks.

    With ``ax=None`` a figure is made just wide enough for the columns (about
    1.75 inch per column), so labels stay at a readable 8.5 pt from 5 to 60
    steps and beyond. When you pass ``ax``, the drawing is scaled (text
    included) to fit inside it.

    Every artist carries a ``gid`` for tests and tools: ``step:<id>`` (box),
    ``label:<id>`` (its text), ``fail:<id>``/``wait:<id>`` (marks),
    ``flow:<a>-><b>``, ``lane:<lane>``, ``line:<line>`` and ``linelabel:<line>``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = draw(load_blueprint("hotel_stay"), lang="zh")
    >>> sorted(a.get_gid() for a in ax.lines if a.get_gid().startswith("line:"))
    ['line:interaction', 'line:internal', 'line:visibility']
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

    style.check_lang(lang)
    if not isinstance(bp, Blueprint):
        raise CourseDataError(f"draw() needs a Blueprint, not {type(bp).__name__}",
                              fix="load one with load_blueprint(...) or Blueprint.from_frame(...)")
    lay = _layout(bp, lang)
    W, H = lay.width, lay.height
    if ax is None:
        style.use()
        fig = plt.figure(figsize=(W, H + (_TITLE_H if title else 0.05)))
        ax = fig.add_axes((0, 0, 1, H / fig.get_figheight()))
        scale = 1.0
        ax.set_xlim(0, W)
        ax.set_ylim(0, H)
    else:
        fig = ax.figure
        pos = ax.get_position()
        aw, ah = pos.width * fig.get_figwidth(), pos.height * fig.get_figheight()
        scale = min(aw / W, ah / H)
        ax.set_xlim(0, aw / scale)
        ax.set_ylim(H - ah / scale, H)
    ax.set_axis_off()
    ax.grid(False)
    fs = _FS * scale

    # lanes, their names and the three lines
    for i, lane in enumerate(LANES):
        top, bottom = lay.lane_top[lane], lay.lane_bottom[lane]
        ax.add_artist(Rectangle((0, bottom), W, top - bottom, facecolor="#F7F7F7" if i % 2 else "white",
                               edgecolor="none", zorder=0, gid=f"band:{lane}"))
        name = _wrap(style.pick(LANE_NAMES[lane], lang), _MARGIN_L - 0.35, _LANE_FS)
        ax.text(0.12, (top + bottom) / 2, "\n".join(name), ha="left", va="center", fontsize=_LANE_FS * scale,
                fontweight="bold", color=_LANE_COLOURS[lane][1], family=_FAMILY, linespacing=1.15,
                zorder=4, gid=f"lane:{lane}")
    ax.add_line(plt.Line2D([0, W], [lay.lane_bottom["evidence"]] * 2, color="#BBBBBB", lw=0.6 * scale,
                           zorder=1, gid="separator:evidence"))
    for key, (above, names) in LINES.items():
        y = lay.lane_bottom[LANES[above]]
        ax.add_line(plt.Line2D([0, W], [y, y], color="#333333", lw=1.4 * scale, ls=_LINE_STYLES[key],
                               zorder=2, gid=f"line:{key}"))
        ax.text(_MARGIN_L - 0.08, y, style.pick(names, lang), ha="right", va="center",
                fontsize=_LINE_FS * scale, style="italic", color="#333333", family=_FAMILY, zorder=5,
                gid=f"linelabel:{key}",
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))

    # flows (under the boxes)
    for a, b in bp.flows:
        ba, bb = lay.boxes[a], lay.boxes[b]
        pa, pb, rad = _route(ba, bb, [box for sid, box in lay.boxes.items() if sid not in (a, b)])
        arrow = FancyArrowPatch(pa, pb, arrowstyle="-|>",
                                mutation_scale=11 * scale, lw=1.1 * scale, color="#555555",
                                connectionstyle=f"arc3,rad={rad}", shrinkA=1, shrinkB=1, zorder=3,
                                gid=f"flow:{a}->{b}")
        ax.add_artist(arrow)

    # recovery links: dashed, from a fail point to the step that puts it right
    for s in bp.steps:
        if s.recovery:
            ba, bb = lay.boxes[s.id], lay.boxes[s.recovery]
            ca = (ba[0] + ba[2] / 2, ba[1] + ba[3] / 2)
            cb = (bb[0] + bb[2] / 2, bb[1] + bb[3] / 2)
            ax.add_artist(FancyArrowPatch(_edge_point(ba, cb), _edge_point(bb, ca), arrowstyle="-|>",
                                         mutation_scale=10 * scale, lw=1.2 * scale, ls="--",
                                         color=style.PALETTE["bad"], connectionstyle="arc3,rad=0.35",
                                         shrinkA=1, shrinkB=1, zorder=5.5, gid=f"recovery:{s.id}->{s.recovery}"))

    # boxes, text, marks
    for s in bp.steps:
        x0, y0, w, h = lay.boxes[s.id]
        face, edge = _LANE_COLOURS[s.lane]
        ax.add_artist(FancyBboxPatch((x0, y0), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=face, edgecolor=style.PALETTE["bad"] if s.fail else edge,
                                    lw=(2.0 if s.fail else 1.0) * scale, zorder=6, gid=f"step:{s.id}"))
        ax.text(x0 + w / 2, y0 + h / 2, "\n".join(lay.lines[s.id]), ha="center", va="center", fontsize=fs,
                family=_FAMILY, linespacing=_LINE_SPACING, zorder=7, gid=f"label:{s.id}")
        marks = [("fail", "F", style.PALETTE["bad"], "white")] if s.fail else []
        if s.wait:
            marks.append(("wait", "W", style.PALETTE["orange"], "black"))
        for k, (kind, letter, colour, ink) in enumerate(marks):
            cx, cy = x0 + w - 0.12 - k * 0.24, y0 + h
            ax.add_artist(Circle((cx, cy), _BADGE_R, facecolor=colour, edgecolor="white", lw=0.8 * scale,
                                zorder=8, gid=f"{kind}:{s.id}"))
            ax.text(cx, cy, letter, ha="center", va="center", fontsize=7 * scale, fontweight="bold",
                    color=ink, family=_FAMILY, zorder=9, gid=f"{kind}mark:{s.id}")
    if title:
        legend = style.pick({"en": "F = fail point   W = wait point   arrows = flow   dashed red = recovery",
                             "zh": "F = 失误点   W = 等待点   箭头 = 流程   红色虚线 = 补救"}, lang)
        ax.set_title(f"{bp.title(lang)}\n{legend}", fontsize=12 * max(scale, 0.6), loc="left",
                     family=_FAMILY, pad=6 * scale)
    return ax


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


# --------------------------------------------------------------------------- widget
def widget(bp: Blueprint, lang: str = "en"):
    """A what-if widget: flag fail/wait points or change one step's duration.

    The blueprint is redrawn and ``widget.result`` holds :func:`compare`
    (original vs changed). Controls: ``fail`` and ``wait`` (the flagged steps),
    ``step`` (which step to retime) and ``duration`` (its minutes; choosing a
    step resets it to that step's duration).

    Examples
    --------
    In a notebook (outside one, the widget prints its output as text):

    >>> wg = widget(load_blueprint("hotel_stay"))         # doctest: +SKIP
    >>> wg.controls["step"].value = "check_in"            # doctest: +SKIP
    >>> wg.controls["duration"].value = 20                # doctest: +SKIP
    >>> wg.result.loc["total_time", "change"]             # doctest: +SKIP
    15.0
    """
    import ipywidgets as w

    from .widgets import live

    style.check_lang(lang)
    labels = [(f"{s.id}: {s.text(lang)}", s.id) for s in bp.steps if s.lane != "evidence"]
    longest = max([s.duration for s in bp.steps] + [1.0])
    t = {"fail": {"en": "Fail points (F)", "zh": "失误点 (F)"}, "wait": {"en": "Wait points (W)", "zh": "等待点 (W)"},
         "step": {"en": "Step", "zh": "步骤"}, "duration": {"en": "Minutes", "zh": "分钟"}}
    controls = {
        "fail": w.SelectMultiple(options=labels, value=tuple(s.id for s in bp.steps if s.fail),
                                 description=style.pick(t["fail"], lang), rows=min(8, len(labels))),
        "wait": w.SelectMultiple(options=labels, value=tuple(s.id for s in bp.steps if s.wait),
                                 description=style.pick(t["wait"], lang), rows=min(8, len(labels))),
        "step": w.Dropdown(options=labels, value=labels[0][1], description=style.pick(t["step"], lang)),
        "duration": w.FloatSlider(value=bp.step(labels[0][1]).duration, min=0.0,
                                  max=float(max(30.0, math.ceil(2 * longest))), step=0.5,
                                  description=style.pick(t["duration"], lang)),
    }

    def _reset(change):  # registered before live() so it runs first
        controls["duration"].value = bp.step(change["new"]).duration

    controls["step"].observe(_reset, names="value")

    def render(fail, wait, step, duration):
        changed = with_changes(bp, durations={step: duration}, fail=fail, wait=wait)
        draw(changed, lang=lang)
        return compare(bp, changed)

    return live(controls, render, title=bp.title(lang))
