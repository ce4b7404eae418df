"""Personal data in a survey export: columns holding names, phone numbers, e-mail or postal addresses.

The report leaves these columns out unless ``--keep-personal``: a column counts as personal when its
header names a personal field (English or Chinese) or when at least half of its values look like
e-mail addresses or phone numbers.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"姓名": ["张三"], "Mobile": ["138 0013 8000"], "E5": [7], "P5": [6]})
>>> sorted(personal_columns(df))
['Mobile', '姓名']
"""

from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np
import pandas as pd

__all__ = ["personal_columns", "norm_header"]


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
              "phone number", "mobile number", "contact number", "whatsapp"),
    "e-mail": ("email", "e-mail", "mail", "emailaddress", "email address", "e-mail address"),
    "address": ("address", "street", "postcode", "zip", "zipcode"),
    "id document": ("passport", "id card", "idcard", "ssn", "national id"),
}
_PERSONAL_ZH = {
    "name": ("姓名", "名字", "称呼", "联系人"),
    "phone": ("电话", "手机", "联系方式", "手机号", "微信", "QQ"),
    "e-mail": ("邮箱", "电子邮件", "邮件", "电邮"),
    "address": ("地址", "住址", "邮编"),
    "id document": ("身份证", "护照", "证件"),
}
_NOT_PERSONAL_EN = ("store name", "branch name", "shop name", "product name", "company name", "brand name",
                    "service name", "hotel name", "restaurant name")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}$")
_CN_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")


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


def _personal_by_values(values: pd.Series) -> str | None:
    """'e-mail' or 'phone' when at least half of the non-empty values look like one."""
    s = values.dropna()
    if s.empty:
        return None
    if s.dtype.kind in "iuf":
        num = s.to_numpy(dtype="float64")
        whole = num == np.round(num)
        digits = pd.Series(np.where(whole, num, 0).astype("int64")).astype(str)
        hits = whole & digits.str.match(_CN_MOBILE).to_numpy()
        return "phone" if hits.mean() >= 0.5 else None
    text = s.astype("string").str.strip()
    if text.str.match(_EMAIL).mean() >= 0.5:
        return "e-mail"
    compact = text.str.replace(r"[\s\-().]", "", regex=True)
    n_digits = compact.str.count(r"\d")
    dates = text.str.match(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
    separated = text.str.match(_PHONE_CHARS) & (text != compact) & n_digits.between(8, 15) & ~dates
    mobile = compact.str.match(_CN_MOBILE)
    plus = text.str.startswith("+") & compact.str.match(r"^\+\d{8,15}$")
    if (separated | mobile | plus).fillna(False).mean() >= 0.5:
        return "phone"
    return None


def personal_columns(df: pd.DataFrame, *, protected: Sequence[str] = ()) -> dict[str, str]:
    """Columns that look personal → why (``"name"``, ``"phone"``, ``"e-mail"``, ``"address"`` …).

    A column counts as personal when its header names a personal field (English words such as
    *name*, *phone*, *e-mail*; Chinese 姓名, 电话, 手机, 邮箱, 地址 …) or when at least half of its
    values look like e-mail addresses or phone numbers (Chinese mobile numbers, numbers written
    with separators or a leading +). Columns in ``protected`` (the survey's own columns) are never
    flagged.

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
