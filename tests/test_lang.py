"""The one translation mechanism: T messages, gettext catalogues, fallbacks, and a pseudo-locale run
that finds any user-visible text which escapes translation."""

from __future__ import annotations

import ast
import io
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_lib import data, editions, lang  # noqa: E402
from course_lib.lang import T, pick  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OPEN, CLOSE = "⟦", "⟧"
_WIDE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def pseudo_text(msgid: str) -> str:
    """The pseudo-translation: Latin letters made full-width, {placeholders} kept, the whole in ⟦…⟧."""
    parts = re.split(r"(\{[^{}]*\})", msgid)
    return OPEN + "".join(p if p.startswith("{") else p.translate(_WIDE) for p in parts) + CLOSE


# --------------------------------------------------------------------------- T and the catalogue
def test_render_translates_formats_and_falls_back():
    msg = T("your table has {n_answer} rows; after removing duplicates and straight-liners "
            "there should be {n_expected}.", n_answer=12, n_expected=10)
    assert msg.render("en").startswith("your table has 12 rows;")
    assert "12" in msg.render("zh") and "10" in msg.render("zh") and "行" in msg.render("zh")
    # a message no catalogue holds falls back to the English, still formatted
    assert T("no catalogue has {x:.1f}", x=2.25).render("zh") == "no catalogue has 2.2"
    # without values the text is not formatted (braces a caller fills in later survive)
    assert T("step '{id}' is a fail point with no recovery step: name the step that puts a "
             "failure right (recovery)").render("zh").startswith("步骤“{id}”")


def test_context_tells_apart_two_uses_of_the_same_english():
    assert T("promoters").render("zh") == "推荐者"
    assert T("promoters", context="share").render("zh") == "推荐者占比"
    assert T("promoters", context="share").render("en") == "promoters"


def test_values_that_are_messages_render_in_the_same_language():
    msg = T("expected {what}, got a {got}.", what=T("a pandas DataFrame"), got="list")
    assert msg.render("en") == "expected a pandas DataFrame, got a list."
    assert msg.render("zh") == "应为pandas DataFrame，实际是 list。"
    assert pick({"en": "Gap", "zh": "差距"}, "zh") == "差距"      # data that carry their own translations


def test_unknown_language_is_refused_and_env_chooses_the_default(monkeypatch):
    with pytest.raises(ValueError, match="lang must be one of"):
        T("steps").render("fr")
    monkeypatch.setattr(lang, "_current", None)
    monkeypatch.setenv(lang.LANG_ENV, "zh")
    assert str(T("steps")) == "步骤数"
    monkeypatch.setenv(lang.LANG_ENV, "klingon")                # not a language: English
    assert str(T("steps")) == "steps"


def test_languages_are_the_catalogues():
    assert lang.LANGS == ("en", "zh")
    assert (ROOT / "course_lib/locale/zh_CN/LC_MESSAGES/course_lib.mo").exists()


def test_library_catalogue_is_complete_and_compiled():
    problems = editions.library_problems("zh", ROOT)
    assert not problems, "run `make catalogues` and translate:\n" + "\n".join(map(str, problems))


def test_library_catalogue_checks_catch_a_bad_translation(tmp_path):
    """The completeness check can fail: a missing entry, a placeholder the English does not give
    and a stale .mo are each reported."""
    from babel.messages.pofile import read_po

    (tmp_path / "course_lib").mkdir()
    (tmp_path / "course_lib" / "m.py").write_text(
        'from course_lib.lang import T\nA = T("rows: {n}", n=3)\nB = T("new text")\n', encoding="utf-8")
    po = editions.library_catalogue_path("zh", tmp_path)
    po.parent.mkdir(parents=True)
    po.write_text('msgid "rows: {n}"\nmsgstr "行数：{count}"\n', encoding="utf-8")
    kinds = {p.kind for p in editions.library_problems("zh", tmp_path)}
    assert kinds == {"missing", "placeholder ['count'] not given", "not compiled"}
    editions.update_library_catalogue("zh", tmp_path)               # writes .po and .mo
    with po.open("rb") as fh:
        assert {m.id for m in read_po(fh) if m.id} == {"rows: {n}", "new text"}
    assert {p.kind for p in editions.library_problems("zh", tmp_path)} == {
        "missing", "placeholder ['count'] not given"}


def test_no_language_literals_left_in_the_library():
    """New user-visible text is a T message, not a {"en": ..., "zh": ...} literal (data read from
    files and the SERVQUAL item bank, which carries both languages as fields, are the exceptions)."""
    offenders = []
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                values = [v for v in node.values if isinstance(v, (ast.Constant, ast.JoinedStr))]
                if {"en", "zh"} <= keys and values:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


# --------------------------------------------------------------------------- pseudo-locale
@pytest.fixture
def pseudo(tmp_path, monkeypatch):
    """A third language, "xx", whose every message is :func:`pseudo_text` of the English: a catalogue
    is all it takes."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    template = editions.library_template(ROOT)
    cat = Catalog(locale="xx")
    for m in template:
        if m.id:
            cat.add(m.id, pseudo_text(m.id), context=m.context)
    mo = tmp_path / "xx" / "LC_MESSAGES" / "course_lib.mo"
    mo.parent.mkdir(parents=True)
    buf = io.BytesIO()
    write_mo(buf, cat)
    mo.write_bytes(buf.getvalue())
    monkeypatch.setenv(lang.LOCALES_ENV, str(tmp_path))
    monkeypatch.setattr(lang, "_CATALOGUES", lang._find_catalogues())
    monkeypatch.setattr(lang, "LANGS", ("en", *sorted(lang._CATALOGUES)))
    monkeypatch.setattr(lang, "_loaded", {})
    assert "xx" in lang.LANGS
    return "xx"


def untranslated(text: str, allowed=frozenset()) -> list[str]:
    """English words (Latin, not full-width) left in a text shown in the pseudo-locale; code
    identifiers (``take_order``) and the ``allowed`` words (the trainee's own answer) excepted."""
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if w not in allowed and "_" not in w]


#: Codes (not words) that a check names back to the trainee: step ids and lane keys.
CODES = {"blueprint.coffee_shop": {"till", "collect"}, "blueprint.steps_per_lane": {"evidence"}}


def test_pseudo_locale_check_feedback_is_all_translated(pseudo):
    from course_lib.checks import evaluate, registry

    leaks = {}
    for task_id, task in registry().items():
        answers = [...] + ([task.wrong()] if task.wrong else [])     # unanswered, then wrong
        for answer in answers:
            echoed = set(re.findall(r"[A-Za-z_]+", repr(answer))) | CODES.get(task_id, set())
            words = untranslated(evaluate(task_id, answer, lang=pseudo).message, echoed)
            if words:
                leaks[task_id] = words
    assert not leaks, leaks


def test_pseudo_locale_servqual_instrument_is_all_translated(pseudo):
    """The instrument itself (dimension names and definitions, the 22 item texts) is messages too: a
    third language gets them from its catalogue, with no module edited."""
    from course_lib import servqual as sq

    table = sq.items_table(pseudo)
    texts = list(table["dimension"]) + list(table["text"])
    texts += [d.definition.render(pseudo) for d in sq.DIMENSIONS.values()]
    assert not [t for t in texts if untranslated(t)]
    assert [d.zh for d in sq.DIMENSIONS.values()] == ["有形性", "可靠性", "响应性", "保证性", "移情性"]


def _texts(fig) -> list[str]:
    """The titles, axis labels, legend entries and free text of a figure (not tick labels: data)."""
    out = []
    for ax in fig.axes:
        out += [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
        out += [ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    out += [t.get_text() for t in fig.texts]
    return [t for t in out if t]


def test_pseudo_locale_plots_are_all_translated(pseudo):
    from course_lib import feedback, journey, nps
    from course_lib import servqual as sq
    from course_lib import standards as S

    df = data.load("servqual_restaurant")
    rest = data.load("restaurant_service_log")
    std = S.Standard("serve_min", 20, 0.9)
    hot = data.load("journey_hotpot")
    draws = {
        "plot_radar": lambda: sq.plot_radar(df, lang=pseudo),
        "plot_gaps": lambda: sq.plot_gaps(df, lang=pseudo),
        "plot_zone": lambda: sq.plot_zone(sq.zone_of_tolerance(data.load("servqual_zone_bank")), lang=pseudo),
        "plot_compliance": lambda: S.plot_compliance(S.compliance(rest, std, by="store"), lang=pseudo),
        "plot_p_chart": lambda: S.plot_p_chart(S.p_chart(rest, std, by="store"), lang=pseudo),
        "plot_staffing": lambda: S.plot_staffing(0.2, 240, 20, 0.8, lang=pseudo),
        "plot_peak_end": lambda: journey.plot_peak_end([0, -2, -4, 1, 3], end_window=2, lang=pseudo),
        "plot_journey_map": lambda: journey.plot_journey_map(hot, lang=pseudo),
        "plot_pareto": lambda: feedback.plot_pareto(feedback.pareto(data.load("complaint_log")), lang=pseudo),
        "plot_segments": lambda: nps.plot_segments(
            nps.nps_by(data.load("nps_hotpot"), "store"), lang=pseudo),
    }
    leaks = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, draw in draws.items():
            ax = draw()
            texts = _texts(ax.figure)
            assert texts, name
            words = [w for t in texts for w in untranslated(t)]
            if words:
                leaks[name] = words
            plt.close(ax.figure)
    assert not leaks, leaks


def test_pseudo_locale_label_vocabularies_are_all_translated(pseudo):
    """The label vocabularies (journey stages and touchpoints, complaint categories, NPS categories,
    recovery groups, blueprint lanes and metrics, Hart's guarantee properties, the commitment-cycle
    stages, items and maturity levels, the critical-incident categories, the Kano features and
    categories) are messages: a third language labels them from its catalogue, no module edited."""
    from course_lib import kano, labels
    from course_lib import standards as S
    from course_lib.journey import incidents
    from course_lib.standards import cycle, guarantee

    texts = {repr(key): labels.label(key[1], key[0], lang=pseudo) for key in labels._vocabulary()}
    checklist = S.guarantee_checklist(pseudo)
    texts.update({f"checklist {i}": t for i, t in enumerate(list(checklist["name"]) + list(checklist["question"]))})
    rated = S.score_guarantee(S.EXAMPLE_GUARANTEES["hotpot_wait"]["ratings"]).table(pseudo)
    texts.update({f"rating {i}": t for i, t in enumerate(rated["name"].tolist() + rated["rating"].tolist())})
    card = S.commitment_scorecard(pseudo)
    texts.update({f"scorecard {i}": t for i, t in enumerate(list(card["stage_name"]) + list(card["item"]))})
    card["score"] = S.EXAMPLE_CYCLE_SCORES["bank_branch"]
    texts.update({f"score_cycle {s}": t for s, t in zip(card["stage"], S.score_cycle(card)[f"stage_{pseudo}"])})
    messages = {**{f"maturity {k}": t for k, t in cycle.MATURITY_NAMES.items()},
                **{f"rating {k}": t for k, t in guarantee.RATING_NAMES.items()},
                **{f"example {k}": t for k, t in guarantee._EXAMPLE_TEXTS.items()},
                **{f"incident {k}": t for k, t in incidents.CATEGORY_NAMES.items()},
                **{f"feature {k}": t for k, t in kano.FEATURE_LABELS.items()},
                **{f"kano {k}": t for k, t in kano.CATEGORY_LABELS.items()}}
    texts.update({k: t.render(pseudo) for k, t in messages.items()})
    leaks = {k: untranslated(t) for k, t in texts.items() if untranslated(t)}
    assert not leaks, leaks
    assert labels.label("easy_to_invoke", "property", lang="en") == "Easy to invoke"
