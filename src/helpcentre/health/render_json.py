"""The health report as JSON, for scripts and dashboards (`helpcentre health --json`)."""

from __future__ import annotations

import json
from typing import Any

from helpcentre.health.report import HealthReport

# Raised whenever the meaning of a field changes.
JSON_FORMAT = 1


def as_json(report: HealthReport) -> str:
    document: dict[str, Any] = {
        "format": JSON_FORMAT,
        "as_of": report.today.isoformat(),
        "this_week": [item.as_json() for item in report.this_week],
        "owners": [
            {
                "owner": section.owner,
                "name": section.name(report.source_lang),
                "email": section.team.email if section.team else None,
                "items": [item.as_json() for item in section.items],
            }
            for section in report.owner_sections()
        ],
        "reviews": [
            {
                "path": review.display,
                "owner": review.owner.value if review.owner else None,
                "every": str(review.cadence) if review.cadence else None,
                "reviewed": _date(review.reviewed),
                "last_review": review.last_review.isoformat(),
                "due": _date(review.due),
                "state": review.state(report.today).value,
            }
            for review in report.reviews
        ],
        "changed_values": [
            {
                "path": changed.review.display,
                "line": changed.quote.line,
                "key": changed.change.key,
                "before": changed.change.before,
                "after": changed.change.after,
                "on": changed.change.on.isoformat(),
                "how": changed.change.how,
            }
            for changed in report.changed
        ],
        "scheduled": [
            {
                "key": change.key,
                "on": change.on.isoformat(),
                "before": change.before,
                "after": change.after,
                "scheduled_on": change.scheduled_on.isoformat(),
                "quoted_by": [review.display for review, _ in change.quoted_by],
                "unreviewed": [review.display for review, _ in change.unreviewed()],
            }
            for change in report.upcoming
        ],
        "translations": {
            lang: {
                "stale": [page.display for page in state.stale],
                "pending": [page.display for page in state.pending],
            }
            for lang, state in report.translations.items()
        },
        "links": [
            {
                "path": link.page.display,
                "line": link.line,
                "target": link.target,
                "moved_to": link.moved_to,
            }
            for link in report.links
        ],
        "feedback": _feedback(report),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _feedback(report: HealthReport) -> dict[str, Any] | None:
    reader = report.reader
    if reader is None:
        return None

    def scored(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "article": s.article,
                "lang": s.lang,
                "reactions": s.reactions,
                "score": s.score,
                "trend": s.trend,
                "views": s.views,
            }
            for s in items
        ]

    return {
        "since": reader.since.isoformat(),
        "lowest": scored(reader.lowest),
        "dropped": scored(reader.dropped),
        "unanswered_searches": [
            {"lang": u.lang, "query": u.query, "count": u.count, "likely_article": u.likely}
            for u in reader.unanswered
        ],
        "views": sum(reader.views.values()),
    }


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
