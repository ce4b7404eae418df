"""The report's tables, labelled in English or Chinese, drawn from :class:`~course_lib.report.compute.Results`.

Each function takes the :class:`Results` of :func:`~course_lib.report.compute.analyze` (what the
report does: the numbers are computed once) or a cleaned survey table (then analysed first, for use
in a notebook).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"E5": [7, 6, 7, 5], "P5": [5, 5, 6, 5]})
>>> t = gap_table(df)
>>> t.iloc[0, :5].astype(float).round(3).tolist(), int(t.iloc[0, 5]), t.iloc[0, 6]
([6.25, 5.25, -1.0, -2.299, 0.299], 4, '0.092')
"""

from __future__ import annotations

import pandas as pd

from ..lang import T, check_lang, pick
from .compute import Results, nps_groups, results_of

__all__ = ["overview_table", "gap_table", "worst_items", "reliability_table", "importance_performance",
           "priority_table", "nps_table", "nps_labels", "segment_gap_table", "dimension_label", "p_text"]

_DIMENSION = T("dimension")
_LOW = T("95% low")
_HIGH = T("95% high")
_GAP = T("gap P−E")
_N = T("n")
_E = T("E (expected)")
_P = T("P (perceived)")


def dimension_label(key: str, lang: str = "en") -> str:
    """A dimension's name in ``lang`` (other keys as they are).

    Examples
    --------
    >>> dimension_label("empathy", "zh"), dimension_label("other")
    ('移情性', 'other')
    """
    from ..servqual import DIMENSIONS

    return DIMENSIONS[key].label(lang) if key in DIMENSIONS else str(key)


def p_text(values) -> list[str]:
    """p-values as text: three decimals, "<0.001" below that, "–" when undefined.

    Examples
    --------
    >>> p_text([0.04567, 0.0002, float("nan")])
    ['0.046', '<0.001', '–']
    """
    return ["–" if pd.isna(v) else ("<0.001" if v < 0.001 else f"{v:.3f}") for v in values]


def _named(t: pd.DataFrame, lang: str, **columns) -> pd.DataFrame:
    return t.rename(columns={k: pick(v, lang) for k, v in columns.items()})


def _by_dimension(t: pd.DataFrame, lang: str) -> pd.DataFrame:
    t.index = pd.Index([dimension_label(d, lang) for d in t.index], name=pick(_DIMENSION, lang))
    return t


def overview_table(data, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """What the report found in the file: respondents, items, segments, NPS answers, allocations."""
    check_lang(lang)
    r = results_of(data, scale)
    rows = [(T("respondents"), r.n),
            (T("SERVQUAL items (E and P)"), len(r.items)),
            (T("missing item answers"), r.missing),
            (T("segments"), r.n_segments),
            (T("NPS answers"), r.n_nps),
            (T("importance allocations"),
             pick(T("yes") if r.has_weights else T("no"), lang)),
            (T("other columns (not analysed)"), ", ".join(r.other_columns) or "–")]
    return pd.DataFrame({pick(T("value"), lang): [str(v) for _, v in rows]},
                        index=pd.Index([pick(k, lang) for k, _ in rows], name=""))


def gap_table(data, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Per dimension: mean E, mean P, gap, 95% interval, n and p (paired t-test), labelled in ``lang``."""
    check_lang(lang)
    t = results_of(data, scale).dimensions.copy()
    t["p"] = p_text(t["p"])
    return _by_dimension(_named(t, lang, E=_E, P=_P, gap=_GAP, low=_LOW, high=_HIGH, n=_N,
                                p=T("p")), lang)


def worst_items(data, lang: str = "en", scale=(1, 7), n: int = 5) -> pd.DataFrame:
    """The ``n`` items with the most negative mean gap, with their text and dimension."""
    from ..servqual import ITEMS

    check_lang(lang)
    items = results_of(data, scale).item_gaps.sort_values("gap", kind="stable").head(n)
    text = {it.number: it.label(lang) for it in ITEMS}
    t = pd.DataFrame({"dimension": [dimension_label(d, lang) for d in items["dimension"]],
                      "text": [text[i] for i in items.index], "gap": items["gap"].to_numpy(),
                      "n": items["n"].to_numpy()},
                     index=pd.Index(items.index, name=pick(T("item"), lang)))
    return _named(t, lang, dimension=_DIMENSION, text=T("item (paraphrase)"), gap=_GAP, n=_N)


def reliability_table(data, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Cronbach's alpha (pairwise) with Feldt 95% interval per dimension, for E and P."""
    check_lang(lang)
    s = results_of(data, scale).alphas
    if s is None:
        s = pd.DataFrame(columns=["k", "alpha", "ci_low", "ci_high"],
                         index=pd.MultiIndex.from_tuples([], names=["dimension", "kind"]))
    kinds = {"E": pick(_E, lang), "P": pick(_P, lang)}
    t = pd.DataFrame({"k": s["k"].to_numpy(), "alpha": s["alpha"].to_numpy(), "low": s["ci_low"].to_numpy(),
                      "high": s["ci_high"].to_numpy()},
                     index=pd.MultiIndex.from_arrays(
                         [[dimension_label(d, lang) for d in s.index.get_level_values("dimension")],
                          [kinds.get(k, k) for k in s.index.get_level_values("kind")]],
                         names=[pick(_DIMENSION, lang), pick(T("scale"), lang)]))
    return _named(t, lang, k=T("items"), alpha=T("α"), low=_LOW, high=_HIGH)


def importance_performance(data, scale=(1, 7)):
    """IPA of the dimensions: importance = mean 100-point allocation (or mean E when absent),
    performance = mean P; crosshair at the means. Returns ``(IPA, uses_allocations)``."""
    r = results_of(data, scale)
    return r.ipa, r.from_allocations


def priority_table(data, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Dimensions ranked by priority = importance share × shortfall (max(−gap, 0)), with the IPA quadrant.

    Importance shares are the mean 100-point allocations (or the mean expectations, normalised).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 6], "P1": [6, 6], "E5": [7, 7], "P5": [5, 4]})
    >>> priority_table(df)["priority"].round(4).tolist()
    [1.3462, 0.0]
    """
    from ..servqual import QUADRANTS

    check_lang(lang)
    t = results_of(data, scale).priorities
    if t is None:
        t = pd.DataFrame(columns=["share", "gap", "priority", "quadrant"])
    t = t.assign(quadrant=[pick(QUADRANTS[q], lang) for q in t["quadrant"]])
    return _by_dimension(_named(t, lang, share=T("importance share"), gap=_GAP,
                                priority=T("priority"),
                                quadrant=T("IPA quadrant")), lang)


def nps_labels(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """Display names of the rows of :attr:`Results.nps`: all respondents first, then the segments."""
    return [pick(T("all respondents"), lang)] + [str(k) for k in table.index[1:]]


def nps_table(data, lang: str = "en") -> pd.DataFrame:
    """NPS overall (and per segment when there is one) with adjusted-Wald 95% intervals."""
    check_lang(lang)
    t = data.nps if isinstance(data, Results) else nps_groups(data)
    cols = ["n", "promoters", "passives", "detractors", "nps", "low", "high"]
    if t is None:
        return pd.DataFrame(columns=cols)
    t = t[cols].copy()
    t.index = pd.Index(nps_labels(t, lang), name=pick(T("group"), lang))
    return _named(t, lang, n=_N, promoters=T("promoters"), passives=T("passives"),
                  detractors=T("detractors"), nps=T("NPS"), low=_LOW, high=_HIGH)


def segment_gap_table(data, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Mean dimension gap per segment (columns) and the one-way ANOVA p-value across segments.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"segment": ["a", "a", "b", "b"], "E5": [7, 7, 6, 6], "P5": [5, 4, 6, 5]})
    >>> t = segment_gap_table(df)
    >>> t.iloc[0, :2].astype(float).tolist(), t.iloc[0, 2]
    ([-2.5, -0.5], '0.106')
    """
    check_lang(lang)
    t = results_of(data, scale).segment_gaps
    if t is None:
        return pd.DataFrame()
    t = t.assign(p=p_text(t["p"]))
    return _by_dimension(t.rename(columns={"p": pick(T("p (ANOVA)"), lang)}), lang)
