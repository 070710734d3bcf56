"""The Content-Security-Policy: in the head of every page, and as headers for the whole site."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpcentre.urls import origin_of

if TYPE_CHECKING:  # the build's state holds the site's policy
    from helpcentre.mkdocs.state import LanguageBuild, SiteBuild

HEADERS_NAME = "_headers"  # Netlify's and Cloudflare Pages' headers file, at the site root
NGINX_NAME = "nginx-headers.conf"  # the same headers as nginx `add_header` lines
# A published editor's headers, for nginx's `location /admin/` (which then drops the others).
NGINX_EDITOR_NAME = "nginx-admin-headers.conf"

# One pass over the page finds every script element (a script's text cannot hold
# "</script", so the shortest match is the element); its attributes are read apart.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
# Types a browser runs, or checks against script-src (import maps, speculation rules).
# Any other type is a data block the browser never runs (`application/json` for Material's
# configuration, `application/ld+json` for the breadcrumbs): no hash needed.
_RUN_TYPES = {"", "module", "importmap", "speculationrules"}
# The published editor's own policy (Decap CMS at /admin/), no wider than what it was seen
# to need in Chromium with the GitHub backend (sign-in, collections, an article, the media
# library), from the editor's own files only.
EDITOR_DIRECTIVES = (
    "default-src 'self'",
    # Decap checks its configuration with ajv, which compiles each schema with `new Function`.
    "script-src 'self' 'unsafe-eval'",
    # Decap styles its interface with emotion, which writes <style> elements as it renders.
    "style-src 'self' 'unsafe-inline'",
    # Icons as data: images; the media library shows the repository's images as blob: URLs.
    "img-src 'self' data: blob:",
    # The GitHub backend reads and writes the repository through GitHub's API.
    "connect-src 'self' https://api.github.com",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
POLICY_HEADER = "Content-Security-Policy"
_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class ContentPolicy:
    """The site's policy but for the inline scripts, whose hashes each page adds."""

    # Origins other than the site's that pages send requests to: the feedback collector,
    # which also counts unanswered searches.
    connect: tuple[str, ...] = ()

    @classmethod
    def for_endpoint(cls, endpoint: str) -> ContentPolicy:
        origin = origin_of(endpoint) if endpoint else None
        return cls(connect=(origin,) if origin else ())

    def directives(self, hashes: Iterable[str]) -> list[str]:
        """What a `<meta>` policy may carry, allowing the inline scripts of `hashes`."""
        scripts = " ".join(f"'{digest}'" for digest in sorted(set(hashes)))
        return [
            "default-src 'self'",
            # Pagefind runs its search engine as WebAssembly, which Chromium compiles only
            # with 'wasm-unsafe-eval' (it allows WebAssembly, not JavaScript's eval).
            f"script-src 'self' 'wasm-unsafe-eval' {scripts}".rstrip(),
            # A table's aligned columns are style attributes (Markdown writes them; raw HTML
            # may keep text-align only). Styles cannot run script; <style> stays refused.
            "style-src 'self'",
            "style-src-attr 'unsafe-inline'",
            # Material draws its icons in CSS as data: SVG images (masks).
            "img-src 'self' data:",
            " ".join(["connect-src 'self'", *self.connect]),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]

    def for_page(self, hashes: Iterable[str]) -> str:
        return "; ".join(self.directives(hashes))

    def headers(self, hashes: Iterable[str]) -> list[tuple[str, str]]:
        """The site's headers: its pages' policy, plus what only a header can say."""
        policy = "; ".join([*self.directives(hashes), "frame-ancestors 'none'"])
        return [
            (POLICY_HEADER, policy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ]


def inline_script_hashes(page: str) -> set[str]:
    """`sha256-…` of every inline script of the page a browser would run."""
    hashes = set()
    for match in _SCRIPT.finditer(page):
        attributes, text = match[1], match[2]
        if _SRC.search(attributes) or not _runs(attributes):
            continue
        # A browser reads the page's line ends as \n before it hashes a script's text.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        hashes.add("sha256-" + base64.b64encode(digest).decode("ascii"))
    return hashes


def _runs(attributes: str) -> bool:
    found = _TYPE.search(attributes)
    if found is None:
        return True
    kind = next(value for value in found.groups() if value is not None).strip().lower()
    return kind in _RUN_TYPES or "javascript" in kind or "ecmascript" in kind


def secure_page(page: str, policy: ContentPolicy, text: str = "") -> tuple[str, set[str]]:
    """The page with its policy as the first thing after `<meta charset>` (before anything
    the policy governs), and the hashes of the inline scripts it allows: the page's, but
    none that is in `text`, the article's HTML. An article may hold no script (the build
    refuses one), so one found there got past that check: it stays blocked."""
    hashes = inline_script_hashes(page)
    if hashes and text:
        hashes -= inline_script_hashes(text)
    where = _CHARSET.search(page) or _HEAD.search(page)
    if where is None:  # not an HTML page
        return page, hashes
    content = html.escape(policy.for_page(hashes), quote=False).replace('"', "&quot;")
    meta = f'\n<meta http-equiv="{POLICY_HEADER}" content="{content}">'
    return page[: where.end()] + meta + page[where.end() :], hashes


def secure(site: SiteBuild, build: LanguageBuild, page: str, text: str = "") -> str:
    """A page the build writes, with its policy (`text`: its article's HTML, if any); the
    language keeps the hashes it allows for the site's headers."""
    if site.policy is None:
        return page
    page, hashes = secure_page(page, site.policy, text)
    build.script_hashes |= hashes
    return page


def write_headers(site: SiteBuild, site_dir: Path, editor: str | None = None) -> None:
    """`_headers` (Netlify, Cloudflare Pages) and the same lines for nginx: one policy for
    the whole site, so it allows the inline scripts of every page of every language.

    With a published editor (`editor`: its folder), the site's policy goes to every
    top-level path but the editor's, which gets the editor's own policy: both hosts send
    every rule a path matches, so a site-wide `/*` policy would also block the editor."""
    if site.policy is None:
        return
    hashes = set().union(*(build.script_hashes for build in site.by_language.values()))
    headers = site.policy.headers(hashes)
    _write_nginx(site_dir / NGINX_NAME, headers)
    rules: list[tuple[str, list[tuple[str, str]]]] = [("/*", headers)]
    if editor is not None:
        policy = [(name, value) for name, value in headers if name == POLICY_HEADER]
        others = [(name, value) for name, value in headers if name != POLICY_HEADER]
        editor_headers = [(POLICY_HEADER, "; ".join(EDITOR_DIRECTIVES)), *others]
        _write_nginx(site_dir / NGINX_EDITOR_NAME, editor_headers)
        rules = [
            ("/*", others),
            *((path, policy) for path in _public_paths(site_dir, editor)),
            (f"/{editor}/*", editor_headers[:1]),
        ]
    lines = [line for path, pairs in rules for line in (path, *_header_lines(pairs))]
    (site_dir / HEADERS_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _public_paths(site_dir: Path, editor: str) -> list[str]:
    """The paths `_headers` gives the site's policy to: the root and each top-level file
    and folder, but the editor's folder and `_headers` itself."""
    paths = ["/"]
    for entry in sorted(site_dir.iterdir()):
        if entry.name in (editor, HEADERS_NAME):
            continue
        paths.append(f"/{entry.name}/*" if entry.is_dir() else f"/{entry.name}")
    return paths


def _header_lines(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"  {name}: {value}" for name, value in pairs]


def _write_nginx(path: Path, headers: list[tuple[str, str]]) -> None:
    nginx = [f'add_header {name} "{value}" always;' for name, value in headers]
    path.write_text("\n".join(nginx) + "\n", encoding="utf-8")
