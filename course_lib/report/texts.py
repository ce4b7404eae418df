"""Every sentence of the report, in English and Simplified Chinese.

The texts are HTML fragments written by the course (``<strong>``, ``<code>`` only); :func:`say` fills
in the values, HTML-escaped, so a file name or a header can never add markup to the page.

Examples
--------
>>> say("dropped", "zh", cols="姓名")
'本报告未使用以下个人信息列：姓名。'
>>> say("intro", source="<img src=x>.csv", n=3, k=2, lo=1, hi=7).split(":")[0]
'Survey file <strong>&lt;img src=x&gt;.csv</strong>'
"""

from __future__ import annotations

from markupsafe import Markup

from ..lang import pick

__all__ = ["TEXT", "INDUSTRIES", "say", "industry_label"]

INDUSTRIES: dict[str, dict[str, str]] = {
    "restaurant": {"en": "Restaurant", "zh": "餐饮"},
    "travel": {"en": "Travel and hotels", "zh": "旅游与酒店"},
    "bank": {"en": "Banking", "zh": "银行"},
}

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Service quality report: {industry}", "zh": "服务质量诊断报告：{industry}"},
    "page_title": {"en": "{industry} – service quality report", "zh": "{industry} – 服务质量诊断报告"},
    "intro": {"en": "Survey file <strong>{source}</strong>: {n} respondents, {k} SERVQUAL items asked as expectation "
                    "(E) and perception (P) on a {lo}–{hi} scale. Gap = P − E: negative means customers got less "
                    "than they expected. Intervals are 95% confidence intervals.",
              "zh": "问卷文件 <strong>{source}</strong>：{n} 位受访者，{k} 个 SERVQUAL 题项，每题分别询问期望（E）与感知（P），"
                    "{lo}–{hi} 分量表。差距 = P − E：为负表示顾客得到的低于期望。区间为 95% 置信区间。"},
    "small": {"en": "<strong>Caution:</strong> fewer than 30 respondents: the intervals are wide; read the results "
                    "as indications, not as proof.",
              "zh": "<strong>注意：</strong>受访者少于 30 人，置信区间很宽；结果只能作为参考，不能作为定论。"},
    "dropped": {"en": "Personal columns left out of this report: {cols}.",
                "zh": "本报告未使用以下个人信息列：{cols}。"},
    "duplicates_out": {"en": "<strong>Duplicates:</strong> {count} repeated submission(s) found ({how}) and left out "
                             "of the analysis (the first submission of each is kept; {rows} of the file). "
                             "To keep them, run the report with <code>--keep-duplicates</code>.",
                       "zh": "<strong>重复提交：</strong>发现 {count} 份重复提交（{how}），已从分析中剔除（每组保留第一份；"
                             "文件中的第 {rows} 行）。如需保留，请使用 <code>--keep-duplicates</code> 重新生成报告。"},
    "duplicates_kept": {"en": "<strong>Duplicates:</strong> {count} repeated submission(s) found ({how}, {rows} "
                              "of the file) and kept in the analysis, as asked with <code>--keep-duplicates</code>.",
                        "zh": "<strong>重复提交：</strong>发现 {count} 份重复提交（{how}，文件中的第 {rows} 行），"
                              "已按 <code>--keep-duplicates</code> 的要求保留在分析中。"},
    "dup_by_respondent": {"en": "the same respondent ID more than once", "zh": "同一受访者编号出现多次"},
    "dup_by_answers": {"en": "the file has no respondent ID: rows identical in every column",
                       "zh": "文件中没有受访者编号：各列完全相同的行"},
    "gaps": {"en": "1. SERVQUAL gaps by dimension (服务质量差距)", "zh": "1. 各维度的服务质量差距（SERVQUAL gaps）"},
    "gaps_note": {"en": "A dimension whose whole interval lies below 0 falls short of expectations beyond "
                        "sampling noise.",
                  "zh": "若某维度的整个置信区间都在 0 以下，说明其未达期望并非抽样误差所致。"},
    "overall": {"en": "Overall SERVQUAL score (mean of the dimension gaps): <strong>{score}</strong>; SERVPERF "
                      "(mean perception): {servperf}.",
                "zh": "SERVQUAL 总分（各维度差距的平均值）：<strong>{score}</strong>；SERVPERF（感知平均分）：{servperf}。"},
    "overall_weighted": {"en": " Weighted by each respondent's importance points: <strong>{weighted}</strong>.",
                         "zh": "按受访者各自的重要性分配加权：<strong>{weighted}</strong>。"},
    "worst_items": {"en": "The five items with the largest shortfall", "zh": "差距最大的五个题项"},
    "reliability": {"en": "2. Reliability of the scales (信度, Cronbach's α)", "zh": "2. 量表信度（Cronbach's α）"},
    "reliability_note": {"en": "α of 0.7 or more is commonly taken as acceptable for comparing groups "
                               "(Nunnally 1978); dimensions with a single item have no α.",
                         "zh": "通常认为 α ≥ 0.7 即可用于群体比较（Nunnally 1978）；只有一个题项的维度无法计算 α。"},
    "alpha_low": {"en": "<strong>Low or negative α:</strong> {scales}. An α below 0.5, and above all a negative one, "
                        "usually means one of three things: reverse-keyed (negatively worded) items were not "
                        "recoded before the analysis; the items do not measure one thing; or there are too few "
                        "respondents for a stable estimate. Check the item wording and coding before relying on "
                        "these dimensions' gaps.",
                  "zh": "<strong>α 偏低或为负：</strong>{scales}。α 低于 0.5（尤其是负值）通常意味着以下三种情况之一："
                        "反向计分（否定措辞）的题项在分析前没有重新编码；这些题项测量的并非同一件事；或受访者太少，"
                        "估计不稳定。在依赖这些维度的差距之前，请先检查题项措辞与编码。"},
    "ipa": {"en": "3. Importance-performance analysis (重要性-绩效分析, IPA)", "zh": "3. 重要性-绩效分析（IPA）"},
    "ipa_weights": {"en": "Importance = the respondents' mean 100-point allocation; performance = mean "
                          "perception (P). The crosshair is at the mean of the dimensions.",
                    "zh": "重要性 = 受访者 100 分重要性分配的平均值；绩效 = 感知（P）平均分。十字线位于各维度的平均值。"},
    "ipa_expect": {"en": "The file has no importance allocations, so importance = mean expectation (E), a "
                         "common stand-in; performance = mean perception (P). The crosshair is at the mean of "
                         "the dimensions.",
                   "zh": "文件中没有重要性分配，因此以期望（E）平均分代替重要性（常见做法）；绩效 = 感知（P）平均分。"
                         "十字线位于各维度的平均值。"},
    "ipa_flat": {"en": "<strong>Read the quadrants with care:</strong> the importance values differ by only "
                       "{spread:.2f} points, so small differences decide the quadrant. The gaps above are the "
                       "firmer guide.",
                 "zh": "<strong>谨慎解读象限：</strong>各维度重要性只相差 {spread:.2f} 分，象限归属取决于细微差异；"
                       "上面的差距分析更可靠。"},
    "priorities": {"en": "4. Priorities for improvement (改进优先级)", "zh": "4. 改进优先级"},
    "priorities_note": {"en": "Priority = importance share × shortfall (−gap when the gap is negative): a large "
                              "gap on a dimension customers care about comes first.",
                        "zh": "优先级 = 重要性占比 × 差距缺口（差距为负时取 −差距）：顾客越看重、差距越大的维度越优先。"},
    "nps": {"en": "Net Promoter Score (净推荐值, NPS)", "zh": "净推荐值（NPS）"},
    "nps_note": {"en": "NPS = % promoters (9–10) − % detractors (0–6), with the adjusted-Wald interval "
                       "(Rocks 2016).",
                 "zh": "NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比，区间为调整 Wald 区间（Rocks 2016）。"},
    "segments": {"en": "Segment comparison (细分群体对比)", "zh": "细分群体对比"},
    "segments_note": {"en": "Mean gap per dimension and segment; p is from a one-way ANOVA of the respondents' "
                            "dimension gaps across segments (p &lt; 0.05: the segments differ beyond noise).",
                      "zh": "各细分群体在各维度的平均差距；p 值来自对受访者维度差距的单因素方差分析"
                            "（p &lt; 0.05 表示群体间差异超出随机波动）。"},
    "method": {"en": "About this report", "zh": "关于本报告"},
    "method_text": {"en": "Made with <code>service-course report</code> from the Service Excellence course. "
                          "SERVQUAL: Parasuraman, Zeithaml &amp; Berry (1988, 1991). IPA: Martilla &amp; James (1977). "
                          "NPS: Reichheld (2003); interval: Rocks (2016). Cronbach (1951); Feldt interval for α. "
                          "The numbers describe the respondents in the file; whether they represent all "
                          "customers depends on how they were sampled.",
                    "zh": "由“卓越服务”课程的 <code>service-course report</code> 生成。SERVQUAL：Parasuraman, Zeithaml "
                          "&amp; Berry（1988, 1991）。IPA：Martilla &amp; James（1977）。NPS：Reichheld（2003），区间："
                          "Rocks（2016）。Cronbach（1951），α 的 Feldt 区间。数字只描述文件中的受访者，能否代表全部顾客"
                          "取决于抽样方式。"},
    "figure": {"en": "Figure {n}", "zh": "图 {n}"},
}


def say(key: str, lang: str = "en", **values) -> str:
    """The report text ``key`` in ``lang`` as HTML, with ``values`` filled in and HTML-escaped.

    Examples
    --------
    >>> say("alpha_low", "en", scales="<b>x</b>").split(". ")[0]
    '<strong>Low or negative α:</strong> &lt;b&gt;x&lt;/b&gt;'
    """
    return str(Markup(pick(TEXT[key], lang)).format(**values))


def industry_label(industry: str | None, lang: str = "en") -> str:
    """Display name of an industry key (restaurant, travel, bank); other names are shown as given.

    Examples
    --------
    >>> industry_label("bank", "zh"), industry_label("Dental clinics"), industry_label(None)
    ('银行', 'Dental clinics', 'Service')
    """
    if not industry:
        return pick({"en": "Service", "zh": "服务"}, lang)
    return pick(INDUSTRIES[industry], lang) if industry in INDUSTRIES else str(industry)
