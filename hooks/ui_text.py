"""Interface strings of the help-centre templates, one mapping per site language."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_decimal

UI_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "all_collections": "Toutes les collections",
        "breadcrumbs": "Fil d'Ariane",
        "skip_to_content": "Aller au contenu",
        "search_label": "Rechercher dans le centre d'aide",
        "search_placeholder": "Rechercher une réponse…",
        "search_button": "Rechercher",
        "home_heading": "Comment pouvons-nous vous aider ?",
        "collections_heading": "Parcourir les collections",
        "articles.one": "{n} article",
        "articles.other": "{n} articles",
        "updated": "Mis à jour",
        "article_covers": "Cet article couvre les sujets suivants",
        "still_need_help": "Vous n'avez pas trouvé votre réponse ?",
        "contact_us": "Contactez-nous",
        "contact_team": "Écrivez à {team} ou appelez-nous :",
        "contact_hours": "Horaires : {hours}",
        "related_articles": "Articles associés",
        "collection_articles": "Articles de cette collection",
        "sidebar_all_articles": "Voir les {n} articles",
        "feedback_slot": "Votre avis sur cet article",
        "translation_pending": (
            "Cet article n'est pas encore disponible en français : "
            "le voici dans sa version originale en {source}."
        ),
        "translation_stale": (
            "La version en {source} de cet article a été mise à jour plus récemment."
        ),
        "translation_read_source": "Lire la version en {source}",
        "search_results": "Résultats de la recherche",
        "search_none": "Aucun article ne correspond à « {q} ».",
        "search_count_one": "{n} article correspond à « {q} ».",
        "search_count_other": "{n} articles correspondent à « {q} ».",
        "search_unavailable": "La recherche n'est pas disponible pour le moment.",
        "not_found_heading": "Page introuvable",
        "not_found_body": "Cette adresse ne mène à aucune page. Cherchez votre réponse ici :",
        "not_found_home": "Retour à l'accueil du centre d'aide",
        "moved_title": "Cet article a déménagé",
        "moved_link": "Lire l'article à sa nouvelle adresse",
        "feedback.question": "Avez-vous trouvé la réponse à votre question ?",
        "feedback.sad": "Non",
        "feedback.neutral": "En partie",
        "feedback.happy": "Oui",
        "feedback.thanks": "Merci pour votre retour !",
        "feedback.sorry": "Merci. Désolés que cet article ne vous ait pas aidé :",
        "feedback.mail_subject": "Centre d'aide : « {title} »",
        "feedback.mail_body": (
            "Article : {article}\nLangue : {lang}\nPage : {url}\n\nMa question :\n"
        ),
    },
    "en": {
        "all_collections": "All collections",
        "breadcrumbs": "Breadcrumbs",
        "skip_to_content": "Skip to content",
        "search_label": "Search the help centre",
        "search_placeholder": "Search for answers…",
        "search_button": "Search",
        "home_heading": "How can we help?",
        "collections_heading": "Browse collections",
        "articles.one": "{n} article",
        "articles.other": "{n} articles",
        "updated": "Updated",
        "article_covers": "This article covers",
        "still_need_help": "Still need help?",
        "contact_us": "Contact us",
        "contact_team": "Write to {team} or call us:",
        "contact_hours": "Opening hours: {hours}",
        "related_articles": "Related articles",
        "collection_articles": "Articles in this collection",
        "sidebar_all_articles": "See all {n} articles",
        "feedback_slot": "Your feedback on this article",
        "translation_pending": (
            "This article is not yet available in English. "
            "Here it is in its original {source} version."
        ),
        "translation_stale": "The {source} version of this article was updated more recently.",
        "translation_read_source": "Read the {source} version",
        "search_results": "Search results",
        "search_none": "No article matches “{q}”.",
        "search_count_one": "{n} article matches “{q}”.",
        "search_count_other": "{n} articles match “{q}”.",
        "search_unavailable": "Search is not available right now.",
        "not_found_heading": "Page not found",
        "not_found_body": "Nothing lives at this address. Search for your answer here:",
        "not_found_home": "Back to the help centre home",
        "moved_title": "This article has moved",
        "moved_link": "Read the article at its new address",
        "feedback.question": "Did this answer your question?",
        "feedback.sad": "No",
        "feedback.neutral": "Partly",
        "feedback.happy": "Yes",
        "feedback.thanks": "Thanks for your feedback!",
        "feedback.sorry": "Thank you. Sorry this article did not help:",
        "feedback.mail_subject": "Help centre: \u201c{title}\u201d",
        "feedback.mail_body": "Article: {article}\nLanguage: {lang}\nPage: {url}\n\nMy question:\n",
    },
}


def ui_text(lang: str) -> dict[str, str]:
    """The interface strings for a language (the source language's when it has none)."""
    return UI_TEXT.get(lang) or UI_TEXT["fr"]


def article_count(count: int, lang: str, locale: str) -> str:
    """'1 article' / '12 articles', with the language's own plural rule (fr: 0 and 1 are
    singular)."""
    form = Locale.parse(locale).plural_form(count)
    template = ui_text(lang).get(f"articles.{form}") or ui_text(lang)["articles.other"]
    return template.format(n=format_decimal(count, locale=locale))
