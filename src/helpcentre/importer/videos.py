"""Video players embedded by the products (YouTube, Vimeo, Loom, Wistia), as plain links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class VideoLink:
    provider: str
    url: str  # the video's own page: no player, no third-party script on the site


_PLAYERS = (
    ("YouTube", re.compile(r"(?:^|\.)youtube(?:-nocookie)?\.com$"), re.compile(r"/embed/([\w-]+)"),
     "https://www.youtube.com/watch?v={}"),
    ("YouTube", re.compile(r"^youtu\.be$"), re.compile(r"/([\w-]+)"),
     "https://www.youtube.com/watch?v={}"),
    ("Vimeo", re.compile(r"(?:^|\.)vimeo\.com$"), re.compile(r"/(?:video/)?(\d+)"),
     "https://vimeo.com/{}"),
    ("Loom", re.compile(r"(?:^|\.)loom\.com$"), re.compile(r"/(?:embed|share)/([0-9a-f]+)"),
     "https://www.loom.com/share/{}"),
    ("Wistia", re.compile(r"(?:^|\.)wistia\.(?:com|net)$"),
     re.compile(r"/(?:embed/iframe|embed/medias|medias)/(\w+)"),
     "https://fast.wistia.net/embed/iframe/{}"),
)  # fmt: skip


def video_link(src: str) -> VideoLink | None:
    """The page of the video a player address shows; None when it is no known player."""
    parts = urlsplit(src if "//" in src else f"https://{src}")
    host = (parts.hostname or "").lower()
    for provider, host_pattern, path_pattern, page in _PLAYERS:
        if host_pattern.search(host):
            match = path_pattern.match(parts.path)
            if match:
                return VideoLink(provider, page.format(match.group(1)))
    return None
