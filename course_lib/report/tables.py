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

from ..lang import check_lang, pick
from .compute import Results, nps_groups, results_of

__all__ = ["overview_table", "gap_table", "worst_items", "reliability_table", "importance_performance",
           "priority_table", "nps_table", "nps_labels", "segment_gap_table", "dimension_label", "p_text"]

_DIMENSION = {"en": "dimension", "zh": "维度"}
_LOW = {"en": "95% low", "zh": "95% 下限"}
_HIGH = {"en": "95% high", "zh": "95% 上限"}
_GAP = {"en": "gap P−E", "zh": "差距 P−E"}
_N = {"en": "n", "zh": "人数"}
_E = {"en": "E (expected)", "zh": "E（期望）"}
_P = {"en": "P (perceived)", "zh": "P（感知）"}


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
    rows = [({"en": "respondents", "zh": "受访者人数"}, r.n),
            ({"en": "SERVQUAL items (E and P)", "zh": "SERVQUAL 题项（E 与 P）"}, len(r.items)),
            ({"en": "missing item answers", "zh": "缺失的题项回答"}, r.missing),
            ({"en": "segments", "zh": "细分群体数"}, r.n_segments),
            ({"en": "NPS answers", "zh": "NPS 回答数"}, r.n_nps),
            ({"en": "importance allocations", "zh": "重要性分配"},
             pick({"en": "yes", "zh": "有"} if r.has_weights else {"en": "no", "zh": "无"}, lang)),
            ({"en": "other columns (not analysed)", "zh": "其他列（未分析）"}, ", ".join(r.other_columns) or "–")]
    return pd.DataFrame({pick({"en": "value", "zh": "数值"}, lang): [str(v) for _, v in rows]},
                        index=pd.Index([pick(k, lang) for k, _ in rows], name=""))


def gap_table(data, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Per dimension: mean E, mean P, gap, 95% interval, n and p (paired t-test), labelled in ``lang``."""
    check_lang(lang)
    t = results_of(data, scale).dimensions.copy()
    t["p"] = p_text(t["p"])
    return _by_dimension(_named(t, lang, E=_E, P=_P, gap=_GAP, low=_LOW, high=_HIGH, n=_N,
                                p={"en": "p", "zh": "p 值"}), lang)


def worst_items(data, lang: str = "en", scale=(1, 7), n: int = 5) -> pd.DataFrame:
    """The ``n`` items with the most negative mean gap, with their text and dimension."""
    from ..servqual import ITEMS

    check_lang(lang)
    items = results_of(data, scale).item_gaps.sort_values("gap", kind="stable").head(n)
    text = {it.number: it.label(lang) for it in ITEMS}
    t = pd.DataFrame({"dimension": [dimension_label(d, lang) for d in items["dimension"]],
                      "text": [text[i] for i in items.index], "gap": items["gap"].to_numpy(),
                      "n": items["n"].to_numpy()},
                     index=pd.Index(items.index, name=pick({"en": "item", "zh": "题号"}, lang)))
    return _named(t, lang, dimension=_DIMENSION, text={"en": "item (paraphrase)", "zh": "题项（意译）"}, gap=_GAP, n=_N)


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
                         names=[pick(_DIMENSION, lang), pick({"en": "scale", "zh": "量表"}, lang)]))
    return _named(t, lang, k={"en": "items", "zh": "题项数"}, alpha={"en": "α", "zh": "α"}, low=_LOW, high=_HIGH)


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
    return _by_dimension(_named(t, lang, share={"en": "importance share", "zh": "重要性占比"}, gap=_GAP,
                                priority={"en": "priority", "zh": "优先级"},
                                quadrant={"en": "IPA quadrant", "zh": "IPA 象限"}), lang)


def nps_labels(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """Display names of the rows of :attr:`Results.nps`: all respondents first, then the segments."""
    return [pick({"en": "all respondents", "zh": "全部受访者"}, lang)] + [str(k) for k in table.index[1:]]


def nps_table(data, lang: str = "en") -> pd.DataFrame:
    """NPS overall (and per segment when there is one) with adjusted-Wald 95% intervals."""
    check_lang(lang)
    t = data.nps if isinstance(data, Results) else nps_groups(data)
    cols = ["n", "promoters", "passives", "detractors", "nps", "low", "high"]
    if t is None:
        return pd.DataFrame(columns=cols)
    t = t[cols].copy()
    t.index = pd.Index(nps_labels(t, lang), name=pick({"en": "group", "zh": "群体"}, lang))
    return _named(t, lang, n=_N, promoters={"en": "promoters", "zh": "推荐者"}, passives={"en": "passives", "zh": "被动者"},
                  detractors={"en": "detractors", "zh": "贬损者"}, nps={"en": "NPS", "zh": "NPS"}, low=_LOW, high=_HIGH)


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
    return _by_dimension(t.rename(columns={"p": pick({"en": "p (ANOVA)", "zh": "p 值（方差分析）"}, lang)}), lang)
