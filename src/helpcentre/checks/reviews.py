"""Owners and reviews in `helpcentre check`: unknown owners (HC921), reviews due soon
(HC922) or overdue (HC923, or HC924 where the site makes it an error), and values changed
since an article's last review (HC925)."""

from __future__ import annotations

from helpcentre.checks.project import Project
from helpcentre.health.history import read_history
from helpcentre.health.reviews import ReviewState, article_reviews
from helpcentre.health.site_signals import changed_values
from helpcentre.health.teams import load_teams
from helpcentre.mkdocs.errors import BuildProblems
from helpcentre.mkdocs.state import build_date
from helpcentre.problems import Problem


def review_problems(project: Project) -> list[Problem]:
    settings = project.settings.reviews
    try:
        today = build_date(project.time_zone)
    except BuildProblems:
        return []  # the build reports HELPCENTRE_AS_OF
    teams_file = project.root / settings.teams_file
    shown = project.display(teams_file)
    teams = load_teams(teams_file, shown, project.languages.complete)
    problems = [p.with_code("HC921") for p in teams.problems]
    reviews = article_reviews(project, settings.every)
    owners = {r.owner for r in reviews if r.owner is not None}
    for owner in sorted(owners, key=lambda o: (o.where, o.line)):
        if owner.value not in teams.by_id and not teams.problems:
            message = teams.unknown_owner(owner.value)
            problems.append(Problem(owner.where, owner.line, owner.col, message, "HC921"))
    overdue_code = "HC924" if settings.overdue == "error" else "HC923"
    for review in reviews:
        state = review.state(today)
        line, col = review.reviewed_position
        command = f"then run helpcentre reviewed {review.display}"
        if state == ReviewState.OVERDUE:
            message = (
                f"review overdue since {review.due} (every {review.cadence}, last review "
                f"{review.last_review}): reread the article, {command}"
            )
            problems.append(Problem(review.display, line, col, message, overdue_code))
        elif state == ReviewState.DUE_SOON:
            message = (
                f"review due on {review.due} (every {review.cadence}, last review "
                f"{review.last_review}): reread the article, {command}"
            )
            problems.append(Problem(review.display, line, col, message, "HC922"))
    history = read_history(project.root, project.data_file, today)
    for changed in changed_values(reviews, history, today):
        change = changed.change
        how = "edited in the data file" if change.how == "edited" else "scheduled value"
        message = (
            f"value {change.key} changed from {change.before} to {change.after} on "
            f"{change.on} ({how}) after the last review ({changed.review.last_review}): "
            f"reread the sentences around it, then run helpcentre reviewed {changed.review.display}"
        )
        problems.append(
            Problem(changed.review.display, changed.quote.line, changed.quote.col, message, "HC925")
        )
    return problems
