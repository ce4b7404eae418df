import warnings

import matplotlib.pyplot as plt
import pytest

from course_lib import style


def test_chinese_text_renders_without_missing_glyphs(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        with style.context():
            fig, ax = plt.subplots()
            ax.set_title("有形性 Tangibles", fontweight="bold")
            ax.set_xlabel("可靠性、响应性、保证性、移情性")
            fig.savefig(tmp_path / "zh.png")
            fig.savefig(tmp_path / "zh.svg")
    assert (tmp_path / "zh.png").stat().st_size > 1000


def test_cjk_glyphs_come_from_the_bundled_font():
    from matplotlib import font_manager as fm

    style.register_font()
    with style.context():
        fonts = fm.fontManager._find_fonts_by_props(fm.FontProperties(family=plt.rcParams["font.family"]))
    assert any(str(style.font_path()) == str(f) for f in fonts)
    assert style.font_path().stat().st_size > 1_000_000


def test_pick_and_check_lang():
    assert style.pick({"en": "Gap", "zh": "差距"}, "zh") == "差距"
    assert style.pick({"en": "Gap"}, "zh") == "Gap"
    assert style.pick("plain", "zh") == "plain"
    with pytest.raises(ValueError, match="lang must be one of"):
        style.pick({"en": "a"}, "fr")


def test_new_ax_reuses_or_creates():
    fig, ax = plt.subplots()
    assert style.new_ax(ax) is ax
    fresh = style.new_ax(figsize=(3, 2))
    assert tuple(fresh.figure.get_size_inches()) == (3, 2)
    out = style.finish(fresh, title={"en": "T", "zh": "标题"}, xlabel="x", lang="zh")
    assert out.get_title() == "标题" and out.get_xlabel() == "x"


def test_palette_is_okabe_ito():
    assert style.SEQUENCE[:3] == ["#0072B2", "#E69F00", "#009E73"]
