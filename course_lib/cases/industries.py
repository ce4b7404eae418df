"""The three industry cases of seed 000 (餐饮 restaurant, 旅游 travel, 金融 bank) and the data behind each step.

:data:`CASES` maps each industry to the shipped datasets that feed each step of
the diagnosis, the service standards used for it, and honest notes where a
dataset is missing or comes from a different business of the same industry.
Every organisation here is illustrative and its data synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from ..errors import CourseDataError
from ..lang import T, check_lang, pick
from ..standards import Standard

__all__ = ["INDUSTRIES", "Case", "CASES", "get_case", "case_table"]

#: The industries of the cases, in display order.
INDUSTRIES: tuple[str, ...] = ("restaurant", "travel", "bank")

#: Data roles of a case, in the order of the diagnosis, with their display names.
_ROLES: dict[str, dict[str, str]] = {
    "journey": T("journey (02)"),
    "servqual": T("SERVQUAL survey (03)"),
    "blueprint": T("blueprint (04)"),
    "blueprint_after": T("redesigned blueprint (04)"),
    "service_log": T("service log (06)"),
    "nps": T("NPS answers (07)"),
    "nps_units": T("NPS by unit (07)"),
}


@dataclass(frozen=True)
class Case:
    """One industry case: which shipped dataset feeds each step, and what to say about it.

    Attributes
    ----------
    industry : str
        ``"restaurant"``, ``"travel"`` or ``"bank"``.
    name, organisation, excellence : dict
        Display name of the industry, the (illustrative) organisation(s) behind
        the data, and what excellent service means in this industry (paraphrasing
        seed 000), each as ``{"en": …, "zh": …}``.
    journey, servqual, blueprint, blueprint_after, service_log : str or None
        Dataset names (``None`` when the course ships no such dataset).
    unit : str
        Column of the service log that names the unit (store, office, branch).
    standards : tuple of Standard
        The promises checked on the service log.
    nps, nps_score, nps_filter : str
        NPS answers: dataset, score column, and the value of its ``industry`` column.
    nps_units : tuple (dataset, unit column) or None
        NPS answers by unit, if the course ships them.
    notes : dict
        Per data role, an honest remark ``{"en": …, "zh": …}`` (missing data, a
        different business of the same industry …).
    """

    industry: str
    name: Mapping[str, str]
    organisation: Mapping[str, str]
    excellence: Mapping[str, str]
    journey: str | None
    servqual: str | None
    blueprint: str | None
    blueprint_after: str | None
    service_log: str | None
    unit: str
    standards: tuple[Standard, ...]
    nps: str | None
    nps_score: str = "recommend"
    nps_filter: str | None = None
    nps_units: tuple[str, str] | None = None
    notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def title(self, lang: str | None = None) -> str:
        """The industry's display name."""
        lang = check_lang(lang)
        return pick(self.name, lang)

    def datasets(self) -> dict[str, str | None]:
        """Data role → dataset name (``None`` where the course has none)."""
        units = self.nps_units[0] if self.nps_units else None
        return {"journey": self.journey, "servqual": self.servqual, "blueprint": self.blueprint,
                "blueprint_after": self.blueprint_after, "service_log": self.service_log, "nps": self.nps,
                "nps_units": units}

    def note(self, role: str, lang: str | None = None) -> str:
        """The remark on one data role ("" if there is none).

        Examples
        --------
        >>> get_case("travel").note("nps_units")[:30]
        'No NPS by unit ships for trave'
        """
        lang = check_lang(lang)
        if role not in _ROLES:
            raise CourseDataError(T("unknown data role {role}", role=repr(role)), source="cases.Case.note",
                                  expected=T("one of {names}", names=", ".join(_ROLES)),
                                  fix=T("use a key of Case.datasets()"))
        return pick(self.notes[role], lang) if role in self.notes else ""

    def describe(self, lang: str | None = None) -> str:
        """A short paragraph: industry, organisation, what excellence means here, that the data are synthetic."""
        lang = check_lang(lang)
        if lang == "zh":
            return (f"{self.title(lang)}：{pick(self.organisation, lang)}。\n"
                    f"本行业的卓越服务：{pick(self.excellence, lang)}\n"
                    "所有数据均为合成的示意数据，不是任何真实企业的数据。")
        return (f"{self.title(lang)}: {pick(self.organisation, lang)}.\n"
                f"Excellent service here: {pick(self.excellence, lang)}\n"
                "All data are synthetic and illustrative, not any real firm's.")


CASES: dict[str, Case] = {
    "restaurant": Case(
        industry="restaurant",
        name=T("Restaurants"),
        organisation=T("an illustrative hot-pot chain, inspired by the course outlines' service-famous hot-pot case"),
        excellence=T("the whole meal is the product: a warm welcome, attentive table service, dishes "
                     "that look good and arrive on time, a pleasant room, and a menu and routine that "
                     "change when guests say what they miss."),
        journey="journey_hotpot", servqual="servqual_restaurant", blueprint="hotpot_visit", blueprint_after=None,
        service_log="restaurant_service_log", unit="store",
        standards=(
            Standard("serve_min", 20, 0.9, "min", "All dishes within 20 minutes", "20分钟内上齐菜"),
            Standard("resolve_min", 15, 0.8, "min", "Issue at the table resolved within 15 minutes",
                     "桌边问题15分钟内解决"),
        ),
        nps="loyalty_survey", nps_filter="restaurant", nps_units=("nps_hotpot", "store"),
        notes={
            "journey": T("600 synthetic visits of the hot-pot chain, rated touchpoint by touchpoint."),
            "servqual": T("480 synthetic restaurant customers answered the 22 SERVQUAL items."),
            "blueprint": T("A hot-pot visit, from the queue ticket to the farewell."),
            "service_log": T("Six stores, January–June 2025; only parties that raised an issue have a "
                             "resolution time, so the second promise rests on fewer events."),
            "blueprint_after": T("No redesigned hot-pot blueprint ships with the course: the fail points and "
                                 "design smells above are the redesign to-do list (lesson 04 shows a full "
                                 "before/after redesign on the bank case)."),
            "nps": T("NPS here comes from the 600 restaurant customers of the loyalty survey (lesson 01)."),
            "nps_units": T("The store-level NPS survey (stores S01–S08) and the service log (Store A–F) are "
                           "separate synthetic samples: compare patterns, do not join them store by store."),
        },
    ),
    "travel": Case(
        industry="travel",
        name=T("Travel"),
        organisation=T("three illustrative travel businesses: an airline (journey), a hotel (survey and "
                       "blueprint) and a travel agency (service log and NPS)"),
        excellence=T("personal service and care: trips fitted to the traveller, a guide or contact of "
                     "one's own, care after the trip, and fast answers at the critical moments "
                     "(getting ready to leave, a problem on the way)."),
        journey="journey_airtrip", servqual="servqual_hotel", blueprint="hotel_stay", blueprint_after=None,
        service_log="travel_service_log", unit="office",
        standards=(
            Standard("response_h", 1, 0.8, "h", "First response within 1 hour", "1小时内首次响应"),
            Standard("resolution_h", 48, 0.9, "h", "Request resolved within 48 hours", "48小时内解决请求"),
        ),
        nps="loyalty_survey", nps_filter="travel", nps_units=None,
        notes={
            "journey": T("The course has no journey of a single travel firm: this is an airline "
                         "passenger's trip, while the survey and blueprint come from a hotel and the "
                         "service log from a travel agency. Read each step as a separate travel business."),
            "servqual": T("Hotel guests' SERVQUAL survey (a different business from the airline journey)."),
            "blueprint": T("The textbook overnight hotel stay (the same hotel business as the survey, not "
                           "the airline)."),
            "blueprint_after": T("No redesigned hotel blueprint ships with the course: the fail points and design "
                                 "smells above are the redesign to-do list."),
            "service_log": T("Travel-agency requests; requests still open (no resolution time) are left out "
                             "of the resolution rate."),
            "nps": T("NPS here comes from the 600 travel-agency customers of the loyalty survey (lesson 01)."),
            "nps_units": T("No NPS by unit ships for travel: the loyalty survey does not say which office "
                           "served each customer, so NPS cannot be compared by office here."),
        },
    ),
    "bank": Case(
        industry="bank",
        name=T("Finance (retail bank)"),
        organisation=T("an illustrative retail bank, inspired by the course outline's retail-bank advisory case"),
        excellence=T("help that is quick when customers have a question or a problem, and advice that "
                     "is expert and fitted to each customer's situation."),
        journey="journey_bank", servqual="servqual_bank", blueprint="bank_account_before",
        blueprint_after="bank_account_after", service_log="bank_service_log", unit="branch",
        standards=(
            Standard("wait_min", 10, 0.85, "min", "Served within 10 minutes", "10分钟内办理"),
            Standard("resolution_h", 48, 0.8, "h", "Complaint resolved within 48 hours", "48小时内解决投诉"),
        ),
        nps="loyalty_survey", nps_filter="bank", nps_units=None,
        notes={
            "journey": T("450 synthetic branch visits of the retail bank, rated touchpoint by touchpoint."),
            "servqual": T("540 synthetic retail-bank customers answered the 22 SERVQUAL items."),
            "blueprint_after": T("The bank redesigned its account opening (online form, identity check at the "
                                 "counter): before and after, side by side."),
            "blueprint": T("The blueprint is one service of the branch, opening an account, not the whole "
                           "branch visit of the journey."),
            "service_log": T("Only visits with a complaint have a resolution time; the complaint promise is "
                             "measured on those few visits, so its intervals are wide."),
            "nps": T("NPS here comes from the 600 retail-bank customers of the loyalty survey (lesson 01)."),
            "nps_units": T("No NPS by branch ships for the bank: the loyalty survey does not record the "
                           "branch, so NPS cannot be compared by branch here."),
        },
    ),
}


def get_case(industry: str) -> Case:
    """The case of one industry.

    Examples
    --------
    >>> get_case("restaurant").standards[0].describe()
    '90% of events with serve_min <= 20 min (All dishes within 20 minutes)'
    """
    if not isinstance(industry, str) or industry.strip().lower() not in CASES:
        raise CourseDataError(T("there is no industry case called {industry}", industry=repr(industry)),
                              source="cases.get_case",
                              column="industry", expected=T("one of {names}", names=", ".join(INDUSTRIES)),
                              fix=T('set industry = "restaurant", "travel" or "bank" in the parameters cell'))
    return CASES[industry.strip().lower()]


def case_table(lang: str | None = None) -> pd.DataFrame:
    """Which dataset feeds each step of the diagnosis, per industry ("—" where none ships).

    Examples
    --------
    >>> case_table().loc["Travel", "redesigned blueprint (04)"]
    '—'
    """
    lang = check_lang(lang)
    rows = {}
    for key in INDUSTRIES:
        case = CASES[key]
        rows[case.title(lang)] = {pick(_ROLES[r], lang): (v if v else "—") for r, v in case.datasets().items()}
    out = pd.DataFrame(rows).T
    out.index.name = pick(T("industry"), lang)
    return out
