"""The one implementation of the SERVQUAL arithmetic: sufficient statistics of the raw answers.

:func:`accumulate` reads the answer columns in row chunks and adds up counts, sums, sums of
squares and cross-products. Every number the package reports comes from these sums: item and
dimension means and gaps and the weighted score (:mod:`.gaps`), Cronbach's alpha and the item
statistics (:mod:`.alpha`). ``gap_scores``, ``servqual_score``, ``reliability``,
``zone_of_tolerance``, ``cronbach_alpha`` and the million-row ``analyze`` all call it, so they
agree, to the last bit and whatever the chunk size for answers on a scale.

Answers on a scale are whole numbers, so they are added up as integers: int8/int16 per-row
totals, int64 sums. That is exact and needs no float64 copy of the table. A dimension mean
averages each respondent's mean of the items they answered (``S/c`` for ``c`` answered items);
multiplying by ``L = lcm(1…k)`` makes ``Σ S·L/c`` a whole number too. Missing answers (NaN) are
zero-filled with a mask; a scale with missing answers keeps pairwise counts, sums and products
(``N``, ``A``, ``B``) instead of row totals. No matrix product (BLAS, with its thread pool) runs in
the chunk loop for whole-number answers: sums are ``np.add.reduce`` on integer arrays and the
pairwise products use ``np.einsum`` (in float32 when one chunk's sums stay below 2²⁴, so exact).

Float columns given to ``cronbach_alpha`` (percentages, say) are added up as before: in float64
after subtracting each column's mean over the first chunk, as ``N``, ``A``, ``B`` matrices from
matrix products.

Examples
--------
>>> import numpy as np
>>> x = [np.array([1, 2, 3, 4], dtype=np.int8), np.array([2, 3, 3, 5], dtype=np.int8)]
>>> s = accumulate({"P": x}, [("all", [0, 1])], bounds=(1, 7), scales="P", chunk=3)
>>> sc = s.scales[("P", "all")]
>>> sc.n, int(sc.t1), int(sc.t2)  # Σ T and Σ T² of the row totals 3, 5, 6, 9
(4, 23, 151)
>>> var, _, var_t = sc.summary()  # item variances and the variance of the total, exact
>>> [str(v) for v in var], str(var_t)
(['5/3', '19/12'], '25/4')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np

from ..lang import T
from .model import _check_range

__all__ = ["CHUNK", "ScaleSums", "Sums", "accumulate"]

#: Rows read at a time: the temporaries of one chunk stay in the CPU cache.
CHUNK = 65536


def _int_for(bound: int):
    """The smallest signed integer type holding ``-bound … bound`` (int64 at most)."""
    for t in (np.int8, np.int16, np.int32):
        if bound <= np.iinfo(t).max:
            return t
    return np.int64


def _cov(n, sxy, sx, sy):
    """Covariance from sums, (n·Σxy − Σx·Σy) / (n·(n − 1)): an exact Fraction for integer sums, else a float;
    None with fewer than two rows."""
    if n < 2:
        return None
    num, den = n * sxy - sx * sy, n * (n - 1)
    return Fraction(num, den) if isinstance(num, int) else num / den


@dataclass
class ScaleSums:
    """Sums over the rows of one scale (items that form a total) for its covariance summary.

    ``n`` rows (for listwise deletion, the complete rows). Row totals: ``s`` = Σx_i, ``q`` = Σx_i²,
    ``c`` = Σx_i·T (T the row total), ``t1`` = ΣT, ``t2`` = ΣT². Or, as ``matrix`` (answers missing
    under pairwise deletion, or float data): ``N[i, j]`` rows answering both items, ``A[i, j]`` = Σx_i
    over them, ``B[i, j]`` = Σx_i·x_j.
    """

    k: int
    matrix: bool
    integer: bool = True
    listwise: bool = False
    n: int = 0
    s: np.ndarray | None = None
    q: np.ndarray | None = None
    c: np.ndarray | None = None
    t1: object = 0
    t2: object = 0
    N: np.ndarray | None = None
    A: np.ndarray | None = None
    B: np.ndarray | None = None

    def summary(self) -> tuple | None:
        """(item variances, covariance of each item with the total, variance of the total): exact
        Fractions for integer answers, else floats; None when a pair of items has fewer than two rows
        in common."""
        k = self.k
        if self.matrix and not self.integer:
            with np.errstate(invalid="ignore", divide="ignore"):
                C = (self.B - self.A * self.A.T / self.N) / (self.N - 1)
            return (np.diag(C), C.sum(axis=1), C.sum()) if np.isfinite(C).all() else None
        if self.matrix:
            N, A, B = (m.tolist() for m in (self.N, self.A, self.B))
            C = [[_cov(N[i][j], B[i][j], A[i][j], A[j][i]) for j in range(k)] for i in range(k)]
            if any(v is None for row in C for v in row):
                return None
            cov_t = [sum(row) for row in C]
            return [C[i][i] for i in range(k)], cov_t, sum(cov_t)
        s, q = self.s.tolist(), self.q.tolist()
        t1, t2 = (v.item() if isinstance(v, np.generic) else v for v in (self.t1, self.t2))
        var = [_cov(self.n, q[i], s[i], s[i]) for i in range(k)]
        cov_t = [_cov(self.n, ci, si, t1) for ci, si in zip(self.c.tolist(), s)] if self.c is not None else None
        var_t = _cov(self.n, t2, t1, t1)
        return None if var_t is None else (var, cov_t, var_t)


@dataclass
class Sums:
    """What :func:`accumulate` adds up. Means are exact ratios of these sums (see :mod:`.gaps`).

    ``item_n``/``item_sum[kind]``: rows answering the item in every kind and their sum;
    ``dim_n``/``dim_sum[kind]``: rows answering at least one item of the dimension (in every kind)
    and ``L ×`` the sum of their dimension means; ``free_*``: the same with each kind's own
    answers (SERVPERF); ``any_n``: rows with at least one answered dimension; ``w_sum``/``w_n``:
    the weighted P − E score summed over the rows that have one (``w_exact`` when it follows
    from the dimension sums instead); ``scales[(kind, dimension)]``: :class:`ScaleSums`;
    ``rows[kind]``: each respondent's dimension means (n × dimensions) if asked.
    """

    n: int
    L: int
    item_n: np.ndarray
    item_sum: dict
    dim_n: np.ndarray
    dim_sum: dict
    free_n: dict
    free_sum: dict
    any_n: int = 0
    w_sum: float = 0.0
    w_n: int = 0
    w_exact: np.ndarray | None = None
    scales: dict = field(default_factory=dict)
    rows: dict | None = None
    column_n: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Arith:
    """How a pass adds up: integer types sized to the answers' bound (exact), or float64 after a shift."""

    integer: bool
    lo: object
    hi: object
    check: bool  # answers must be whole numbers from lo to hi
    x: type  # answers read from float columns
    t: type  # row totals of a scale
    sq_x: type  # squares of answers
    sq_t: type  # squares of totals, answers × totals
    acc: type  # sums over all rows
    racc: type  # sums over one chunk
    shift: dict
    exact_float: type = np.float64  # float type in which one chunk's sums of products are exact
    fortran: bool = False  # float data: the columns came from a column-major table (lay chunks out alike)

    def stack(self, columns) -> np.ndarray:
        """Columns side by side (rows × columns), laid out like the table they came from."""
        return np.stack(columns).T if self.fortran else np.stack(columns, axis=1)


def _arith(cols: dict, bounds, n: int, kmax: int, chunk: int) -> _Arith:
    """Integer arithmetic for answers on a scale (``bounds``) or integer columns small enough for exact
    int64 sums; float64 otherwise."""
    bound = None
    if bounds is not None:
        bound = max(abs(int(bounds[0])), abs(int(bounds[1])))
    elif all(c.dtype.kind in "iub" for c in cols.values()):
        bound = max([abs(int(v)) for c in cols.values() if len(c) for v in (c.min(), c.max())] + [0])
        if n * (kmax * bound) ** 2 >= 2**62:
            bound = None
    if bound is None:
        f = np.float64
        ar = _Arith(False, None, None, False, f, f, f, f, f, f, {},
                    fortran=all(c.flags.c_contiguous for c in cols.values()))
        head = ar.stack([c[:chunk] for c in cols.values()]).astype(f)
        with np.errstate(invalid="ignore", divide="ignore"):
            mu = np.nansum(head, axis=0) / (~np.isnan(head)).sum(axis=0)  # mean of the first chunk
        ar.shift.update({key: 0.0 if np.isnan(v) else v for key, v in zip(cols, mu)})
        return ar
    lo, hi = bounds if bounds is not None else (-bound, bound)
    big = (kmax * bound) ** 2
    # one chunk's sums fit int32 on a 7-point scale (and reduce faster); the totals are int64
    racc = np.int32 if chunk * big < 2**31 else np.int64
    return _Arith(True, lo, hi, bounds is not None, _int_for(bound), _int_for(kmax * bound), _int_for(bound * bound),
                  _int_for(big), np.int64, racc, {}, np.float32 if chunk * bound * bound < 2**24 else np.float64)


def _read(v: np.ndarray, ar: _Arith, shift: float, has_nan: bool, fail):
    """One chunk of one column: (values with missing answers as 0, answered mask or None).

    With ``ar.check``, an answer outside lo…hi or not whole calls ``fail()``, which raises."""
    if v.dtype.kind in "iub":
        if v.dtype.kind == "b":
            v = v.astype(np.int8)
        if ar.check and len(v) and (v.min() < ar.lo or v.max() > ar.hi):
            fail()
        return (v if ar.integer else v - shift), None
    ok = ~np.isnan(v) if has_nan else None
    if ar.integer:
        w = v if ok is None else np.where(ok, v, ar.lo)
        if ar.check and len(w) and (w.min() < ar.lo or w.max() > ar.hi or (w != np.rint(w)).any()):
            fail()
        x = w.astype(ar.x)
    else:
        x = v.astype(np.float64) - shift
    if ok is not None:
        x[~ok] = 0
    return x, ok


class _Chunk:
    """One chunk of rows: each column's answers (missing as 0) and answered mask (None: all), and the
    chunk's row totals and sums, each computed once."""

    def __init__(self, cols: dict, order, start: int, stop: int, ar: _Arith, miss: dict, fail):
        self.m, self.ar = stop - start, ar
        self.X, self.V = {}, {}
        for key in order:
            self.X[key], self.V[key] = _read(cols[key][start:stop], ar, ar.shift.get(key, 0.0), miss[key] > 0, fail)
        self._total, self._total_sum, self._sum = {}, {}, {}

    def total(self, k: str, idx) -> np.ndarray:
        """Row totals of kind ``k``'s items ``idx`` (missing answers count 0)."""
        key = (k, tuple(idx))
        if key not in self._total:
            t = self.X[(k, idx[0])].astype(self.ar.t)
            for j in idx[1:]:
                np.add(t, self.X[(k, j)], out=t, casting="unsafe")
            self._total[key] = t
        return self._total[key]

    def total_sum(self, k: str, idx):
        key = (k, tuple(idx))
        if key not in self._total_sum:
            self._total_sum[key] = np.add.reduce(self.total(k, idx), dtype=self.ar.racc).item()
        return self._total_sum[key]

    def sum(self, key):
        if key not in self._sum:
            self._sum[key] = np.add.reduce(self.X[key], dtype=self.ar.racc).item()
        return self._sum[key]


def accumulate(blocks: Mapping[str, Sequence[np.ndarray]], dims: Sequence[tuple[str, Sequence[int]]], *,
               bounds: tuple[int, int] | None = None, names: Mapping[str, Sequence[str]] | None = None,
               gaps: bool = False, free: str = "", weights: np.ndarray | None = None, rows: bool = False,
               scales: str = "", item_stats: bool = False, listwise: bool = False, chunk: int = CHUNK,
               source: str = "survey") -> Sums:
    """One pass over the answers, in row chunks of ``chunk`` rows.

    ``blocks`` maps a kind (``"E"``, ``"P"`` …) to its item columns (1-D arrays, same items in every
    kind); ``dims`` lists (key, positions of its items). ``bounds=(lo, hi)`` checks that every answer
    is a whole number from lo to hi (:class:`~course_lib.errors.CourseDataError` naming ``names``
    otherwise) and sums as integers; without bounds, integers are used when the data allow it
    (float64 otherwise, scales only). ``gaps``: item and dimension sums over the rows answering every
    kind; ``free``: kinds whose dimension sums use all their answers; ``weights``: dimension weights
    (one row, or one row per respondent) for the weighted P − E; ``rows``: keep each respondent's
    dimension means; ``scales``: kinds whose dimensions (two or more items) get :class:`ScaleSums`,
    with ``item_stats`` (Σ x·T) and ``listwise`` (complete rows only) if asked.
    """
    kinds = list(blocks)
    p = len(blocks[kinds[0]])
    cols = {(k, j): blocks[k][j] for k in kinds for j in range(p)}
    n = len(cols[(kinds[0], 0)]) if p else 0
    kmax = max([len(idx) for _, idx in dims] + [1])
    ar = _arith(cols, bounds, n, kmax, chunk)
    means = gaps or rows or weights is not None
    if (means or free) and not ar.integer:
        raise ValueError(str(T("dimension means need whole-number answers: pass bounds=(lo, hi)")))
    L = math.lcm(*range(1, kmax + 1)) if (means or free) else 1
    miss = {key: int(np.count_nonzero(np.isnan(c))) if c.dtype.kind == "f" else 0 for key, c in cols.items()}
    d = len(dims)
    out = Sums(n, L, np.zeros(p, np.int64), {k: np.zeros(p, ar.acc) for k in kinds}, np.zeros(d, np.int64),
               {k: [0] * d for k in kinds}, {k: np.zeros(d, np.int64) for k in free}, {k: [0] * d for k in free},
               column_n={key: n - m for key, m in miss.items()})
    complete = [all(miss[(k, j)] == 0 for k in kinds for j in idx) for _, idx in dims]
    todo = [(k, dk, list(idx)) for k in scales for dk, idx in dims if len(idx) >= 2]
    for k, dk, idx in todo:
        mx = not ar.integer or (not listwise and any(miss[(k, j)] for j in idx))
        z = len(idx)
        out.scales[(k, dk)] = ScaleSums(z, mx, ar.integer, listwise, s=np.zeros(z, ar.acc), q=np.zeros(z, ar.acc),
                                        c=np.zeros(z, ar.acc) if item_stats else None,
                                        **{m: np.zeros((z, z), ar.acc) if mx else None for m in "NAB"})
    if rows:
        out.rows = {k: np.full((n, d), np.nan) for k in kinds}
    if weights is not None and weights.ndim == 1 and all(complete):
        out.w_exact, weights = weights, None  # the weighted score follows from the dimension sums
    need = set(cols) if means else set()
    need |= {(k, j) for k in free for j in range(p)} | {(k, j) for k, _, idx in todo for j in idx}
    order = [key for key in cols if key in need]
    lut = np.array([0] + [L // c for c in range(1, kmax + 1)], dtype=np.int64)  # L / (items answered)

    def fail():  # the standard message: first offending column (in order) and all its rows
        _check_range({names[k][j] if names else f"{k}{j}": c for (k, j), c in cols.items()}, ar.lo, ar.hi, source)

    for start in range(0, n, chunk):
        ch = _Chunk(cols, order, start, min(n, start + chunk), ar, miss, fail)
        Q = np.empty((ch.m, d)) if weights is not None else None
        answered = np.zeros(ch.m, bool) if gaps and not all(complete) else None
        for di, (_, idx) in enumerate(dims):
            if means:
                dmean, cnt = _dimension(out, ch, kinds, di, idx, complete[di], lut, rows or Q is not None)
                if answered is not None:
                    answered |= True if cnt is None else cnt > 0
                if rows:
                    for k in kinds:
                        out.rows[k][start:start + ch.m, di] = dmean[k]
                if Q is not None:
                    Q[:, di] = dmean["P"] - dmean["E"]
            for k in free:
                if all(miss[(k, j)] == 0 for j in idx):
                    out.free_sum[k][di] += ch.total_sum(k, idx) * (L // len(idx))
                    out.free_n[k][di] += ch.m
                else:
                    cnt = _count([ch.V[(k, j)] for j in idx], ch.m)
                    out.free_sum[k][di] += int(np.add.reduce(ch.total(k, idx).astype(np.int64) * lut[cnt]))
                    out.free_n[k][di] += int(np.count_nonzero(cnt))
        if gaps:
            out.any_n += ch.m if answered is None else int(np.count_nonzero(answered))
        if Q is not None:
            per = ((weights if weights.ndim == 1 else weights[start:start + ch.m]) * Q).sum(axis=1)
            ok = ~np.isnan(per)
            out.w_sum += float(per[ok].sum())
            out.w_n += int(np.count_nonzero(ok))
        for k, dk, idx in todo:
            _scale(out.scales[(k, dk)], ch, k, idx)
    return out


def _dimension(out: Sums, ch: _Chunk, kinds, di: int, idx, complete: bool, lut, keep: bool):
    """Add one chunk of one dimension to the item and dimension sums (rows answering every kind).

    Returns each kind's per-row dimension means (if ``keep``) and the items answered per row (None: all)."""
    L, kd, m = out.L, len(idx), ch.m
    dmean = {}
    if complete:
        for k in kinds:
            out.dim_sum[k][di] += ch.total_sum(k, idx) * (L // kd)
            for j in idx:
                out.item_sum[k][j] += ch.sum((k, j))
            if keep:
                dmean[k] = ch.total(k, idx) / kd
        out.dim_n[di] += m
        out.item_n[idx] += m
        return dmean, None
    both = {j: _all([ch.V[(k, j)] for k in kinds], m) for j in idx}
    cnt = _count(both.values(), m)
    for k in kinds:
        t = np.zeros(m, ch.ar.t)
        for j in idx:
            x0 = np.where(both[j], ch.X[(k, j)], 0)
            out.item_sum[k][j] += np.add.reduce(x0, dtype=ch.ar.racc).item()
            np.add(t, x0, out=t, casting="unsafe")
        out.dim_sum[k][di] += int(np.add.reduce(t.astype(np.int64) * lut[cnt]))
        if keep:
            with np.errstate(invalid="ignore", divide="ignore"):
                dmean[k] = np.where(cnt > 0, t / np.maximum(cnt, 1), np.nan)
    for j in idx:
        out.item_n[j] += int(np.count_nonzero(both[j]))
    out.dim_n[di] += int(np.count_nonzero(cnt))
    return dmean, cnt


def _all(masks, m: int) -> np.ndarray:
    """Rows where every mask is true (None = all rows)."""
    masks = [x for x in masks if x is not None]
    if not masks:
        return np.ones(m, bool)
    out = masks[0].copy()
    for x in masks[1:]:
        out &= x
    return out


def _count(masks, m: int) -> np.ndarray:
    """Per row, how many of the masks are true (None = true)."""
    cnt = np.zeros(m, np.int8)
    for x in masks:
        cnt += 1 if x is None else x
    return cnt


def _scale(sc: ScaleSums, ch: _Chunk, k: str, idx) -> None:
    """Add one chunk of a scale (kind ``k``, items ``idx``) to its sums."""
    ar = ch.ar
    xs, vs = [ch.X[(k, j)] for j in idx], [ch.V[(k, j)] for j in idx]
    missing = any(v is not None for v in vs)
    if sc.matrix and ar.integer:  # missing answers, pairwise
        ft = ar.exact_float  # a float type whose one-chunk sums of these integers are exact
        ok = np.stack([np.ones(ch.m, ft) if v is None else v.astype(ft) for v in vs])
        x = np.stack([c.astype(ft) for c in xs])
        for target, a, b in ((sc.N, ok, ok), (sc.A, x, ok), (sc.B, x, x)):
            target += np.einsum("ij,kj->ik", a, b).astype(np.int64)  # no BLAS: no thread pool in the loop
        sc.n += ch.m
        return
    if sc.matrix:  # float data given to cronbach_alpha: the matrix products it always used (BLAS)
        c = ar.stack(xs)
        if missing and sc.listwise:
            c, missing = c[_all(vs, ch.m)], False
        sc.n += len(c)
        if not missing:
            sc.N += len(c)
            sc.A += c.sum(axis=0)[:, None]
        else:
            M = ar.stack([np.ones(ch.m) if v is None else v.astype(np.float64) for v in vs])
            sc.N += M.T @ M
            sc.A += c.T @ M
        sc.B += c.T @ c
        return
    if missing:  # listwise: complete rows only
        keep = _all(vs, ch.m)
        xs = [c[keep] for c in xs]
        t = xs[0].astype(ar.t)
        for c in xs[1:]:
            np.add(t, c, out=t, casting="unsafe")
        sums = [np.add.reduce(c, dtype=ar.racc).item() for c in xs]
        t1 = np.add.reduce(t, dtype=ar.racc).item()
        sc.n += len(t)
    else:
        t, t1 = ch.total(k, idx), ch.total_sum(k, idx)
        sums = [ch.sum((k, j)) for j in idx]
        sc.n += ch.m
    sc.s += sums
    sc.q += [np.add.reduce(np.square(c, dtype=ar.sq_x), dtype=ar.racc).item() for c in xs]
    if sc.c is not None:
        sc.c += [np.add.reduce(np.multiply(c, t, dtype=ar.sq_t), dtype=ar.racc).item() for c in xs]
    sc.t1 += t1
    sc.t2 += np.add.reduce(np.square(t, dtype=ar.sq_t), dtype=ar.racc).item()
