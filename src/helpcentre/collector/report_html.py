"""The report as one self-contained HTML page for editors: tables, links and charts
(matplotlib, inlined as SVG), no request to any other site, every stored value escaped."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import escape

from matplotlib import rcParams
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from helpcentre.collector.report import (
    SEARCH_MISS_THRESHOLD,
    ReportData,
    article_title,
    article_url,
    footer,
    source_path,
)
from helpcentre.collector.report_style import STYLE, lang_attribute
from helpcentre.collector.store import ArticleScore, WeekScore
from helpcentre.contract import REACTION_NAMES, REACTIONS

# Text stays text in the SVG (small, searchable); the hash salt makes the output stable.
rcParams["svg.fonttype"] = "none"
rcParams["svg.hashsalt"] = "helpcentre-report"
COLOURS = {"sad": "#c0392b", "neutral": "#b7950b", "happy": "#1e8449"}
CHART_ARTICLES = 15


def as_html(data: ReportData) -> str:
    langs = sorted({s.lang for s in data.scores} | {w.lang for w in data.weeks} | set(data.misses))
    sections = [_language_section(data, lang) for lang in langs]
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(sections) or "<p>No reactions yet.</p>"
    return _PAGE.format(
        generated=escape(generated), body=body, footer=escape(footer()), style=STYLE
    )


def _language_section(data: ReportData, lang: str) -> str:
    scores = [s for s in data.scores if s.lang == lang]
    weeks = [w for w in data.weeks if w.lang == lang]
    parts = [f'<section lang="{lang_attribute(lang)}"><h2>Language: {escape(lang)}</h2>']
    if scores:
        parts.append("<h3>Articles, worst score first</h3>")
        parts.append(_figure(_reactions_chart(scores[:CHART_ARTICLES]), "Reactions per article"))
        parts.append(_scores_table(data, scores))
    if weeks:
        parts.append("<h3>Weekly trend</h3>")
        parts.append(_figure(_trend_chart(weeks), f"Score and reactions per week ({lang})"))
        parts.append(_weeks_table(weeks))
    misses = data.misses.get(lang, [])
    parts.append(
        f"<h3>Searches that found nothing (by {SEARCH_MISS_THRESHOLD} readers or more)</h3>"
    )
    if misses:
        rows = "".join(
            f"<tr><td>{escape(m.query)}</td><td class=n>{m.count}</td></tr>" for m in misses
        )
        parts.append(f"<table><tr><th>query</th><th>searches</th></tr>{rows}</table>")
    else:
        parts.append("<p>None yet.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _scores_table(data: ReportData, scores: list[ArticleScore]) -> str:
    head = "".join(f"<th>{escape(emoji)}</th>" for _, emoji in REACTIONS)
    rows = []
    for s in scores:
        url = article_url(data, s.article, s.lang)
        title = escape(article_title(data.manifest, s.article, s.lang))
        link = f'<a href="{escape(url)}">{title}</a>' if url and _safe_url(url) else title
        counts = "".join(f"<td class=n>{s.count(name)}</td>" for name in REACTION_NAMES)
        rows.append(
            f"<tr><td>{link}</td><td><code>{escape(source_path(s.article, s.lang))}</code></td>"
            f"{counts}<td class=n>{s.total}</td><td class=n>{s.score:.1f}</td></tr>"
        )
    return (
        f"<table><tr><th>article</th><th>source</th>{head}<th>total</th><th>score</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _weeks_table(weeks: list[WeekScore]) -> str:
    head = "".join(f"<th>{escape(emoji)}</th>" for _, emoji in REACTIONS)
    rows = "".join(
        f"<tr><td>{w.week.isoformat()}</td>"
        + "".join(f"<td class=n>{n}</td>" for n in w.counts)
        + f"<td class=n>{w.total}</td><td class=n>{w.score:.1f}</td></tr>"
        for w in weeks
    )
    return f"<table><tr><th>week of</th>{head}<th>total</th><th>score</th></tr>{rows}</table>"


def _reactions_chart(scores: list[ArticleScore]) -> Figure:
    """Stacked horizontal bars, worst article at the top."""
    figure = Figure(figsize=(7.5, 0.35 * len(scores) + 1.0))
    axes = figure.add_subplot()
    labels = [_short(s.article) for s in scores]
    positions = list(range(len(scores)))[::-1]
    left = [0] * len(scores)
    for name in REACTION_NAMES:
        counts = [s.count(name) for s in scores]
        axes.barh(positions, counts, left=left, color=COLOURS.get(name), label=name)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_yticks(positions, labels)
    axes.set_xlabel("reactions")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    figure.tight_layout()
    return figure


def _trend_chart(weeks: list[WeekScore]) -> Figure:
    figure = Figure(figsize=(7.5, 2.8))
    axes = figure.add_subplot()
    days = [w.week for w in weeks]
    axes.bar(days, [w.total for w in weeks], width=5, color="#d5dbdb", label="reactions")
    axes.set_ylabel("reactions")
    score_axes = axes.twinx()
    score_axes.plot(days, [w.score for w in weeks], marker="o", color="#1f4e79", label="score")
    score_axes.set_ylim(0, 100)
    score_axes.set_ylabel("score")
    axes.set_xticks(days, [day.isoformat() for day in days])
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def _figure(figure: Figure, caption: str) -> str:
    out = io.StringIO()
    FigureCanvasSVG(figure).print_svg(out, metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and doctype
    return f'<figure role="img" aria-label="{escape(caption)}">{svg}</figure>'


def _short(text: str) -> str:
    return text if len(text) <= 48 else "…" + text[-47:]


def _safe_url(url: str) -> bool:
    return bool(re.match(r"(https?://[^\s\"'<>]+|/[^\s\"'<>]*)$", url))


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Help centre feedback report</title>
<style>
{style}</style>
</head>
<body>
<h1>Help centre feedback report</h1>
<p>Generated {generated}. {footer}.</p>
{body}
</body>
</html>
"""
