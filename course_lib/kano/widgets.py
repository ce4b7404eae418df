"""The Kano answer-pair widget: choose the two answers, see the category in the evaluation table."""

from __future__ import annotations

from .. import style
from ..lang import T, check_lang
from .evaluation import ANSWER_LABELS, ANSWERS, CATEGORY_LABELS, classify
from .plots import plot_evaluation_table

__all__ = ["MEANINGS", "evaluation_widget"]

#: What each category means for the feature, in a manager's words.
MEANINGS = {
    "A": T("liked when there, accepted when missing: a delighter"),
    "O": T("liked when there, disliked when missing: the more the better"),
    "M": T("taken for granted when there, disliked when missing: a basic"),
    "I": T("this customer does not care either way"),
    "R": T("this customer would rather not have it"),
    "Q": T("the two answers contradict each other: was the question clear?"),
}


def evaluation_widget(lang: str | None = None):
    """Widget: pick a functional and a dysfunctional answer; the evaluation table frames the cell.

    Controls ``functional`` and ``dysfunctional`` (the answer keys of :data:`ANSWERS`, shown in the
    chosen language); ``widget.result`` is a sentence naming the category and what it means.

    Examples
    --------
    >>> w = evaluation_widget(lang="en")          # doctest: +SKIP
    >>> w.controls["dysfunctional"].value = "dislike"  # doctest: +SKIP
    >>> w.result                                  # doctest: +SKIP
    'O One-dimensional: liked when there, disliked when missing: the more the better'
    """
    lang = check_lang(lang)
    import ipywidgets as w

    from ..widgets import live

    options = [(style.pick(ANSWER_LABELS[a], lang), a) for a in ANSWERS]
    controls = {
        "functional": w.Dropdown(options=options, value="like",
                                 description=style.pick(T("if there", context="Kano widget"), lang)),
        "dysfunctional": w.Dropdown(options=options, value="live-with",
                                    description=style.pick(T("if missing", context="Kano widget"), lang)),
    }

    def render(functional, dysfunctional):
        category = classify(functional, dysfunctional)
        plot_evaluation_table(lang=lang, highlight=(functional, dysfunctional))
        return style.pick(T("{letter} {name}: {meaning}", letter=category, name=CATEGORY_LABELS[category],
                            meaning=MEANINGS[category]), lang)

    return live(controls, render, title=style.pick(T("Two answers, one category"), lang))
