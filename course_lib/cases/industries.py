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
from ..lang import check_lang, pick
from ..standards import Standard

__all__ = ["INDUSTRIES", "Case", "CASES", "get_case", "case_table"]

#: The industries of the cases, in display order.
INDUSTRIES: tuple[str, ...] = ("restaurant", "travel", "bank")

#: Data roles of a case, in the order of the diagnosis, with their display names.
_ROLES: dict[str, dict[str, str]] = {
    "journey": {"en": "journey (02)", "zh": "顾客旅程（02）"},
    "servqual": {"en": "SERVQUAL survey (03)", "zh": "SERVQUAL 问卷（03）"},
    "blueprint": {"en": "blueprint (04)", "zh": "服务蓝图（04）"},
    "blueprint_after": {"en": "redesigned blueprint (04)", "zh": "再设计蓝图（04）"},
    "service_log": {"en": "service log (06)", "zh": "服务记录（06）"},
    "nps": {"en": "NPS answers (07)", "zh": "NPS 答卷（07）"},
    "nps_units": {"en": "NPS by unit (07)", "zh": "分单位 NPS（07）"},
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
            raise CourseDataError(f"unknown data role {role!r}", source="cases.Case.note",
                                  expected="one of " + ", ".join(_ROLES), fix="use a key of Case.datasets()")
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
        name={"en": "Restaurants", "zh": "餐饮"},
        organisation={"en": "an illustrative hot-pot chain, inspired by the seeds' service-famous hot-pot case",
                      "zh": "一家示意性的火锅连锁，灵感来自原课程中以服务著称的火锅案例"},
        excellence={"en": "the whole meal is the product: a warm welcome, attentive table service, dishes that "
                          "look good and arrive on time, a pleasant room, and a menu and routine that change "
                          "when guests say what they miss.",
                    "zh": "整顿饭就是产品：热情的迎接、周到的席间服务、卖相好且准时上桌的菜品、舒适的环境，"
                          "并根据顾客的意见不断调整菜单和服务流程。"},
        journey="journey_hotpot", servqual="servqual_restaurant", blueprint="hotpot_visit", blueprint_after=None,
        service_log="restaurant_service_log", unit="store",
        standards=(
            Standard("serve_min", 20, 0.9, "min", "All dishes within 20 minutes", "20分钟内上齐菜"),
            Standard("resolve_min", 15, 0.8, "min", "Issue at the table resolved within 15 minutes",
                     "桌边问题15分钟内解决"),
        ),
        nps="loyalty_survey", nps_filter="restaurant", nps_units=("nps_hotpot", "store"),
        notes={
            "journey": {"en": "600 synthetic visits of the hot-pot chain, rated touchpoint by touchpoint.",
                        "zh": "火锅连锁的 600 次合成到店记录，逐个触点评分。"},
            "servqual": {"en": "480 synthetic restaurant customers answered the 22 SERVQUAL items.",
                         "zh": "480 名合成的餐饮顾客回答了 22 个 SERVQUAL 题项。"},
            "blueprint": {"en": "A hot-pot visit, from the queue ticket to the farewell.",
                          "zh": "一次火锅用餐，从取号到送别。"},
            "service_log": {"en": "Six stores, January–June 2025; only parties that raised an issue have a "
                                  "resolution time, so the second promise rests on fewer events.",
                            "zh": "六家门店，2025 年 1–6 月；只有提出问题的顾客才有解决时长，因此第二项承诺的样本较少。"},
            "blueprint_after": {"en": "No redesigned hot-pot blueprint ships with the course: the fail points and "
                                      "design smells above are the redesign to-do list (lesson 04 shows a full "
                                      "before/after redesign on the bank case).",
                                "zh": "课程没有提供火锅店的再设计蓝图：上面的失误点和设计问题就是再设计的待办清单"
                                      "（第 04 课在银行案例上演示了完整的前后对比）。"},
            "nps": {"en": "NPS here comes from the 600 restaurant customers of the loyalty survey (lesson 01).",
                    "zh": "此处的 NPS 来自忠诚度调查中的 600 名餐饮顾客（第 01 课）。"},
            "nps_units": {"en": "The store-level NPS survey (stores S01–S08) and the service log (Store A–F) are "
                                "separate synthetic samples: compare patterns, do not join them store by store.",
                          "zh": "门店 NPS 调查（S01–S08）与服务记录（A–F 店）是彼此独立的合成样本："
                                "可以比较规律，但不要逐店合并。"},
        },
    ),
    "travel": Case(
        industry="travel",
        name={"en": "Travel", "zh": "旅游"},
        organisation={"en": "three illustrative travel businesses: an airline (journey), a hotel (survey and "
                            "blueprint) and a travel agency (service log and NPS)",
                      "zh": "三家示意性的旅游企业：航空公司（顾客旅程）、酒店（问卷与蓝图）和旅行社（服务记录与 NPS）"},
        excellence={"en": "personal service and care: trips fitted to the traveller, a guide or contact of one's "
                          "own, care after the trip, and fast answers at the critical moments (getting ready to "
                          "leave, a problem on the way).",
                    "zh": "个性化服务与关怀：量身定制的行程、专属的导游或联系人、行程结束后的关怀，"
                          "以及在关键时刻（出发前的准备、途中遇到问题）迅速响应。"},
        journey="journey_airtrip", servqual="servqual_hotel", blueprint="hotel_stay", blueprint_after=None,
        service_log="travel_service_log", unit="office",
        standards=(
            Standard("response_h", 1, 0.8, "h", "First response within 1 hour", "1小时内首次响应"),
            Standard("resolution_h", 48, 0.9, "h", "Request resolved within 48 hours", "48小时内解决请求"),
        ),
        nps="loyalty_survey", nps_filter="travel", nps_units=None,
        notes={
            "journey": {"en": "The course has no journey of a single travel firm: this is an airline passenger's "
                              "trip, while the survey and blueprint come from a hotel and the service log from a "
                              "travel agency. Read each step as a separate travel business.",
                        "zh": "课程没有同一家旅游企业的完整旅程数据：这里是航空旅客的旅程，问卷和蓝图来自酒店，"
                              "服务记录来自旅行社。请把每一步看作不同的旅游企业。"},
            "servqual": {"en": "Hotel guests' SERVQUAL survey (a different business from the airline journey).",
                         "zh": "酒店客人的 SERVQUAL 问卷（与航空旅程不是同一家企业）。"},
            "blueprint": {"en": "The textbook overnight hotel stay (the same hotel business as the survey, not the "
                                "airline).",
                          "zh": "教科书式的酒店住宿蓝图（与问卷同属酒店业务，而非航空公司）。"},
            "blueprint_after": {"en": "No redesigned hotel blueprint ships with the course: the fail points and "
                                      "design smells above are the redesign to-do list.",
                                "zh": "课程没有提供酒店的再设计蓝图：上面的失误点和设计问题就是再设计的待办清单。"},
            "service_log": {"en": "Travel-agency requests; requests still open (no resolution time) are left out of "
                                  "the resolution rate.",
                            "zh": "旅行社的客户请求；尚未解决的请求（没有解决时长）不计入解决率。"},
            "nps": {"en": "NPS here comes from the 600 travel-agency customers of the loyalty survey (lesson 01).",
                    "zh": "此处的 NPS 来自忠诚度调查中的 600 名旅行社顾客（第 01 课）。"},
            "nps_units": {"en": "No NPS by unit ships for travel: the loyalty survey does not say which office "
                                "served each customer, so NPS cannot be compared by office here.",
                          "zh": "课程没有提供旅游业的分单位 NPS：忠诚度调查没有记录顾客由哪个门店服务，"
                                "因此这里无法按门店比较 NPS。"},
        },
    ),
    "bank": Case(
        industry="bank",
        name={"en": "Finance (retail bank)", "zh": "金融（零售银行）"},
        organisation={"en": "an illustrative retail bank, inspired by the seed's retail-bank advisory case",
                      "zh": "一家示意性的零售银行，灵感来自原课程中的零售银行咨询服务案例"},
        excellence={"en": "help that is quick when customers have a question or a problem, and advice that is "
                          "expert and fitted to each customer's situation.",
                    "zh": "顾客有疑问或遇到问题时能及时得到帮助，并获得专业、贴合个人情况的理财建议与产品。"},
        journey="journey_bank", servqual="servqual_bank", blueprint="bank_account_before",
        blueprint_after="bank_account_after", service_log="bank_service_log", unit="branch",
        standards=(
            Standard("wait_min", 10, 0.85, "min", "Served within 10 minutes", "10分钟内办理"),
            Standard("resolution_h", 48, 0.8, "h", "Complaint resolved within 48 hours", "48小时内解决投诉"),
        ),
        nps="loyalty_survey", nps_filter="bank", nps_units=None,
        notes={
            "journey": {"en": "450 synthetic branch visits of the retail bank, rated touchpoint by touchpoint.",
                        "zh": "零售银行的 450 次合成网点到访记录，逐个触点评分。"},
            "servqual": {"en": "540 synthetic retail-bank customers answered the 22 SERVQUAL items.",
                         "zh": "540 名合成的零售银行顾客回答了 22 个 SERVQUAL 题项。"},
            "blueprint_after": {"en": "The bank redesigned its account opening (online form, identity check at the "
                                      "counter): before and after, side by side.",
                                "zh": "银行重新设计了开户流程（网上填表、柜台当场核验身份）：改前改后对比如下。"},
            "blueprint": {"en": "The blueprint is one service of the branch, opening an account, not the whole "
                                "branch visit of the journey.",
                          "zh": "蓝图只描绘网点的一项服务（开户），而不是旅程中的整个网点到访。"},
            "service_log": {"en": "Only visits with a complaint have a resolution time; the complaint promise is "
                                  "measured on those few visits, so its intervals are wide.",
                            "zh": "只有投诉的到访才有解决时长；投诉承诺只在这少数到访上衡量，因此区间较宽。"},
            "nps": {"en": "NPS here comes from the 600 retail-bank customers of the loyalty survey (lesson 01).",
                    "zh": "此处的 NPS 来自忠诚度调查中的 600 名零售银行顾客（第 01 课）。"},
            "nps_units": {"en": "No NPS by branch ships for the bank: the loyalty survey does not record the "
                                "branch, so NPS cannot be compared by branch here.",
                          "zh": "课程没有提供分网点的银行 NPS：忠诚度调查没有记录网点，因此这里无法按网点比较 NPS。"},
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
        raise CourseDataError(f"there is no industry case called {industry!r}", source="cases.get_case",
                              column="industry", expected="one of " + ", ".join(INDUSTRIES),
                              fix='set industry = "restaurant", "travel" or "bank" in the parameters cell')
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
    out.index.name = pick({"en": "industry", "zh": "行业"}, lang)
    return out
