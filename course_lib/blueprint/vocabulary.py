"""The words of a service blueprint: its five lanes, its three lines and the columns of a blueprint table.

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
"""

from __future__ import annotations

from ..lang import LANGS, T

__all__ = ["LANES", "LANE_NAMES", "LINES", "COLUMNS", "lane_table"]

#: Lane keys, top to bottom (the standard order).
LANES: tuple[str, ...] = ("evidence", "customer", "onstage", "backstage", "support")

LANE_NAMES: dict[str, T] = {
    "evidence": T("Physical evidence"),
    "customer": T("Customer actions"),
    "onstage": T("Onstage contact employee actions"),
    "backstage": T("Backstage contact employee actions"),
    "support": T("Support processes"),
}

#: The three lines: key → (index of the lane just above it, names).
LINES: dict[str, tuple[int, T]] = {
    "interaction": (1, T("Line of interaction")),
    "visibility": (2, T("Line of visibility")),
    "internal": (3, T("Line of internal interaction")),
}



def lane_table():
    """The five lanes, top to bottom, with their name in each of the course's languages.

    Examples
    --------
    >>> lane_table().loc["support", "zh"]
    '支持过程'
    """
    import pandas as pd

    return pd.DataFrame({lang: [LANE_NAMES[k].render(lang) for k in LANES] for lang in LANGS},
                        index=pd.Index(LANES, name="key"))


#: Table columns, in the order :meth:`Blueprint.to_frame` writes them.
COLUMNS: tuple[str, ...] = ("id", "lane", "col", "label", "label_zh", "duration", "fail", "wait",
                            "recovery", "next", "notes")
_REQUIRED = ("id", "lane", "col", "label")

#: Other spellings of the lane keys (English and Chinese) accepted in tables and YAML files.
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
