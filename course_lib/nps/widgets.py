"""The NPS noise widget: twelve monthly surveys of an unchanging population."""

from __future__ import annotations

from .. import style
from .plots import plot_trend
from .sample import simulate_surveys
from .score import METHOD_LABELS, METHODS
from ..labels import headed
from ..lang import T, check_lang

__all__ = ["noise_widget", "SURVEY_HEADINGS"]

#: How the noise widget heads the columns of :func:`simulate_surveys` (95% intervals, the widget's).
SURVEY_HEADINGS = {"month": T("month"), "n": T("n"), "promoters": T("promoters", context="share"),
                   "passives": T("passives", context="share"), "detractors": T("detractors", context="share"),
                   "nps": T("NPS"), "se": T("standard error"), "low": T("95% low"), "high": T("95% high"),
                   "change": T("change from last month"), "change_p": T("p (change)"),
                   "significant": T("significant", context="verdict")}
#: Its yes/no cells (``significant``).
YES_NO = {True: T("yes", context="answer"), False: T("no", context="answer")}


def noise_widget(lang: str | None = None):
    """Widget: twelve monthly surveys from an unchanging population; how much does NPS wiggle?

    Controls ``n`` (respondents per month), ``promoters``, ``detractors`` (true
    shares) and ``method``; ``widget.result`` is the :func:`simulate_surveys` table (``widget.shown``:
    headed in ``lang``, :data:`SURVEY_HEADINGS`).

    Examples
    --------
    >>> w = noise_widget(lang="zh")        # doctest: +SKIP
    >>> w.controls["n"].value = 1000       # doctest: +SKIP
    >>> int(w.result["n"].iloc[0])         # doctest: +SKIP
    1000
    """
    lang = check_lang(lang)
    import ipywidgets as w

    from ..widgets import live

    style.check_lang(lang)
    text = {
        "n": T("n / month"),
        "promoters": T("promoters", context="share"),
        "detractors": T("detractors", context="share"),
        "method": T("interval", context="method"),
        "title": T("Same customers every month: how much does NPS move by chance?"),
        "too_many": T("Promoters + detractors cannot exceed 100%."),
    }
    controls = {
        "n": w.IntSlider(value=200, min=50, max=2000, step=50, description=style.pick(text["n"], lang)),
        "promoters": w.FloatSlider(value=0.45, min=0, max=1, step=0.05, description=style.pick(text["promoters"], lang)),
        "detractors": w.FloatSlider(value=0.20, min=0, max=1, step=0.05, description=style.pick(text["detractors"], lang)),
        "method": w.Dropdown(options=[(style.pick(METHOD_LABELS[m], lang), m) for m in METHODS[:2]],
                             value="adjusted_wald", description=style.pick(text["method"], lang)),
    }

    def render(n, promoters, detractors, method):
        if promoters + detractors > 1 + 1e-9:
            return style.pick(text["too_many"], lang)
        table = simulate_surveys(promoters, min(detractors, 1 - promoters), n, method=method)
        plot_trend(table, reference=100 * (promoters - detractors), lang=lang,
                   title=T("12 monthly surveys of {n}", n=n))
        return table

    return live(controls, render, title=style.pick(text["title"], lang),
                display_with=lambda t: headed(t, SURVEY_HEADINGS, lang, values=YES_NO))
