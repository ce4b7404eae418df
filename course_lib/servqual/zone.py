"""The zone of tolerance (Parasuraman, Zeithaml & Berry 1994): adequate, desired and perceived service.

For each item the respondent gives the adequate (minimum acceptable) level ``A``, the desired
level ``D`` and the perceived level ``P``. MSA = P − A (service adequacy), MSS = P − D (service
superiority); P below A is below the zone, above D above it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .gaps import _dim_table, _item_table, _survey
from .moments import accumulate

__all__ = ["Zone", "zone_of_tolerance"]


@dataclass(frozen=True)
class Zone:
    """Result of :func:`zone_of_tolerance`: ``items`` and ``dimensions`` tables with mean adequate (A),
    desired (D) and perceived (P) service, MSA = P − A, MSS = P − D, zone width D − A and ``position``
    of P relative to the zone (below / within / above)."""

    items: pd.DataFrame
    dimensions: pd.DataFrame


def _position(msa: np.ndarray, mss: np.ndarray) -> np.ndarray:
    return np.where(msa < 0, "below", np.where(mss > 0, "above", "within")).astype(object)


def zone_of_tolerance(df: pd.DataFrame, *, scale=(1, 9), source: str = "zone survey") -> Zone:
    """Measures of service adequacy (MSA = P − A) and superiority (MSS = P − D) per item and dimension.

    Three-column format (Parasuraman, Zeithaml & Berry 1994): for each item the respondent gives the
    adequate (minimum acceptable) level ``A``, the desired level ``D`` and the perceived level ``P``.
    P below A is below the zone of tolerance, A ≤ P ≤ D within it, P above D above it. Means use the
    respondents who answered all three columns of the item. Respondents with A > D are kept (the
    positions still follow from the means) but :func:`validate_responses` lists them.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A11": [5, 4], "D11": [8, 8], "P11": [4, 3],
    ...                    "A16": [5, 5], "D16": [7, 8], "P16": [6, 7]})
    >>> zone_of_tolerance(df).items[["A", "D", "P", "MSA", "MSS", "position"]]
            A    D    P  MSA  MSS position
    item
    11    4.5  8.0  3.5 -1.0 -4.5    below
    16    5.0  7.5  6.5  1.5 -1.0   within
    """
    bounds, numbers, dims, blocks, names = _survey(df, "ADP", scale, source)
    s = accumulate(blocks, dims, bounds=bounds, names=names, gaps=True, source=source)

    def table(t):
        t["MSA"] = t["P"] - t["A"]
        t["MSS"] = t["P"] - t["D"]
        t["zone_width"] = t["D"] - t["A"]
        t["position"] = _position(t["MSA"].to_numpy(), t["MSS"].to_numpy())
        return t

    items = table(_item_table(s, numbers, "ADP"))
    items = items[["dimension", "A", "D", "P", "MSA", "MSS", "zone_width", "position", "n"]]
    dtab = table(_dim_table(s, [d for d, _ in dims], "ADP"))
    return Zone(items, dtab[["A", "D", "P", "MSA", "MSS", "zone_width", "position", "n"]])
