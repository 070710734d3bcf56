"""Site-relative and absolute URLs of pages, per language, and the folders of old paths."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from helpcentre.languages import Languages


def article_id_of(src_uri: str, lang: str) -> str:
    """The path every language version shares: `en/billing/x.md` -> `billing/x.md`."""
    return src_uri.removeprefix(f"{lang}/")


def page_path(article_id: str) -> str:
    """Directory URL of a page within its language: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    parts = article_id.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return "".join(f"{part}/" for part in parts)


def page_url(article_id: str, lang: str, languages: Languages) -> str:
    """Site-relative URL of a page in a language (the source language at the root)."""
    return languages.prefix(lang) + page_path(article_id)


def url_in_language(url: str, lang: str, other: str, languages: Languages) -> str:
    """The URL of the same page in another language (the folders mirror each other)."""
    bare = url.removeprefix(languages.prefix(lang))
    return languages.prefix(other) + bare


def alias_folder(alias: str, lang: str, languages: Languages) -> str:
    """Folder of the page an old source path was published at: `a/b.md` -> `en/a/b`."""
    return (languages.prefix(lang) + page_path(alias)).rstrip("/")


def home_url(lang: str, languages: Languages) -> str:
    return languages.prefix(lang)


def absolute_url(site_url: str, url: str) -> str:
    """An absolute address on the site (`site_url` must be set)."""
    return urljoin(site_url, url)


def page_address(site_url: str, url: str) -> str:
    """A page's address for links that leave the page (JSON-LD, emails): absolute when the
    site's URL is known, else from the server root."""
    return absolute_url(site_url, url) if site_url else "/" + url


def site_root_path(site_url: str) -> str:
    """The path the site is served under: '/' or '/help/'."""
    return urlsplit(site_url or "/").path or "/"


def origin_of(url: str) -> str | None:
    """`https://host:port` of an http(s) URL, None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def output_page(html_path: str, languages: Languages) -> tuple[str, str]:
    """The language and language-relative path of a built HTML file (`en/a/index.html`)."""
    relative = html_path.removeprefix("./")
    first, _, rest = relative.partition("/")
    if first in languages.translations and rest:
        return first, rest
    return languages.source, relative
