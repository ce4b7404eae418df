"""The NPS noise widget: twelve monthly surveys of an unchanging population."""

from __future__ import annotations

from .. import style
from .plots import plot_trend
from .sample import simulate_surveys
from .score import METHODS
from ..lang import check_lang

__all__ = ["noise_widget"]


def noise_widget(lang: str | None = None):
    """Widget: twelve monthly surveys from an unchanging population; how much does NPS wiggle?

    Controls ``n`` (respondents per month), ``promoters``, ``detractors`` (true
    shares) and ``method``; ``widget.result`` is the :func:`simulate_surveys` table.

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
        "n": {"en": "n / month", "zh": "每月样本量"},
        "promoters": {"en": "promoters", "zh": "推荐者占比"},
        "detractors": {"en": "detractors", "zh": "贬损者占比"},
        "method": {"en": "interval", "zh": "区间方法"},
        "title": {"en": "Same customers every month: how much does NPS move by chance?",
                  "zh": "顾客群体不变：净推荐值每月会因偶然波动多少？"},
        "too_many": {"en": "Promoters + detractors cannot exceed 100%.", "zh": "推荐者与贬损者之和不能超过 100%。"},
    }
    controls = {
        "n": w.IntSlider(value=200, min=50, max=2000, step=50, description=style.pick(text["n"], lang)),
        "promoters": w.FloatSlider(value=0.45, min=0, max=1, step=0.05, description=style.pick(text["promoters"], lang)),
        "detractors": w.FloatSlider(value=0.20, min=0, max=1, step=0.05, description=style.pick(text["detractors"], lang)),
        "method": w.Dropdown(options=list(METHODS[:2]), value="adjusted_wald", description=style.pick(text["method"], lang)),
    }

    def render(n, promoters, detractors, method):
        if promoters + detractors > 1 + 1e-9:
            return style.pick(text["too_many"], lang)
        table = simulate_surveys(promoters, min(detractors, 1 - promoters), n, method=method)
        plot_trend(table, reference=100 * (promoters - detractors), lang=lang,
                   title={"en": f"12 monthly surveys of {n}", "zh": f"12 次月度调查，每次 {n} 人"})
        return table

    return live(controls, render, title=style.pick(text["title"], lang))
