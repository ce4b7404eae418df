"""Display labels of the codes in the course's data: what a table, legend or tick shows instead of a code.

The datasets and the library's tables keep their codes (``"bank"``, ``"late_delivery"``,
``("delivery", False)``): code is written with them. What a trainee *sees* shows the label, in the
notebook's language: :func:`label` for one code, :func:`labelled` for a display copy of a table. A
code is looked up with the column it comes from first (``promise_kept`` ``False`` is "promise
broken"), then on its own. Unknown codes show as they are.

Examples
--------
>>> label("bank", "industry", lang="en"), label(("delivery", False), ["touchpoint", "promise_kept"], lang="en")
('Bank', 'Delivery · promise broken')
>>> label("Store D", lang="en"), label("my_own_code", lang="en")
('Store D', 'my_own_code')
>>> import pandas as pd
>>> t = pd.DataFrame({"nps": [12.0, -3.0]}, index=pd.Index(["restaurant", "bank"], name="industry"))
>>> labelled(t, lang="en").index.tolist()
['Restaurant', 'Bank']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping, Sequence

import pandas as pd

from .lang import T, check_lang, pick

__all__ = ["CODES", "COLUMNS", "HEADERS", "PATTERNS", "headed", "label", "label_of", "labelled", "mapping_labels"]

#: (column, code) → label for the codes of the shipped datasets; ``column`` ``None``: any column.
#: The concept packages add theirs (journey stages and touchpoints, complaint categories, SERVQUAL
#: dimensions, NPS categories, recovery groups), see :func:`_vocabulary`.
CODES: dict[tuple[str | None, Any], T] = {
    # industries: loyalty_survey, recovery_survey, journey_incidents, the cases of lesson 08
    ("industry", "restaurant"): T("Restaurant"),
    ("industry", "travel"): T("Travel"),
    ("industry", "bank"): T("Bank", context="industry"),
    ("industry", "airline"): T("Airline", context="industry"),
    ("industry", "hotel"): T("Hotel", context="industry"),
    # nps_retailer
    ("segment", "new"): T("New customers"),
    ("segment", "returning"): T("Returning customers"),
    ("segment", "member"): T("Members"),
    ("touchpoint", "delivery"): T("Delivery", context="touchpoint"),
    ("touchpoint", "returns"): T("Returns", context="touchpoint"),
    ("touchpoint", "customer_service"): T("Customer service", context="touchpoint"),
    ("promise_kept", True): T("promise kept"),
    ("promise_kept", False): T("promise broken"),
    # nps_hotpot, complaint_log
    ("channel", "dine_in"): T("Dine-in"),
    ("channel", "delivery"): T("Delivery", context="channel"),
    ("channel", "app"): T("App", context="channel"),
    ("channel", "chat"): T("Online chat"),
    ("channel", "phone"): T("Phone"),
    ("channel", "email"): T("Email"),
    # servqual surveys
    ("segment", "first visit"): T("First visit"),
    ("segment", "regular"): T("Regular"),
    ("segment", "business"): T("Business", context="segment"),
    ("segment", "leisure"): T("Leisure"),
    ("segment", "branch"): T("Branch", context="segment"),
    ("segment", "mobile app"): T("Mobile app"),
    # service logs
    ("daypart", "lunch"): T("Lunch"),
    ("daypart", "dinner"): T("Dinner"),
    ("time", "Lunch"): T("Lunch"),
    ("time", "Dinner"): T("Dinner"),
    ("service", "counter"): T("Counter service"),
    ("service", "advisory"): T("Advisory"),
    ("service", "enquiry"): T("Enquiry"),
    ("request", "enquiry"): T("Enquiry"),
    ("request", "booking change"): T("Booking change"),
    ("request", "refund"): T("Refund"),
    ("request", "complaint"): T("Complaint"),
    # journey_coldwater
    ("trial", "short"): T("Short trial (60 s)"),
    ("trial", "long"): T("Long trial (90 s)"),
    ("repeat_choice", "short"): T("Short trial (60 s)"),
    ("repeat_choice", "long"): T("Long trial (90 s)"),
    # servqual.validate_responses: the problems of a raw survey export
    ("problem", "non-numeric"): T("not a number"),
    ("problem", "out of range"): T("outside the scale"),
    ("problem", "missing"): T("missing answer"),
    ("problem", "duplicate"): T("duplicated respondent"),
    ("problem", "straight-lining"): T("straight-lining"),
    ("severity", "error"): T("error", context="severity"),
    ("severity", "warning"): T("warning", context="severity"),
    # servqual.zone_of_tolerance: where the perception lies
    ("position", "below"): T("below the zone"),
    ("position", "within"): T("within the zone"),
    ("position", "above"): T("above the zone"),
    # journey.redesign: the curve before and after
    ("version", "before"): T("before", context="version"),
    ("version", "after"): T("after", context="version"),
    # standards.compliance and standards.p_chart
    ("status", "below"): T("below target"),
    ("status", "above"): T("above target"),
    ("status", "unclear"): T("unclear", context="status"),
    ("side", "below"): T("below the lower limit"),
    ("side", "above"): T("above the upper limit"),
    ("side", ""): T("within the limits"),
    # training_panel (standards.did: the 2 × 2 table of means)
    ("group", "control"): T("control units"),
    ("group", "treated"): T("treated units"),
    # yes/no columns
    ("synthetic", True): T("synthetic"),
    ("synthetic", False): T("real", context="data"),
    ("returned", True): T("came back"),
    ("returned", False): T("did not come back"),
}
#: Codes that carry a name or number: ``Store A`` … (restaurant_service_log), ``Branch 01`` … (bank_service_log).
PATTERNS: list[tuple[re.Pattern, T]] = [
    (re.compile(r"^Store (?P<x>[A-Z])$"), T("Store {x}")),
    (re.compile(r"^Branch (?P<x>\d+)$"), T("Branch {x}")),
]
#: Column headings of the library's listings shown with :func:`labelled` (``headers=True``).
HEADERS: dict[str, T] = {
    "name": T("name", context="heading"),
    "description": T("description", context="heading"),
    "rows": T("rows", context="heading"),
    "synthetic": T("data", context="heading"),
    "source": T("source", context="heading"),
    "licence": T("licence", context="heading"),
    # the promise checker (course_lib.standards.promises)
    "criterion": T("criterion", context="heading"),
    "question": T("question", context="heading"),
    "verdict": T("verdict", context="heading"),
    "reason": T("reason", context="heading"),
    # recovery scripts and empowerment (course_lib.feedback.conversation)
    "step": T("step", context="heading"),
    "present": T("present", context="heading"),
    "turn": T("turn", context="heading"),
    "status": T("status", context="heading"),
    "fairness": T("fairness", context="heading"),
    "cases_settled": T("cases_settled", context="heading"),
    "share_settled": T("share_settled", context="heading"),
    "escalated": T("escalated", context="heading"),
    "cost_settled": T("cost_settled", context="heading"),
}

#: Column (and index) names that :func:`labelled` always heads: in English each heading is the name itself
#: (what code writes), in another language its translation. The SERVQUAL item bank
#: (:func:`~course_lib.servqual.items_table`) and the commitment-cycle scorecard
#: (:func:`~course_lib.standards.commitment_scorecard`, :func:`~course_lib.standards.score_cycle`).
COLUMNS: dict[str, T] = {
    "item": T("item"),
    "items": T("items", context="count"),
    "dimension": T("dimension"),
    "text": T("text", context="item"),
    "stage": T("stage", context="heading"),
    "stage_name": T("stage_name", context="heading"),
    "score": T("score", context="heading"),
    "evidence": T("evidence", context="heading"),
    "key": T("key", context="heading"),
    "limit": T("limit", context="heading"),
}


@lru_cache(maxsize=1)
def _vocabulary() -> dict[tuple[str | None, Any], Any]:
    """:data:`CODES` and the concept packages' own labels (imported on first use)."""
    from .blueprint.analysis import _METRIC_LABELS
    from .blueprint.vocabulary import LANE_NAMES
    from .feedback.complaints import COMPLAINT_LABELS
    from .feedback.plots import _GROUP_LABELS
    from .journey.journeys import LABELS as JOURNEY
    from .nps.plots import _LABELS as NPS_CATEGORIES
    from .servqual.model import DIMENSIONS

    vocab: dict[tuple[str | None, Any], Any] = {}
    for code, text in JOURNEY.items():
        for column in ("stage", "touchpoint", "outcome", None):
            vocab[(column, code)] = text
    vocab.update({("category", k): v for k, v in COMPLAINT_LABELS.items()})
    vocab.update({("group", k): v for k, v in _GROUP_LABELS.items()})
    vocab.update({("category", k): v for k, v in NPS_CATEGORIES.items()})
    vocab.update({("lane", k): v for k, v in LANE_NAMES.items()})
    vocab.update({(None, k): v for k, v in _METRIC_LABELS.items()})
    from .standards.cycle import STAGE_NAMES
    from .standards.guarantee import PROPERTY_NAMES

    vocab.update({("property", k): v for k, v in PROPERTY_NAMES.items()})
    vocab.update({("stage", k): v for k, v in STAGE_NAMES.items()})
    for key, dim in DIMENSIONS.items():
        vocab[("dimension", key)] = vocab[(None, key)] = dim.name
    vocab.update(CODES)
    return vocab


def _one(code: Any, column: str | None, lang: str) -> str:
    vocab = _vocabulary()
    for key in ((column, code), (None, code)):
        try:
            found = vocab.get(key)
        except TypeError:  # an unhashable value
            found = None
        if found is not None:
            return pick(found, lang)
    if isinstance(code, str):
        for pattern, text in PATTERNS:
            m = pattern.match(code)
            if m:
                return T(text.text, **m.groupdict()).render(lang)
    return str(code)


def label(code: Any, column: str | Sequence[str | None] | None = None, lang: str | None = None) -> str:
    """The display label of ``code`` (from ``column``, if known) in ``lang`` (default: the notebook's).

    A tuple (a row of a multi-level index) is labelled part by part, with ``column`` a list of the
    level names, and joined with " · ".
    """
    lang = check_lang(lang)
    if isinstance(code, tuple):
        columns = list(column) if isinstance(column, (list, tuple)) else [column] * len(code)
        columns += [None] * (len(code) - len(columns))
        return " · ".join(_one(c, col, lang) for c, col in zip(code, columns))
    return _one(code, column if not isinstance(column, (list, tuple)) else (column[0] if column else None), lang)


def label_of(index: pd.Index, lang: str | None = None) -> list[str]:
    """The labels of every entry of a (multi-level) index, using its level names as columns."""
    names = list(index.names)
    return [label(key, names if index.nlevels > 1 else names[0], lang) for key in index]


def _known(column: str, values: pd.Series) -> bool:
    vocab = _vocabulary()
    present = [v for v in pd.unique(values.dropna()) if not isinstance(v, float)]
    if not present:
        return False
    def known(v):
        try:
            return (column, v) in vocab or (isinstance(v, str) and any(p.match(v) for p, _ in PATTERNS))
        except TypeError:
            return False
    return all(known(v) for v in present)


def labelled(table: pd.DataFrame | pd.Series, lang: str | None = None, *, headers: bool = False):
    """A display copy of ``table`` whose codes show as labels: the index (each level by its name), the
    columns of a pivoted table (whose column index has a name, such as ``outcome``) and every column
    whose values are all codes known for that column. Column names stay (they are what code uses),
    except those of :data:`COLUMNS` (headed in languages other than English) and, with
    ``headers=True``, the library's listings (:data:`HEADERS`).

    Use it for what a notebook shows; compute with the table itself.
    """
    lang = check_lang(lang)
    out = table.copy()
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples(
            [tuple(label(v, name, lang) for v, name in zip(key, out.index.names)) for key in out.index],
            names=out.index.names)
    elif not pd.api.types.is_numeric_dtype(out.index) or out.index.name in {c for c, _ in CODES}:
        out.index = pd.Index([label(v, out.index.name, lang) for v in out.index], name=out.index.name)
    if isinstance(out, pd.DataFrame):
        if out.columns.name is not None and not isinstance(out.columns, pd.MultiIndex):  # codes, as after unstack
            out.columns = pd.Index([label(c, out.columns.name, lang) for c in out.columns], name=out.columns.name)
        for column in out.columns:
            if isinstance(column, str) and _known(column, out[column]):
                out[column] = [label(v, column, lang) if v == v else v for v in out[column]]
        heads = {**COLUMNS, **HEADERS} if headers else COLUMNS
        out.columns = [pick(heads[c], lang) if isinstance(c, str) and c in heads else c for c in out.columns]
    elif isinstance(out.name, str) and out.name in COLUMNS:
        out.name = pick(COLUMNS[out.name], lang)
    out.index = out.index.set_names([pick(COLUMNS[n], lang) if isinstance(n, str) and n in COLUMNS else n
                                     for n in out.index.names])
    return out


def headed(table, headings: Mapping[Any, Any], lang: str | None = None, *, values: Mapping[Any, Any] | None = None):
    """A display copy of a widget's or function's result table in ``lang``: :func:`labelled` (codes as
    labels), then the column names, the index names and the entries of the index found in ``headings``
    (``{name: T(...)}``; the rows of a Series of measures are names too) shown as their heading, and
    the cells of true/false columns found in ``values`` (``{True: T("yes"), ...}``) as their text. Anything else (a str, a
    number, a figure) comes back as it is.

    The table itself keeps its codes and column names: code computes with it, the trainee reads this.

    Examples
    --------
    >>> t = pd.DataFrame({"gap": [-1.1], "n": [480]}, index=pd.Index(["reliability"], name="dimension"))
    >>> shown = headed(t, {"gap": T("gap P−E"), "dimension": T("dimension")}, lang="zh")
    >>> shown.columns.tolist(), shown.index.name, shown.index.tolist()
    (['差距 P−E', 'n'], '维度', ['可靠性'])
    >>> headed("as is", {}, lang="zh")
    'as is'
    """
    if not isinstance(table, (pd.DataFrame, pd.Series)):
        return table
    lang = check_lang(lang)

    def head(name):
        try:
            found = headings.get(name)
        except TypeError:  # an unhashable name
            found = None
        return name if found is None else pick(found, lang)

    out = labelled(table, lang)
    if values:  # the cells of true/false columns
        def cell(v):
            found = values.get(bool(v))
            return v if found is None else pick(found, lang)
        if isinstance(out, pd.DataFrame):
            for column in [c for c in out.columns if out[c].dtype == bool]:
                out[column] = out[column].map(cell)
        elif out.dtype == bool:
            out = out.map(cell)
    if isinstance(out.index, pd.MultiIndex):
        out.index = out.index.set_names([head(n) for n in out.index.names])
    else:
        out.index = pd.Index([head(k) for k in out.index], name=head(out.index.name))
    if isinstance(out, pd.DataFrame):
        out.columns = pd.Index([head(c) for c in out.columns], name=head(out.columns.name))
    elif out.name is not None:
        out.name = head(out.name)
    return out


def mapping_labels(codes, column: str | None = None, lang: str | None = None) -> Mapping[Any, str]:
    """``{code: label}`` for ``codes``, as the ``labels=`` argument of the plots takes."""
    return {c: label(c, column, lang) for c in codes}
