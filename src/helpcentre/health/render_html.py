"""The health page: one self-contained HTML file for editors, in the feedback report's look,
every stored or written string escaped."""

from __future__ import annotations

from html import escape

from helpcentre.collector.report_style import STYLE, lang_attribute
from helpcentre.health.items import Item, Kind
from helpcentre.health.reader_signals import ScoredArticle
from helpcentre.health.report import HealthReport, OwnerSection
from helpcentre.health.site_signals import SCHEDULED_DAYS

KIND_LABELS = {
    Kind.UNREVIEWED_CHANGE: "Value changing soon",
    Kind.CHANGED_VALUE: "Value changed",
    Kind.OVERDUE_REVIEW: "Review overdue",
    Kind.BROKEN_LINK: "Broken link",
    Kind.LOW_SCORE: "Low score",
    Kind.UNANSWERED_SEARCH: "Unanswered search",
    Kind.SCORE_DROP: "Score dropped",
    Kind.STALE_TRANSLATION: "Translation behind",
    Kind.REDIRECTED_LINK: "Redirected link",
    Kind.REVIEW_DUE_SOON: "Review due soon",
    Kind.PENDING_TRANSLATION: "Translation pending",
}

_EXTRA_STYLE = """\
ol.this-week li { margin: 0.4rem 0; }
.kind { font-weight: 700; }
.where, .who { color: #444; }
.who::before { content: " · "; }
code { overflow-wrap: anywhere; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
"""


def as_html(report: HealthReport) -> str:
    parts = [
        "<main>",
        "<h1>Help centre health</h1>",
        f"<p>As of {report.today.isoformat()}: {len(report.items)} "
        f"thing{'' if len(report.items) == 1 else 's'} to do, the most urgent first.</p>",
        _this_week(report),
        *(_owner_section(report, section, n) for n, section in enumerate(report.owner_sections())),
        _reviews(report),
        _translations(report),
        _scheduled(report),
        _feedback(report),
        "</main>",
    ]
    return _PAGE.format(style=STYLE + _EXTRA_STYLE, body="\n".join(parts))


def _this_week(report: HealthReport) -> str:
    items = report.this_week
    if not items:
        listing = "<p>Nothing to do this week.</p>"
    else:
        listing = '<ol class="this-week">' + "".join(_item(report, i) for i in items) + "</ol>"
    return (
        f'<section aria-labelledby="this-week"><h2 id="this-week">This week</h2>{listing}</section>'
    )


def _item(report: HealthReport, item: Item) -> str:
    owner = report.owner_name(item.owner)
    where = f' <span class="where">at <code>{escape(item.where)}</code></span>' if item.path else ""
    return (
        f'<li data-kind="{item.kind.value}"><span class="kind">{KIND_LABELS[item.kind]}</span> '
        f'<span class="lang">({_lang(item.lang)})</span>: '
        f'<span class="action">{escape(item.action)}</span>.{where} '
        f'<span class="who">Owner: {escape(owner)}</span></li>'
    )


def _owner_section(report: HealthReport, section: OwnerSection, number: int) -> str:
    heading = f"owner-{number}"
    name = section.name(report.source_lang)
    contact = (
        f"<p>Reach them at <code>{escape(section.team.email)}</code>.</p>" if section.team else ""
    )
    if section.items:
        rows = "".join(
            f'<tr data-kind="{i.kind.value}"><td>{KIND_LABELS[i.kind]}</td>'
            f"<td>{escape(i.action)}</td><td>{_where(i)}</td>"
            f"<td>{_lang(i.lang)}</td></tr>"
            for i in section.items
        )
        body = (
            "<table><caption>Everything to do, the most urgent first</caption>"
            f"{_head('kind', 'what to do', 'where', 'language')}<tbody>{rows}</tbody></table>"
        )
    else:
        body = "<p>Nothing to do.</p>"
    return (
        f'<section class="owner" data-owner="{escape(section.owner or "")}" '
        f'aria-labelledby="{heading}"><h2 id="{heading}">{escape(name)}</h2>'
        f"{contact}{body}</section>"
    )


def _reviews(report: HealthReport) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(r.display)}</code></td>"
        f"<td>{escape(report.owner_name(r.owner.value if r.owner else None))}</td>"
        f"<td>{r.last_review.isoformat()}</td><td>{escape(str(r.cadence or '–'))}</td>"
        f"<td>{r.due.isoformat() if r.due else '–'}</td>"
        f"<td>{escape(r.state(report.today).value)}</td></tr>"
        for r in report.reviews
    )
    table = (
        f"<table><caption>Articles of the source language</caption>"
        f"{_head('article', 'owner', 'last review', 'every', 'due', 'state')}"
        f"<tbody>{rows}</tbody></table>"
    )
    return _section("reviews", "Reviews", table if report.reviews else "<p>No articles.</p>")


def _translations(report: HealthReport) -> str:
    rows = []
    for lang, state in report.translations.items():
        stale = ", ".join(f"<code>{escape(p.display)}</code>" for p in state.stale) or "none"
        pending = ", ".join(f"<code>{escape(p.display)}</code>" for p in state.pending) or "none"
        rows.append(f"<tr><td>{_lang(lang)}</td><td>{stale}</td><td>{pending}</td></tr>")
    table = (
        "<table><caption>Translations behind their source, and pending</caption>"
        f"{_head('language', 'behind their source', 'pending')}<tbody>{''.join(rows)}</tbody>"
        "</table>"
    )
    return _section("translations", "Translations", table if rows else "<p>One language.</p>")


def _scheduled(report: HealthReport) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(c.key)}</code></td><td>{c.on.isoformat()}</td>"
        f"<td>{escape(c.before)} → {escape(c.after)}</td>"
        f"<td>{c.scheduled_on.isoformat()}</td>"
        f"<td>{', '.join(f'<code>{escape(r.display)}</code>' for r, _ in c.quoted_by) or 'none'}"
        "</td></tr>"
        for c in report.upcoming
    )
    table = (
        f"<table><caption>Values changing in the next {SCHEDULED_DAYS} days</caption>"
        f"{_head('key', 'on', 'value', 'scheduled on', 'quoted by')}<tbody>{rows}</tbody></table>"
    )
    body = table if report.upcoming else f"<p>No change in the next {SCHEDULED_DAYS} days.</p>"
    return _section("scheduled", "Scheduled changes", body)


def _feedback(report: HealthReport) -> str:
    reader = report.reader
    if reader is None:
        return _section(
            "readers",
            "What readers said",
            "<p>No feedback database given (<code>--feedback</code>).</p>",
        )
    parts = [f"<p>Since {reader.since.isoformat()}.</p>"]
    parts.append(_scores("Lowest scores", reader.lowest))
    parts.append(_scores("Scores that dropped", reader.dropped))
    rows = "".join(
        f'<tr><td lang="{lang_attribute(u.lang)}">{escape(u.query)}</td><td>{_lang(u.lang)}</td>'
        f'<td class="n">{u.count}</td>'
        f"<td>{f'<code>{escape(u.likely)}</code>' if u.likely else 'none'}</td></tr>"
        for u in reader.unanswered
    )
    if rows:
        parts.append(
            "<table><caption>Searches that found nothing</caption>"
            f"{_head('query', 'language', 'searches', 'likely article')}<tbody>{rows}</tbody>"
            "</table>"
        )
    else:
        parts.append("<p>No unanswered search.</p>")
    return _section("readers", "What readers said", "".join(parts))


def _scores(caption: str, scored: list[ScoredArticle]) -> str:
    if not scored:
        return f"<p>{caption}: none.</p>"
    rows = "".join(
        f"<tr><td><code>{escape(s.article)}</code></td><td>{_lang(s.lang)}</td>"
        f'<td class="n">{s.reactions}</td><td class="n">{s.score:.1f}</td>'
        f'<td class="n">{_trend(s.trend)}</td><td class="n">{s.views}</td></tr>'
        for s in scored
    )
    return (
        f"<table><caption>{caption}</caption>"
        f"{_head('article', 'language', 'reactions', 'score', 'trend', 'views')}"
        f"<tbody>{rows}</tbody></table>"
    )


def _where(item: Item) -> str:
    return f"<code>{escape(item.where)}</code>" if item.path else "–"


def _trend(trend: float | None) -> str:
    return "–" if trend is None else f"{trend:+.1f}"


def _head(*names: str) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{n}</th>' for n in names) + "</tr></thead>"


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{title}</h2>{body}</section>'


def _lang(lang: str) -> str:
    return escape(lang)


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Help centre health</title>
<style>
{style}</style>
</head>
<body>
{body}
</body>
</html>
"""
