"""Designing a service guarantee (服务保证, Hart 1988) and weighing its payout cost against retained revenue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers, show
from ..lang import LANGS, T, check_lang
from ._args import _positive, _share

__all__ = [
    "HART_PROPERTIES",
    "PROPERTY_NAMES",
    "PROPERTY_QUESTIONS",
    "RATING_NAMES",
    "GUARANTEE_SCALE",
    "EXAMPLE_GUARANTEES",
    "guarantee_checklist",
    "GuaranteeScore",
    "score_guarantee",
    "GuaranteeEconomics",
    "guarantee_economics",
]


#: Hart's (1988) five properties of a good service guarantee: property code → name (a message).
PROPERTY_NAMES: dict[str, T] = {
    "unconditional": T("Unconditional", context="guarantee property"),
    "easy_to_understand": T("Easy to understand and communicate", context="guarantee property"),
    "meaningful": T("Meaningful", context="guarantee property"),
    "easy_to_invoke": T("Easy to invoke", context="guarantee property"),
    "easy_to_collect": T("Easy to collect", context="guarantee property"),
}
#: The question that scores each property (a message).
PROPERTY_QUESTIONS: dict[str, T] = {
    "unconditional": T("Does it promise full satisfaction without fine print or exceptions?",
                       context="guarantee property question"),
    "easy_to_understand": T("Is it short, specific and measurable (a number, not 'fast')?",
                            context="guarantee property question"),
    "meaningful": T("Does it promise what customers care about, with a payout that matters to them?",
                    context="guarantee property question"),
    "easy_to_invoke": T("Can a customer claim it on the spot, without forms, proof or arguing?",
                        context="guarantee property question"),
    "easy_to_collect": T("Is the payout immediate and hassle-free?", context="guarantee property question"),
}

#: Hart's five properties as a table: ``property``, then ``name_<lang>`` and ``question_<lang>`` for each of
#: the course's languages (``name_en``, ``name_zh``, ...), rendered from :data:`PROPERTY_NAMES` and
#: :data:`PROPERTY_QUESTIONS`.
HART_PROPERTIES = pd.DataFrame(
    {"property": list(PROPERTY_NAMES),
     **{f"name_{lg}": [t.render(lg) for t in PROPERTY_NAMES.values()] for lg in LANGS},
     **{f"question_{lg}": [PROPERTY_QUESTIONS[k].render(lg) for k in PROPERTY_NAMES] for lg in LANGS}})

#: The ratings of the guarantee checklist: score → name (a message).
RATING_NAMES: dict[int, T] = {0: T("no", context="guarantee rating"), 1: T("partly", context="guarantee rating"),
                              2: T("yes", context="guarantee rating")}
#: Scoring scale of the guarantee checklist: score → its name in each of the course's languages (English first).
GUARANTEE_SCALE = {k: tuple(t.render(lg) for lg in LANGS) for k, t in RATING_NAMES.items()}

#: Illustrative guarantees (invented for teaching; not any real firm's wording): the wording (a message),
#: rendered as ``text_<lang>`` for each of the course's languages, with a team's ratings.
_EXAMPLE_TEXTS = {
    "hotpot_wait": T("If your dishes are not all on the table within 20 minutes of ordering, the late dishes are "
                     "free: just tell any server.", context="example guarantee"),
    "travel_refund": T("Satisfaction guaranteed*. *Claims must be made in writing within 7 days with the original "
                       "receipt and are subject to manager approval; refunds are issued as travel vouchers.",
                       context="example guarantee"),
    "bank_response": T("We reply to every enquiry within one working day, or we pay 20 yuan into your account "
                       "automatically.", context="example guarantee"),
}
_EXAMPLE_RATINGS = {
    "hotpot_wait": {"unconditional": 1, "easy_to_understand": 2, "meaningful": 2, "easy_to_invoke": 2,
                    "easy_to_collect": 2},
    "travel_refund": {"unconditional": 0, "easy_to_understand": 1, "meaningful": 1, "easy_to_invoke": 0,
                      "easy_to_collect": 0},
    "bank_response": {"unconditional": 2, "easy_to_understand": 2, "meaningful": 1, "easy_to_invoke": 2,
                      "easy_to_collect": 2},
}
EXAMPLE_GUARANTEES = {
    name: {**{f"text_{lg}": text.render(lg) for lg in LANGS}, "ratings": _EXAMPLE_RATINGS[name]}
    for name, text in _EXAMPLE_TEXTS.items()
}


def guarantee_checklist(lang: str | None = None) -> pd.DataFrame:
    """A blank checklist to fill in: one row per Hart property, ``score`` 0 (no), 1 (partly), 2 (yes).

    Examples
    --------
    >>> guarantee_checklist()["property"].tolist()
    ['unconditional', 'easy_to_understand', 'meaningful', 'easy_to_invoke', 'easy_to_collect']
    """
    lang = check_lang(lang)
    out = pd.DataFrame({
        "property": HART_PROPERTIES["property"],
        "name": [t.render(lang) for t in PROPERTY_NAMES.values()],
        "question": [t.render(lang) for t in PROPERTY_QUESTIONS.values()],
    })
    out["score"] = np.nan
    out["evidence"] = ""
    return out


@dataclass(frozen=True)
class GuaranteeScore:
    """A scored guarantee: per-property scores (0–2), total out of 10, share, weakest properties."""

    scores: pd.Series
    total: int
    maximum: int
    share: float
    weakest: tuple

    def table(self, lang: str | None = None) -> pd.DataFrame:
        lang = check_lang(lang)
        labels = {k: t.render(lang) for k, t in RATING_NAMES.items()}
        return pd.DataFrame({"property": self.scores.index,
                             "name": [PROPERTY_NAMES[k].render(lang) for k in self.scores.index],
                             "score": self.scores.to_numpy(), "rating": self.scores.map(labels).to_numpy()})


def score_guarantee(ratings: Mapping[str, int] | pd.DataFrame, source: str = "guarantee checklist") -> GuaranteeScore:
    """Score a guarantee against Hart's five properties (0 = no, 1 = partly, 2 = yes).

    ``ratings`` is a dict ``{property: score}`` or a filled-in :func:`guarantee_checklist`.

    Examples
    --------
    >>> g = score_guarantee(EXAMPLE_GUARANTEES["travel_refund"]["ratings"])
    >>> g.total, g.maximum, g.weakest
    (2, 10, ('unconditional', 'easy_to_invoke', 'easy_to_collect'))
    """
    props = HART_PROPERTIES["property"].tolist()
    if isinstance(ratings, pd.DataFrame):
        require_columns(ratings, ["property", "score"], source=source)
        unknown = ratings.loc[~ratings["property"].isin(props), "property"]
        if len(unknown):
            raise CourseDataError(T("unknown property {value}", value=repr(unknown.iloc[0])), source=source,
                                  column="property",
                                  row=row_numbers(~ratings["property"].isin(props)),
                                  expected=T("one of {names}", names=", ".join(props)),
                                  fix=T("keep the rows of guarantee_checklist()"))
        ratings = dict(zip(ratings["property"], ratings["score"]))
    if not isinstance(ratings, Mapping):
        raise CourseDataError(T("expected a dict of scores, got {type}", type=type(ratings).__name__), source=source,
                              expected="{'unconditional': 2, ...}", fix=T("rate each of the five properties"))
    unknown = [k for k in ratings if k not in props]
    if unknown:
        raise CourseDataError(T("unknown property {unknown}", unknown=repr(unknown[0])), source=source,
                              expected=T("the properties {names}", names=", ".join(props)), fix=T("check the spelling"))
    missing = [p for p in props if p not in ratings or pd.isna(ratings[p])]
    if missing:
        raise CourseDataError(T("properties not rated: {names}", names=", ".join(missing)), source=source,
                              column=missing[0],
                              expected=T("a score of 0, 1 or 2 for each of the five properties"),
                              fix=T("rate every property (0 = no, 1 = partly, 2 = yes)"))
    bad = [p for p in props if ratings[p] not in (0, 1, 2) or isinstance(ratings[p], bool)]
    if bad:
        raise CourseDataError(T("score {value} is not on the scale", value=show(ratings[bad[0]])), source=source,
                              column=bad[0],
                              row=props.index(bad[0]) + 1, expected=T("0 (no), 1 (partly) or 2 (yes)"),
                              fix=T("use the three-point scale"))
    scores = pd.Series({p: int(ratings[p]) for p in props}, name="score")
    low = scores.min()
    total = int(scores.sum())
    return GuaranteeScore(scores, total, 2 * len(props), total / (2 * len(props)),
                          tuple(scores.index[scores == low]) if low < 2 else ())


@dataclass(frozen=True)
class GuaranteeEconomics:
    """What a guarantee costs and earns in one period (money in the unit of the inputs)."""

    failures: float
    claims: float
    payout_cost: float
    customers_retained: float
    retained_revenue: float
    new_customer_revenue: float
    net_benefit: float
    break_even_payout: float

    def as_series(self) -> pd.Series:
        return pd.Series(self.__dict__)


def guarantee_economics(customers: float, failure_rate: float, payout: float, customer_value: float, *,
                        invoke_rate: float = 0.5, defection_unhappy: float = 0.4,
                        defection_compensated: float = 0.1, false_claim_rate: float = 0.0,
                        new_customers: float = 0.0, admin_cost_per_claim: float = 0.0) -> GuaranteeEconomics:
    """Weigh a guarantee's payout cost against the revenue it keeps (a simple expected-value model).

    Per period: ``failures = customers · failure_rate``; ``claims = failures ·
    invoke_rate + (customers − failures) · false_claim_rate``; payout cost =
    claims · (payout + admin cost). Each genuine claim turns a customer who would
    defect with probability ``defection_unhappy`` into one who defects with
    ``defection_compensated``: customers retained = failures · invoke_rate ·
    (defection_unhappy − defection_compensated), worth ``customer_value`` each
    (future margin). ``new_customers`` attracted by the promise add their value.
    Hart (1988) adds a benefit this model leaves out: the guarantee forces the
    firm to find and fix failures, lowering ``failure_rate`` over time.

    Examples
    --------
    >>> e = guarantee_economics(10_000, failure_rate=0.05, payout=30, customer_value=400,
    ...                         invoke_rate=0.5, defection_unhappy=0.4, defection_compensated=0.1)
    >>> [round(v, 6) for v in (e.claims, e.payout_cost, e.customers_retained, e.retained_revenue, e.net_benefit)]
    [250.0, 7500.0, 75.0, 30000.0, 22500.0]
    >>> round(e.break_even_payout, 6)
    120.0
    """
    src = "guarantee_economics"
    customers = _positive("customers", customers, allow_zero=True, source=src)
    fail = _share("failure_rate", failure_rate, source=src)
    payout = _positive("payout", payout, allow_zero=True, source=src)
    value = _positive("customer_value", customer_value, allow_zero=True, source=src)
    inv = _share("invoke_rate", invoke_rate, source=src)
    d0 = _share("defection_unhappy", defection_unhappy, source=src)
    d1 = _share("defection_compensated", defection_compensated, source=src)
    fc = _share("false_claim_rate", false_claim_rate, source=src)
    new = _positive("new_customers", new_customers, allow_zero=True, source=src)
    admin = _positive("admin_cost_per_claim", admin_cost_per_claim, allow_zero=True, source=src)
    failures = customers * fail
    genuine = failures * inv
    claims = genuine + (customers - failures) * fc
    cost = claims * (payout + admin)
    retained = genuine * (d0 - d1)
    retained_revenue = retained * value
    new_rev = new * value
    net = retained_revenue + new_rev - cost
    # payout at which net benefit is zero (other inputs fixed)
    breakeven = (retained_revenue + new_rev) / claims - admin if claims > 0 else float("inf")
    return GuaranteeEconomics(float(failures), float(claims), float(cost), float(retained),
                              float(retained_revenue), float(new_rev), float(net), float(breakeven))
