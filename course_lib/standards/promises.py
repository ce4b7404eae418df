"""Publicising a promise (承诺宣传): is it worded so that customers can rely on it, and can operations keep it?

What a firm tells its customers (advertising, a table card, a website, what staff say) is one of the
sources of what they expect; the distance between what is delivered and what was communicated is
gap 4 of the gaps model (Parasuraman, Zeithaml & Berry 1985). A published promise that operations do
not keep widens the customer gap it was meant to close. :func:`check_promise` judges a promise text
against six criteria (:func:`promise_criteria`), four of them from Hart's (1988) properties of a good
guarantee:

* ``specific``: a number and a time unit ("within 20 minutes", "一个工作日内"), not "fast";
* ``unconditional``: no asterisk, exceptions or "subject to" (Hart: unconditional);
* ``meaningful``: an outcome the customer notices, without empty superlatives (Hart: meaningful);
* ``deliverable``: the promise-kept rate in the firm's own data is at least ``reliable`` (gap 4);
* ``easy_to_invoke``: the customer just says so, or the remedy is automatic (Hart: easy to invoke);
* ``remedy``: what the customer gets when it is broken, paid on the spot (Hart: easy to collect).

**A teaching aid, not a judge.** The checker is deterministic and rule-based: it looks for numbers,
units and marker words in English and Chinese. It recognises only time promises (seconds to weeks);
it cannot tell whether the number is the one customers care about; a negation ("no receipt needed")
or an unusual wording can fool it; and the 95% default of ``reliable`` is this course's choice, not a
published rule. Use it to start a discussion of a draft, then have the front line (who keep the
promise) and a lawyer (who knows what may be published) read it.

Examples
--------
>>> table = check_promise("All dishes within 20 minutes of ordering, or the late dishes are free: "
...                       "just tell any server.", kept_rate=0.71, lang="en")
>>> table.set_index("criterion")["met"].to_dict()
{'specific': True, 'unconditional': True, 'meaningful': True, 'deliverable': False, 'easy_to_invoke': True, 'remedy': True}
>>> promise_threshold("点餐后30分钟内上齐")
(30.0, 'min')
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from ..errors import CourseDataError, show
from ..lang import T, check_lang
from ._args import _share
from .compliance import compliance
from .standard import Standard

__all__ = [
    "PROMISE_CRITERIA",
    "EXAMPLE_PROMISES",
    "promise_criteria",
    "promise_threshold",
    "check_promise",
    "kept_rates",
]

#: The six criteria of a published promise: key → (name, question), in the order of the checker's table.
PROMISE_CRITERIA = {
    "specific": (T("Specific and measurable", context="promise criterion"),
                 T("Does it name a number and a unit (minutes, hours, days), not 'fast' or 'prompt'?")),
    "unconditional": (T("Unconditional", context="promise criterion"),
                      T("Is it free of asterisks, exceptions and 'subject to' fine print?")),
    "meaningful": (T("Meaningful to the customer", context="promise criterion"),
                   T("Does it promise an outcome the customer notices, without empty superlatives?")),
    "deliverable": (T("Within what operations deliver", context="promise criterion"),
                    T("Do the firm's own data show it kept for nearly every customer (promise-kept rate)?")),
    "easy_to_invoke": (T("Easy to invoke", context="promise criterion"),
                       T("Can the customer claim it by just saying so, or is the remedy automatic?")),
    "remedy": (T("States the remedy", context="promise criterion"),
               T("Does it say what the customer gets when it is broken, paid at once and in kind or money?")),
}

#: Illustrative promise texts of fictional firms (invented for teaching; not any real firm's wording).
#: The two hot-pot texts use the promise of the synthetic ``restaurant_service_log``.
EXAMPLE_PROMISES = pd.DataFrame(
    [
        ("bank", "zh", "我行承诺为您提供极致、贴心的一流服务，客户满意是我们的最高追求！*具体服务以各网点公告为准。",
         None, None),
        ("travel", "en", "Satisfaction guaranteed*. *Claims must be made in writing within 7 days with the original "
                         "receipt and are subject to manager approval; refunds are issued as travel vouchers.",
         None, None),
        ("hotpot_20", "en", "All your dishes on the table within 20 minutes of ordering, or the late dishes are free: "
                            "just tell any server.", "serve_min", 20.0),
        ("hotpot_30", "zh", "点餐后30分钟内菜品上齐，超时未上的菜品免单，告诉任意一位服务员即可。", "serve_min", 30.0),
    ],
    columns=["promise", "language", "text", "metric", "threshold"],
)

_NUMBER = r"(\d+(?:\.\d+)?)"
_EN_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
             "forty": 40, "forty-five": 45, "sixty": 60, "half an": 0.5}
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# unit words → (canonical unit, minutes per unit)
_EN_UNITS = [(r"working days?|business days?|days?", "day"), (r"hours?|hrs?|h", "h"),
             (r"minutes?|mins?", "min"), (r"seconds?|secs?", "s"), (r"weeks?", "week")]
_ZH_UNITS = [(r"个?工作日|天|日", "day"), (r"个?小时|个?钟头", "h"), (r"分钟", "min"), (r"秒钟?", "s"),
             (r"周|个?星期", "week")]
_MINUTES = {"s": 1 / 60, "min": 1.0, "h": 60.0, "day": 1440.0, "week": 10080.0}

# marker words (lower case); each list: (pattern, shown as)
_VAGUE = r"\b(?:fast|quick(?:ly)?|prompt(?:ly)?|speedy|as soon as possible|asap|in no time|timely)\b|尽快|快速|及时|第一时间|马上|迅速"
_FINE_PRINT = (r"\*|subject to|terms and conditions|conditions apply|t&cs?\b|at (?:our|the) discretion|approval|"
               r"\bexcept\b|excluding|where possible|if possible|\bnormally\b|\busually\b|in most cases|provided that|"
               r"\bonly if\b|\bmust\b|为准|条款|最终解释权|视情况|原则上|一般情况下|除外|尽量|尽可能|经[^，。,；;]{0,8}(?:审批|批准|同意)|"
               r"(?<![无不])[须需](?!要时)")
_PUFFERY = (r"\b(?:best|world[- ]class|excellent|premium|unbeatable|first[- ]class|perfect|ultimate|exceptional|"
            r"unforgettable|amazing|outstanding|superior|second to none)\b|一流|最好|最优|极致|顶级|卓越|完美|无与伦比|"
            r"最佳|五星|至上|最高")
_OUTCOME = (r"\b(?:serve[ds]?|dish(?:es)?|food|meals?|seated|tables?|repl(?:y|ies|ied)|answer(?:ed|s)?|respon(?:d|se)|"
            r"call(?:ed)? back|deliver(?:ed|y)?|arriv(?:e|es|al)|results?|ready|fixed|repaired|refund(?:ed)?|"
            r"processed|approved|picked up|parcels?|on time)\b|上齐|上菜|入座|回复|答复|回电|接通|接听|送达|到达|"
            r"出结果|办结|办妥|办理|放款|退款|修好|到账|处理完|完成")
_HARD_TO_INVOKE = (r"in writing|\bwritten\b|receipts?|\bforms?\b|proof|approval|\bapply\b|application|"
                   r"registered|original|书面|收据|发票|申请|表格|审批|证明|提交|凭")
_EASY_TO_INVOKE = (r"just (?:tell|ask|say|let)|tell (?:any|your|a|us)|ask any|automatic(?:ally)?|no questions|"
                   r"on the spot|simply (?:tell|ask|say)|告诉|自动|当场|直接|无需|不用")
_REMEDY = (r"\bfree\b|refund|money back|\bwe pay|\bpaid\b|\bpays?\b|credit(?:ed)?|discount|on us|no charge|waive|"
           r"compensat|half price|voucher|coupon|免单|免费|退款|退还|赔|支付|返还|补偿|折|不收|代金券|优惠券|积分|减免")
_VOUCHER = r"voucher|coupon|store credit|代金券|优惠券|积分"


def _found(pattern: str, text: str) -> list[str]:
    seen: list[str] = []
    for m in re.finditer(pattern, text, flags=re.IGNORECASE):
        word = m.group(0).strip()
        if word and word not in seen:
            seen.append(word)
    return seen


def _quote(words: Iterable[str]) -> str:
    return ", ".join(f"'{w}'" for w in list(words)[:3])


def _zh_number(text: str) -> float | None:
    """1–99 written in Chinese numerals (十五, 二十, 两), or None."""
    if not text or any(ch not in _ZH_DIGITS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)
        return float(value)
    return float(_ZH_DIGITS[text]) if len(text) == 1 else None


def _headline(text: str) -> str:
    """The promise without its footnote: what follows the first asterisk is fine print, not the promise."""
    return text.split("*", 1)[0]


def promise_threshold(text: str) -> tuple[float, str] | None:
    """The first time limit a promise names, as ``(value, unit)`` with unit ``"s"``, ``"min"``, ``"h"``,
    ``"day"`` or ``"week"``; ``None`` when it names none. Fine print after an asterisk is ignored.

    Examples
    --------
    >>> promise_threshold("We reply within one working day."), promise_threshold("半小时内回电")
    ((1.0, 'day'), (0.5, 'h'))
    >>> promise_threshold("Fast service!") is None
    True
    """
    if not isinstance(text, str):
        raise CourseDataError(f"a promise is a text, not {show(text)}", source="promise_threshold",
                              expected="a string such as 'All dishes within 20 minutes'", fix="put the promise in quotes")
    head = _headline(text)
    found = []
    en_units = "|".join(p for p, _ in _EN_UNITS)
    words = "|".join(sorted(map(re.escape, _EN_WORDS), key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w.]){_NUMBER}\s*-?\s*({en_units})\b", head, flags=re.IGNORECASE):
        found.append((m.start(), float(m.group(1)), m.group(2)))
    for m in re.finditer(rf"\b({words})\s+({en_units})\b", head, flags=re.IGNORECASE):
        found.append((m.start(), float(_EN_WORDS[m.group(1).lower()]), m.group(2)))
    zh_units = "|".join(p for p, _ in _ZH_UNITS)
    for m in re.finditer(rf"(\d+(?:\.\d+)?|[零一二两三四五六七八九十]+)\s*(?:个)?(半)?\s*({zh_units})", head):
        value = float(m.group(1)) if m.group(1)[0].isdigit() else _zh_number(m.group(1))
        if value is not None:
            found.append((m.start(), value + (0.5 if m.group(2) else 0.0), m.group(3)))
    for m in re.finditer(rf"半\s*(?:个)?\s*({zh_units})", head):
        found.append((m.start(), 0.5, m.group(1)))
    if not found:
        return None
    _, value, unit_word = min(found, key=lambda f: f[0])
    for pattern, unit in _EN_UNITS + _ZH_UNITS:
        if re.fullmatch(pattern, unit_word, flags=re.IGNORECASE):
            return float(value), unit
    return None  # pragma: no cover - every unit word matched one pattern above


def promise_criteria(lang: str | None = None) -> pd.DataFrame:
    """The six criteria of a published promise, with the question to ask of each.

    Examples
    --------
    >>> promise_criteria("en")["criterion"].tolist()
    ['specific', 'unconditional', 'meaningful', 'deliverable', 'easy_to_invoke', 'remedy']
    """
    lang = check_lang(lang)
    return pd.DataFrame({"criterion": list(PROMISE_CRITERIA),
                         "name": [name.render(lang) for name, _ in PROMISE_CRITERIA.values()],
                         "question": [question.render(lang) for _, question in PROMISE_CRITERIA.values()]})


def check_promise(text: str, *, kept_rate: float | None = None, reliable: float = 0.95,
                  lang: str | None = None) -> pd.DataFrame:
    """Judge a promise text against the six criteria of :data:`PROMISE_CRITERIA` (rule-based).

    ``kept_rate`` is the share of customers for whom the firm's own data show the promise kept (for a
    time promise: the promise-kept rate at the threshold the text names, e.g. from
    :func:`kept_rates`); ``deliverable`` is met when it is at least ``reliable``, and not judged
    (``met`` is ``<NA>``) without it. Returns one row per criterion: ``criterion``, ``name``, ``met``
    (True, False or ``<NA>``), ``verdict`` and ``reason``, in ``lang``.

    Examples
    --------
    >>> t = check_promise("Fast, friendly service: the best hot pot in town!", lang="en")
    >>> t.set_index("criterion")["met"].tolist()
    [False, True, False, <NA>, False, False]
    >>> print(t.set_index("criterion").loc["meaningful", "reason"])
    empty superlatives ('best') raise expectations without saying what the customer gets.
    """
    src = "check_promise"
    if not isinstance(text, str) or not text.strip():
        raise CourseDataError(f"a promise is a non-empty text, not {show(text)}", source=src,
                              expected="a string such as 'All dishes within 20 minutes, or they are free'",
                              fix="put the promise in quotes")
    if kept_rate is not None:
        kept_rate = _share("kept_rate", kept_rate, source=src)
    reliable = _share("reliable", reliable, source=src, closed_low=False)
    lang = check_lang(lang)
    head = _headline(text)
    rows: dict[str, tuple[bool | None, T]] = {}

    threshold = promise_threshold(text)
    if threshold is not None:
        rows["specific"] = (True, T("names a time limit: {value:g} {unit}.", value=threshold[0],
                                    unit=_UNIT_NAMES[threshold[1]]))
    elif _found(_VAGUE, head):
        rows["specific"] = (False, T("{words} cannot be checked: give a number and a unit.",
                                     words=_quote(_found(_VAGUE, head))))
    else:
        rows["specific"] = (False, T("no number with a time unit: customers and staff cannot tell whether it "
                                     "was kept."))

    fine = _found(_FINE_PRINT, text)
    rows["unconditional"] = ((False, T("fine print or conditions: {words}.", words=_quote(fine))) if fine else
                             (True, T("no asterisk, exception or 'subject to' found.")))

    puffery, outcome = _found(_PUFFERY, text), _found(_OUTCOME, head)
    if puffery:
        rows["meaningful"] = (False, T("empty superlatives ({words}) raise expectations without saying what the "
                                       "customer gets.", words=_quote(puffery)))
    elif outcome:
        rows["meaningful"] = (True, T("promises an outcome the customer notices ({words}).", words=_quote(outcome)))
    else:
        rows["meaningful"] = (False, T("does not name an outcome the customer notices (served, reply, delivered…)."))

    if kept_rate is None:
        rows["deliverable"] = (None, T("not judged: pass the promise-kept rate from your data (kept_rate=…)."))
    elif kept_rate >= reliable:
        rows["deliverable"] = (True, T("kept for {rate:.1%} of customers in the data (at least {reliable:.0%}).",
                                       rate=kept_rate, reliable=reliable))
    else:
        one_in = (1 / (1 - kept_rate)) if kept_rate < 1 else float("inf")
        rows["deliverable"] = (False, T("kept for only {rate:.1%} of customers: about 1 in {one_in:.0f} would see "
                                        "it broken (aim for at least {reliable:.0%}).",
                                        rate=kept_rate, one_in=one_in, reliable=reliable))

    hard, easy = _found(_HARD_TO_INVOKE, text), _found(_EASY_TO_INVOKE, text)
    if hard:
        rows["easy_to_invoke"] = (False, T("claiming takes effort: {words}.", words=_quote(hard)))
    elif easy:
        rows["easy_to_invoke"] = (True, T("the customer just asks, or it is automatic ({words}).", words=_quote(easy)))
    else:
        rows["easy_to_invoke"] = (False, T("does not say how a customer claims it."))

    remedy, voucher = _found(_REMEDY, text), _found(_VOUCHER, text)
    if voucher:
        rows["remedy"] = (False, T("the remedy is a voucher ({words}): it pays only if the customer comes back; "
                                   "pay at once, in kind or money.", words=_quote(voucher)))
    elif remedy:
        rows["remedy"] = (True, T("states what the customer gets ({words}).", words=_quote(remedy)))
    else:
        rows["remedy"] = (False, T("says nothing about what the customer gets when the promise is broken."))

    met = pd.array([rows[k][0] for k in PROMISE_CRITERIA], dtype="boolean")
    verdicts = {True: T("met", context="promise criterion"), False: T("not met", context="promise criterion"),
                None: T("not judged", context="promise criterion")}
    return pd.DataFrame({
        "criterion": list(PROMISE_CRITERIA),
        "name": [name.render(lang) for name, _ in PROMISE_CRITERIA.values()],
        "met": met,
        "verdict": [verdicts[rows[k][0]].render(lang) for k in PROMISE_CRITERIA],
        "reason": [rows[k][1].render(lang) for k in PROMISE_CRITERIA],
    })


_UNIT_NAMES = {"s": T("s", context="time unit"), "min": T("min", context="time unit"), "h": T("h", context="time unit"),
               "day": T("day(s)", context="time unit"), "week": T("week(s)", context="time unit")}


def kept_rates(events: pd.DataFrame, metric: str, thresholds: Iterable[float], *, by: str | None = None) -> pd.DataFrame:
    """The promise-kept rate of a time promise at several thresholds: one column per threshold, one row
    per unit of ``by`` (or one row, ``all``).

    What a manager reads before publishing a number: the threshold every unit keeps for nearly every
    customer (the column's lowest rate, ``.min()``). Rates are shares (0–1) of events with ``metric`` at
    most the threshold.

    Examples
    --------
    >>> events = pd.DataFrame({"store": ["A", "A", "B", "B"], "serve_min": [12, 24, 18, 31]})
    >>> kept_rates(events, "serve_min", [20, 30], by="store")
    threshold   20   30
    store
    A          0.5  1.0
    B          0.5  0.5
    >>> kept_rates(events, "serve_min", [20, 30], by="store").min().tolist()
    [0.5, 0.5]
    """
    values = [float(t) for t in thresholds]
    if not values:
        raise CourseDataError("no thresholds given", source="kept_rates", expected="a list such as [20, 25, 30]",
                              fix="pass the thresholds you consider promising")
    columns = {}
    for t in values:
        std = Standard(metric, t, 0.9)
        table = compliance(events, std, by=by)
        rates = table.set_index(by)["rate"] if by else pd.Series([table["rate"].iloc[0]], index=["all"])
        columns[t if not float(t).is_integer() else int(t)] = rates
    out = pd.DataFrame(columns)
    out.columns.name = "threshold"
    out.index.name = by
    return out.astype(float)
