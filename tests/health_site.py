"""A tiny help centre with owners, reviews, a git history of its data file and a seeded
feedback database, for the content-health tests."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from conftest import write_project

from helpcentre.collector.store import Reaction, open_store
from helpcentre.content.sources import parse_source, source_hash

TODAY = dt.date(2026, 6, 1)  # the tests' build date (conftest's HELPCENTRE_AS_OF)

TEAMS = """\
billing:
  name: {fr: Équipe Facturation, en: Billing team}
  email: billing@example.com
support:
  name: {fr: Équipe Support, en: Support team}
  email: support@example.com
"""

POLICIES_MARCH = """\
cancellation:
  notice_period:
    type: duration
    values:
      - {from: 2024-01-01, value: 30 days}
fees:
  default_fee:
    type: money
    value: 20.00 GBP
"""
# 15 April: the fee is edited. 1 May: a longer notice period is scheduled for 10 June.
POLICIES_APRIL = POLICIES_MARCH.replace("20.00 GBP", "25.00 GBP")
POLICIES_MAY = POLICIES_APRIL.replace(
    "      - {from: 2024-01-01, value: 30 days}\n",
    "      - {from: 2024-01-01, value: 30 days}\n      - {from: 2026-06-10, value: 60 days}\n",
)

SOURCES = {
    "fr/index.md": "---\ntitle: Centre d'aide\ndescription: Accueil.\n---\n",
    "fr/facturation/index.md": (
        "---\ntitle: Facturation\ndescription: Vos paiements.\nicon: material/cash\n"
        "order: 1\nowner: billing\nreview_every: 6 months\n---\n"
    ),
    "fr/facturation/annulation.md": (
        "---\ntitle: Annuler\ndescription: Comment annuler.\nreviewed: 2026-04-01\n"
        "aliases: [facturation/ancienne.md]\n---\n\n"
        "## Préavis\n\nLe préavis est de {{ policy.cancellation.notice_period }}.\n\n"
        "## Frais\n\nDes frais de {{ policy.fees.default_fee }} peuvent s'appliquer, "
        "sans remboursement.\n"
    ),
    "fr/facturation/factures.md": (
        "---\ntitle: Factures\ndescription: Vos factures.\nreviewed: 2025-10-01\n---\n\n"
        "Vos factures arrivent chaque mois par courriel.\n"
    ),
    "fr/compte/index.md": (
        "---\ntitle: Compte\ndescription: Votre compte.\nicon: material/account\n"
        "order: 2\nowner: support\n---\n"
    ),
    "fr/compte/mot-de-passe.md": (
        "---\ntitle: Mot de passe\ndescription: Changer le mot de passe.\n"
        "reviewed: 2025-06-10\n---\n\n"
        "Voir aussi [l'annulation](../facturation/ancienne.md).\n"
    ),
    "fr/divers/index.md": (
        "---\ntitle: Divers\ndescription: Le reste.\nicon: material/dots-horizontal\n"
        "order: 3\n---\n"
    ),
    "fr/divers/contact.md": (
        "---\ntitle: Contact\ndescription: Nous joindre.\nreviewed: 2026-05-20\n---\n\n"
        "Écrivez-nous, ou lisez [la page](inexistante.md).\n"
    ),
}
# English titles of the translated pages; `None`: still pending.
ENGLISH = {
    "index.md": "Help centre",
    "facturation/index.md": "Billing",
    "facturation/annulation.md": "Cancelling",
    "facturation/factures.md": None,
    "compte/index.md": "Account",
    "compte/mot-de-passe.md": "Password",
    "divers/index.md": "Other",
    "divers/contact.md": "Contact",
}
# Translated before its source changed: the English version is behind.
STALE = "facturation/annulation.md"


def make_site(root: Path) -> Path:
    """Write the site and commit its history: March, the fee edited on 15 April, the
    notice period scheduled on 1 May."""
    write_project(root, docs={**SOURCES, **_english()}, policies=POLICIES_MARCH)
    (root / "data" / "teams.yml").write_text(TEAMS, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  helpcentre:\n", "  helpcentre:\n    reviews:\n      every: 12 months\n", 1),
        encoding="utf-8",
    )
    run_git(root, None, "init", "-q", "-b", "main")
    commit_all(root, "2026-03-01", "the site")
    (root / "data" / "policies.yml").write_text(POLICIES_APRIL, encoding="utf-8")
    commit_all(root, "2026-04-15", "a higher fee")
    (root / "data" / "policies.yml").write_text(POLICIES_MAY, encoding="utf-8")
    commit_all(root, "2026-05-01", "a longer notice period from 10 June")
    return root


def _english() -> dict[str, str]:
    pages = {}
    for article_id, title in ENGLISH.items():
        source = SOURCES[f"fr/{article_id}"]
        if title is None:
            pages[f"en/{article_id}"] = (
                "---\ntitle: Invoices\ndescription: Your invoices.\ntranslation: pending\n---\n"
            )
            continue
        parsed = parse_source(Path(article_id), source)
        recorded = "0123456789" if article_id == STALE else source_hash(parsed)
        meta = "\n".join(
            line
            for line in source.split("---\n")[1].splitlines()
            if line.startswith(("icon:", "order:"))
        )
        body = parsed.body.replace("Le préavis", "The notice").replace("Voir", "See") or ""
        pages[f"en/{article_id}"] = (
            f"---\ntitle: {title}\ndescription: English {title}.\n{meta}\n"
            f'source_hash: "{recorded}"\n---\n\n{body}'
        ).replace("\n\n---", "\n---")
    return pages


def commit_all(root: Path, day: str, message: str) -> None:
    run_git(root, day, "add", "-A")
    run_git(root, day, "commit", "-q", "-m", message)


def run_git(root: Path, day: str | None, *args: str) -> None:
    stamp = f"{day}T10:00:00+00:00" if day else ""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.com",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env)


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T09:00:00+00:00")


def seed_feedback(location: str) -> None:
    """Low scores, a drop, views and unanswered searches, on both sides of 4 May (the
    start of the report's 28-day window)."""
    store = open_store(location)
    try:
        votes = [
            ("facturation/annulation.md", "fr", ["sad"] * 4 + ["happy"], "2026-05-20"),
            ("compte/mot-de-passe.md", "fr", ["sad", "sad", "neutral"], "2026-05-21"),
            ("divers/contact.md", "fr", ["happy"] * 5, "2026-04-20"),
            ("divers/contact.md", "fr", ["sad"] * 3, "2026-05-22"),
            ("compte/mot-de-passe.md", "en", ["happy"] * 3, "2026-05-23"),
        ]
        number = 0
        for article, lang, reactions, day in votes:
            for reaction in reactions:
                number += 1
                vote = f"vote{number:012d}"
                store.add_reaction(
                    Reaction(article, lang, reaction, f"/{article}", "b1", vote), at(day)
                )
        views = [
            ("facturation/annulation.md", "fr", 120),
            ("compte/mot-de-passe.md", "fr", 30),
            ("divers/contact.md", "fr", 10),
        ]
        for article, lang, count in views:
            for _ in range(count):
                store.add_page_view(article, lang, at("2026-05-25"))
        searches = [("fr", "rembourser", 7), ("fr", "carte grise", 4), ("en", "refund", 2)]
        for lang, query, count in searches:
            for reader in range(count):
                store.add_search_miss(lang, query, at("2026-05-26"), f"reader-{reader}")
    finally:
        store.close()
