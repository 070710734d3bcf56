"""`build-info.json` at the site root: when it was built, for which date, what changes next."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from helpcentre.mkdocs.state import SiteBuild
from helpcentre.schedule import next_change

BUILD_INFO_NAME = "build-info.json"
log = logging.getLogger("mkdocs.hooks.helpcentre.build_info")


def write_build_info(site: SiteBuild, config: MkDocsConfig) -> None:
    """Written by complete builds only: a `--dirty` rebuild knows which keys its few
    rendered pages quote, not the others', so it keeps the last complete build's file
    (a data-file change empties the site, so that file never names stale values)."""
    if not all(build.rendered_every_page() for build in site.by_language.values()):
        log.info("partial rebuild: %s waits for a complete build", BUILD_INFO_NAME)
        return
    target = Path(config.site_dir, BUILD_INFO_NAME)
    text = json.dumps(build_info(site, _now()), ensure_ascii=False, indent=1, sort_keys=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so a monitor polling the file never reads half of it.
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, target)


def build_info(site: SiteBuild, built_at: dt.datetime) -> dict[str, Any]:
    """The file's content: every list sorted, so two builds of one tree differ only in
    `built_at`."""
    change = next_change(site.book, site.as_of)
    next_info: dict[str, Any] | None = None
    if change is not None:
        keys = set(change.keys)
        articles = {
            lang: sorted(
                article_id
                for (page_lang, article_id), used in site.used_by_page.items()
                if page_lang == lang and used & keys
            )
            for lang in site.languages.all
        }
        next_info = {
            "date": change.date.isoformat(),
            "keys": list(change.keys),
            "articles": articles,
        }
    return {
        "built_at": built_at.isoformat().replace("+00:00", "Z"),
        "values_as_of": site.as_of.isoformat(),
        "next_change": next_info,
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
