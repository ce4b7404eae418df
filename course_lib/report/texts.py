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

from ..lang import T, pick

__all__ = ["TEXT", "INDUSTRIES", "say", "industry_label"]

INDUSTRIES: dict[str, dict[str, str]] = {
    "restaurant": T("Restaurant"),
    "travel": T("Travel and hotels"),
    "bank": T("Banking"),
}

TEXT: dict[str, dict[str, str]] = {
    "title": T("Service quality report: {industry}"),
    "page_title": T("{industry} – service quality report"),
    "intro": T("Survey file <strong>{source}</strong>: {n} respondents, {k} SERVQUAL items "
               "asked as expectation (E) and perception (P) on a {lo}–{hi} scale. Gap = P − E: "
               "negative means customers got less than they expected. Intervals are 95% "
               "confidence intervals."),
    "small": T("<strong>Caution:</strong> fewer than 30 respondents: the intervals are wide; "
               "read the results as indications, not as proof."),
    "dropped": T("Personal columns left out of this report: {cols}."),
    "duplicates_out": T("<strong>Duplicates:</strong> {count} repeated submission(s) found ({how}) and "
                        "left out of the analysis (the first submission of each is kept; {rows} of the "
                        "file). To keep them, run the report with <code>--keep-duplicates</code>."),
    "duplicates_kept": T("<strong>Duplicates:</strong> {count} repeated submission(s) found ({how}, "
                         "{rows} of the file) and kept in the analysis, as asked with "
                         "<code>--keep-duplicates</code>."),
    "dup_by_respondent": T("the same respondent ID more than once"),
    "dup_by_answers": T("the file has no respondent ID: rows identical in every column"),
    "gaps": T("1. SERVQUAL gaps by dimension (服务质量差距)"),
    "gaps_note": T("A dimension whose whole interval lies below 0 falls short of expectations "
                   "beyond sampling noise."),
    "overall": T("Overall SERVQUAL score (mean of the dimension gaps): <strong>{score}</strong>; "
                 "SERVPERF (mean perception): {servperf}."),
    "overall_weighted": T(" Weighted by each respondent's importance points: <strong>{weighted}</strong>."),
    "worst_items": T("The five items with the largest shortfall"),
    "reliability": T("2. Reliability of the scales (信度, Cronbach's α)"),
    "reliability_note": T("α of 0.7 or more is commonly taken as acceptable for comparing groups (Nunnally "
                          "1978); dimensions with a single item have no α."),
    "alpha_low": T("<strong>Low or negative α:</strong> {scales}. An α below 0.5, and above all a "
                   "negative one, usually means one of three things: reverse-keyed (negatively "
                   "worded) items were not recoded before the analysis; the items do not measure "
                   "one thing; or there are too few respondents for a stable estimate. Check the "
                   "item wording and coding before relying on these dimensions' gaps."),
    "ipa": T("3. Importance-performance analysis (重要性-绩效分析, IPA)"),
    "ipa_weights": T("Importance = the respondents' mean 100-point allocation; performance = mean "
                     "perception (P). The crosshair is at the mean of the dimensions."),
    "ipa_expect": T("The file has no importance allocations, so importance = mean expectation (E), a "
                    "common stand-in; performance = mean perception (P). The crosshair is at the "
                    "mean of the dimensions."),
    "ipa_flat": T("<strong>Read the quadrants with care:</strong> the importance values differ by "
                  "only {spread:.2f} points, so small differences decide the quadrant. The gaps "
                  "above are the firmer guide."),
    "priorities": T("4. Priorities for improvement (改进优先级)"),
    "priorities_note": T("Priority = importance share × shortfall (−gap when the gap is negative): a "
                         "large gap on a dimension customers care about comes first."),
    "nps": T("Net Promoter Score (净推荐值, NPS)"),
    "nps_note": T("NPS = % promoters (9–10) − % detractors (0–6), with the adjusted-Wald interval "
                  "(Rocks 2016)."),
    "segments": T("Segment comparison (细分群体对比)"),
    "segments_note": T("Mean gap per dimension and segment; p is from a one-way ANOVA of the "
                       "respondents' dimension gaps across segments (p &lt; 0.05: the segments differ "
                       "beyond noise)."),
    "method": T("About this report"),
    "method_text": T("Made with <code>service-course report</code> from the Service Excellence "
                     "course. SERVQUAL: Parasuraman, Zeithaml &amp; Berry (1988, 1991). IPA: Martilla "
                     "&amp; James (1977). NPS: Reichheld (2003); interval: Rocks (2016). Cronbach "
                     "(1951); Feldt interval for α. The numbers describe the respondents in the file; "
                     "whether they represent all customers depends on how they were sampled."),
    "figure": T("Figure {n}"),
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
        return pick(T("Service"), lang)
    return pick(INDUSTRIES[industry], lang) if industry in INDUSTRIES else str(industry)
