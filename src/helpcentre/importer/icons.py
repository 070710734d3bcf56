"""An Intercom collection icon's name as the Material icon closest to it."""

from __future__ import annotations

import re

DEFAULT = "material/folder-outline"
# A word of the product's icon name -> a Material icon bundled with the theme.
BY_WORD = {
    "book": "material/book-open-variant",
    "bookmark": "material/bookmark-outline",
    "chat": "material/chat-outline",
    "message": "material/chat-outline",
    "card": "material/credit-card-outline",
    "credit": "material/credit-card-outline",
    "billing": "material/credit-card-outline",
    "money": "material/cash",
    "dollar": "material/cash",
    "lock": "material/lock-outline",
    "security": "material/shield-check-outline",
    "shield": "material/shield-check-outline",
    "settings": "material/cog-outline",
    "gear": "material/cog-outline",
    "cog": "material/cog-outline",
    "user": "material/account-outline",
    "person": "material/account-outline",
    "people": "material/account-group-outline",
    "team": "material/account-group-outline",
    "rocket": "material/rocket-launch-outline",
    "question": "material/help-circle-outline",
    "help": "material/help-circle-outline",
    "star": "material/star-outline",
    "bell": "material/bell-outline",
    "mail": "material/email-outline",
    "email": "material/email-outline",
    "phone": "material/phone-outline",
    "map": "material/map-marker-outline",
    "location": "material/map-marker-outline",
    "calendar": "material/calendar-outline",
    "file": "material/file-document-outline",
    "document": "material/file-document-outline",
    "lightbulb": "material/lightbulb-outline",
    "bulb": "material/lightbulb-outline",
    "truck": "material/truck-outline",
    "shipping": "material/truck-outline",
    "home": "material/home-outline",
    "house": "material/home-outline",
    "wrench": "material/wrench-outline",
    "tools": "material/wrench-outline",
    "chart": "material/chart-line",
    "cart": "material/cart-outline",
    "gift": "material/gift-outline",
    "globe": "material/earth",
    "video": "material/play-circle-outline",
}


def material_icon(name: str | None) -> str:
    for word in re.findall(r"[a-z]+", (name or "").lower()):
        if word in BY_WORD:
            return BY_WORD[word]
    return DEFAULT
