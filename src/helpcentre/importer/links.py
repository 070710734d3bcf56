"""Links between imported pages: a product address (any language, custom domain) or a bare
id becomes a relative link to the imported file in the linking page's language."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from helpcentre.importer.model import Export

# The kind and id an address of either product names.
_ADDRESS = re.compile(r"/(articles|collections|sections|categories)/(\d+)(?:[-/][^/]*)?/?$")
_KINDS = {
    "articles": "article",
    "collections": "collection",
    "sections": "section",
    "categories": "category",
}


@dataclass
class LinkIndex:
    paths: dict[str, str]  # key -> path under docs/<lang>/
    hosts: set[str] = field(default_factory=set)  # the help centre's hosts

    @classmethod
    def of(cls, export: Export, paths: dict[str, str], domains: list[str]) -> LinkIndex:
        hosts = {domain.lower() for domain in domains}
        for item in [*export.articles.values(), *export.collections.values()]:
            for version in item.versions.values():
                hosts.update(urlsplit(url).hostname or "" for url in version.urls)
        hosts.discard("")
        return cls(paths, hosts)

    def target(self, href: str) -> tuple[str | None, bool]:
        """(key of the imported page `href` names, whether it names the help centre)."""
        if href.isdigit():
            return (f"article:{href}" if f"article:{href}" in self.paths else None), True
        parts = urlsplit(href)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("", "http", "https") or (host and host not in self.hosts):
            return None, False
        if not host and not href.startswith("/"):
            return None, False  # a relative link of the site's own
        match = _ADDRESS.search(parts.path)
        if not match:
            return None, bool(host) and _looks_like_help_centre(parts.path)
        kind = _KINDS[match.group(1)]
        keys = [f"{kind}:{match.group(2)}"]
        if kind == "collection":  # Intercom's sections have collection addresses too
            keys.append(f"section:{match.group(2)}")
        return next((key for key in keys if key in self.paths), None), True

    def relative(self, key: str, from_path: str) -> str:
        """The link from the page at `from_path` to the imported page `key`."""
        return posixpath.relpath(self.paths[key], posixpath.dirname(from_path) or ".")


def _looks_like_help_centre(path: str) -> bool:
    return "/articles/" in path or "/collections/" in path or path.startswith("/hc/")
