"""Personal data in a survey export: columns holding names, phone numbers, e-mail or postal addresses.

The report leaves these columns out unless ``--keep-personal``: a column counts as personal when its
header names a personal field (English or Chinese, messaging accounts such as WeChat included), when
at least one value in five holds an e-mail address or a phone number (a free-text column where some
respondents left their address is personal data too, and no survey answer looks like one), or when
at least half of its values, mostly different, look like people's names (Chinese names with a common
surname, ``王先生``, ``Li Lei``). A respondent column holding such values is replaced by numbers
(:func:`personal_values` tells).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"姓名": ["张三"], "Mobile": ["138 0013 8000"], "E5": [7], "P5": [6]})
>>> sorted(personal_columns(df))
['Mobile', '姓名']
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Sequence

import numpy as np
import pandas as pd

__all__ = ["personal_columns", "personal_values", "norm_header"]


def norm_header(h: Any) -> str:
    """A header folded for matching: lower case, separators and brackets as single spaces.

    Examples
    --------
    >>> norm_header("Respondent_ID (客户)")
    'respondent id 客户'
    """
    return re.sub(r"[\s_\-.:：()（）/]+", " ", str(h)).strip().lower()


# English keywords (matched as whole words, or glued: "firstname") and Chinese ones (matched anywhere).
_PERSONAL_EN = {
    "name": ("name", "names", "firstname", "lastname", "fullname", "surname", "forename", "given name",
             "family name", "first name", "last name", "full name", "contact name", "customer name",
             "your name", "username"),
    "phone": ("phone", "telephone", "tel", "mobile", "cell", "cellphone", "phonenumber", "mobilephone",
              "phone number", "mobile number", "contact number", "whatsapp", "wechat", "wechat id", "weixin",
              "qq", "qq number", "skype", "telegram", "line id", "kakaotalk", "viber"),
    "e-mail": ("email", "e-mail", "mail", "emailaddress", "email address", "e-mail address"),
    "address": ("address", "street", "postcode", "zip", "zipcode"),
    "id document": ("passport", "id card", "idcard", "ssn", "national id"),
}
_PERSONAL_ZH = {
    "name": ("姓名", "名字", "称呼", "联系人"),
    "phone": ("电话", "手机", "联系方式", "手机号", "微信", "QQ", "钉钉"),
    "e-mail": ("邮箱", "电子邮件", "邮件", "电邮"),
    "address": ("地址", "住址", "邮编"),
    "id document": ("身份证", "护照", "证件"),
}
_NOT_PERSONAL_EN = ("store name", "branch name", "shop name", "product name", "company name", "brand name",
                    "service name", "hotel name", "restaurant name")
#: An e-mail address anywhere in a text: alone, as ``Li Lei <lilei0@example.cn>``, or in a comment.
_EMAIL_IN_TEXT = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"'\[\]]+\.[A-Za-z]{2,}")
_CN_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")

#: Share of a column's values that makes it personal: e-mail addresses and phone numbers (one in five:
#: no survey answer looks like one, and a comment column where some respondents left their address
#: holds personal data), names (half, and mostly different values: a segment label repeats).
_CONTACT_SHARE = 0.2
_NAME_SHARE = 0.5

#: International calling codes → lengths of the national number (E.164), for phone numbers stored as
#: numbers (the + is lost): 4915112345678 is a German mobile, 14155552671 a US number.
_CALLING_CODES = {
    "1": (10,), "7": (10,), "20": (10,), "27": (9,), "30": (10,), "31": (9,), "32": (8, 9), "33": (9,),
    "34": (9,), "36": (8, 9), "39": (9, 10), "40": (9,), "41": (9,), "43": (10, 11), "44": (10,), "45": (8,),
    "46": (7, 8, 9), "47": (8,), "48": (9,), "49": (10, 11), "51": (9,), "52": (10,), "54": (10,),
    "55": (10, 11), "56": (9,), "57": (10,), "60": (9, 10), "61": (9,), "62": (9, 10, 11), "63": (10,),
    "64": (8, 9, 10), "65": (8,), "66": (9,), "81": (10,), "82": (9, 10), "84": (9, 10), "86": (11,),
    "90": (10,), "91": (10,), "92": (10,), "234": (10,), "351": (9,), "352": (9,), "353": (9,),
    "358": (9, 10), "852": (8,), "853": (8,), "855": (8, 9), "880": (10,), "886": (9,), "966": (9,),
    "971": (9,), "972": (9,),
}

#: Common Chinese surnames (about nine in ten people carry one), and compound ones.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆"
    "蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙", "长孙",
                      "宇文", "司徒", "端木", "申屠", "南宫")
_ZH_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_ZH_TITLED = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:先生|女士|小姐|太太|老师)$")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:['’\-][A-Za-z]+)?(?: (?:[A-Z]\.|[A-Z][a-z]+(?:['’\-][A-Za-z]+)?)){1,2}$")


def _personal_by_header(header: Any) -> str | None:
    text = str(header)
    for kind, words in _PERSONAL_ZH.items():
        if any(w.lower() in text.lower() for w in words):
            return kind
    norm = norm_header(text)
    if any(p in norm for p in _NOT_PERSONAL_EN):
        return None
    tokens = norm.split()
    glued = norm.replace(" ", "")
    for kind, words in _PERSONAL_EN.items():
        for w in words:
            if (" " in w and w in norm) or w in tokens or (len(w) > 5 and w == glued):
                return kind
    return None


def _international(digits: str) -> bool:
    """True for an E.164 number written without its + (country code, then a national number of the
    right length, not starting with 0), unless it reads as a date and time (202403011230)."""
    if not 11 <= len(digits) <= 15 or re.match(r"^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])", digits):
        return False
    for k in (1, 2, 3):
        lengths = _CALLING_CODES.get(digits[:k])
        if lengths and len(digits) - k in lengths and digits[k] != "0":
            return True
    return False


_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
_SEPARATORS = re.compile(r"[\s\-().]")


def _phone_number(x: float) -> bool:
    """A number stored as a number that is a phone number: a Chinese mobile, an international number."""
    if not (np.isfinite(x) and x == round(x) and 0 < abs(x) < 1e15):
        return False
    digits = str(int(abs(x)))
    return bool(_CN_MOBILE.match(digits)) or _international(digits)


def _phone_text(text: str) -> bool:
    compact = _SEPARATORS.sub("", text)
    n_digits = sum(c.isdigit() for c in compact)
    if _PHONE_CHARS.match(text) and text != compact and 8 <= n_digits <= 15 and not _DATE.match(text):
        return True  # written with separators: 138 0013 8000, (555) 123-4567
    if _CN_MOBILE.match(compact) or (text.startswith("+") and re.fullmatch(r"\+\d{8,15}", compact)):
        return True
    return bool(re.fullmatch(r"\d{11,15}", compact)) and _international(compact)


#: Words that start or end many capitalised labels ("Good Service", "In Store") and no name.
_NOT_NAMES = {"good", "great", "very", "bad", "poor", "nice", "fast", "slow", "in", "on", "at", "by", "the", "a",
              "an", "not", "no", "yes", "ok", "okay", "store", "shop", "online", "service", "food", "staff",
              "price", "room", "clean", "friendly", "excellent", "average", "fair", "new", "old", "first",
              "last", "other", "more", "less", "too", "so", "all", "none", "and", "or", "of", "for", "to",
              "with", "team", "group", "customer", "customers", "guest", "guests", "member", "members"}


def _name(text: str) -> bool:
    if _ZH_NAME.match(text):
        return text[0] in _SURNAMES or text[:2] in _COMPOUND_SURNAMES
    if _ZH_TITLED.match(text):
        return True
    return bool(_LATIN_NAME.match(text)) and not any(w.lower().strip(".") in _NOT_NAMES for w in text.split())


def personal_values(values: pd.Series) -> str | None:
    """``"e-mail"``, ``"phone"`` or ``"name"`` when ``values`` hold personal data, else None.

    E-mail addresses (alone, with a display name, or inside a text) and phone numbers count when at
    least one value in five holds one; names when at least half look like names and most are
    different (a segment label repeats, a customer's name rarely does). Each distinct value is
    looked at once (a column of 10,000 rows with ten labels costs ten checks).

    Examples
    --------
    >>> import pandas as pd
    >>> personal_values(pd.Series(["Li Lei <lilei0@example.cn>", "ok", "fine", "good", "slow"]))
    'e-mail'
    >>> personal_values(pd.Series([4915112345678, 14155552671, 447911123456]))
    'phone'
    >>> personal_values(pd.Series(["王芳", "李建国", "欧阳娜娜", "张先生"])), personal_values(pd.Series(["堂食", "外卖", "堂食"]))
    ('name', None)
    """
    kind = values.dtype.kind
    if kind == "b":
        return None
    if kind in "iuf":
        num = values.to_numpy(dtype="float64", na_value=np.nan)
        num = num[~np.isnan(num)]
        if not len(num):
            return None
        distinct, counts = np.unique(num, return_counts=True)
        hits = sum(int(c) for x, c in zip(distinct, counts) if _phone_number(float(x)))
        return "phone" if hits >= _CONTACT_SHARE * len(num) else None
    counts = Counter(str(v).strip() for v in values.to_numpy(dtype=object)
                     if v is not None and v is not pd.NA and not (isinstance(v, float) and v != v))
    counts.pop("", None)
    total = sum(counts.values())
    if not total:
        return None

    def share(test) -> float:
        return sum(n for text, n in counts.items() if test(text)) / total

    if share(lambda t: "@" in t and _EMAIL_IN_TEXT.search(t) is not None) >= _CONTACT_SHARE:
        return "e-mail"
    if share(_phone_text) >= _CONTACT_SHARE:
        return "phone"
    names = {text: n for text, n in counts.items() if _name(text)}
    n_names = sum(names.values())
    if n_names >= _NAME_SHARE * total and (n_names < 3 or len(names) >= 0.8 * n_names):  # names rarely repeat
        return "name"
    return None


_personal_by_values = personal_values  # its former name


def personal_columns(df: pd.DataFrame, *, protected: Sequence[str] = ()) -> dict[str, str]:
    """Columns that look personal → why (``"name"``, ``"phone"``, ``"e-mail"``, ``"address"`` …).

    A column counts as personal when its header names a personal field (English words such as
    *name*, *phone*, *e-mail*, *WeChat*; Chinese 姓名, 电话, 手机, 微信, 邮箱, 地址 …) or when its values
    are personal (:func:`personal_values`: one in five holding an e-mail address or a phone number,
    international numbers stored as numbers included; half of them names). Columns in
    ``protected`` (the survey's own columns) are never flagged.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"contact": ["a@b.com", "c@d.cn"], "Store name": ["A", "B"],
    ...                    "x": [13800138000, 13900139000], "E1": [7, 6]})
    >>> personal_columns(df)
    {'contact': 'e-mail', 'x': 'phone'}
    """
    found = {}
    for col in df.columns:
        if col in protected:
            continue
        why = _personal_by_header(col) or _personal_by_values(df[col])
        if why:
            found[col] = why
    return found
