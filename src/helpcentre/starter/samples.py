"""The example pages a new help centre starts with, written in each language we have them in."""

from __future__ import annotations

from dataclasses import dataclass

# The language whose example stands in for a language we have none for.
FALLBACK = "en"


@dataclass(frozen=True)
class Sample:
    """One language's example pages: home, one collection and one article quoting a value."""

    home_title: str
    home_description: str
    collection_slug: str
    collection_title: str
    collection_description: str
    collection_intro: str
    article_slug: str
    article_title: str
    article_description: str
    article_body: str
    support_name: str
    team_name: str
    site_name: str


SAMPLES: dict[str, Sample] = {
    "en": Sample(
        home_title="Help centre",
        home_description="Answers to our customers' questions.",
        collection_slug="getting-started",
        collection_title="Getting started",
        collection_description="What to know in your first days with us.",
        collection_intro="Start here: the questions new customers ask first.",
        article_slug="asking-for-a-refund",
        article_title="Asking for a refund",
        article_description="How long you have to ask for a refund, and who to write to.",
        article_body=(
            "This example article shows how a help centre quotes a policy value: the "
            "refund window below comes from `data/policies.yml`, so changing it there "
            "changes every page that quotes it.\n\n"
            "## How long do I have?\n\n"
            "You can ask for a refund within {{ policy.refunds.window }} of your purchase.\n\n"
            "## Who do I contact?\n\n"
            "Write to {{ policy.contacts.support }} with your order number.\n"
        ),
        support_name="the Support team",
        team_name="Support team",
        site_name="Help centre",
    ),
    "fr": Sample(
        home_title="Centre d'aide",
        home_description="Les réponses aux questions de nos clients.",
        collection_slug="premiers-pas",
        collection_title="Premiers pas",
        collection_description="Ce qu'il faut savoir pendant vos premiers jours avec nous.",
        collection_intro="Commencez ici : les questions que posent d'abord les nouveaux clients.",
        article_slug="demander-un-remboursement",
        article_title="Demander un remboursement",
        article_description="Le délai pour demander un remboursement, et à qui écrire.",
        article_body=(
            "Cet article d'exemple montre comment le centre d'aide cite une valeur : le "
            "délai de remboursement ci-dessous vient de `data/policies.yml`, et le modifier "
            "là-bas modifie toutes les pages qui le citent.\n\n"
            "## De combien de temps est-ce que je dispose ?\n\n"
            "Vous pouvez demander un remboursement dans un délai de "
            "{{ policy.refunds.window }} après votre achat.\n\n"
            "## Qui contacter ?\n\n"
            "Écrivez à {{ policy.contacts.support }} en indiquant votre numéro de commande.\n"
        ),
        support_name="l'équipe Support",
        team_name="Équipe Support",
        site_name="Centre d'aide",
    ),
    "de": Sample(
        home_title="Hilfe-Center",
        home_description="Antworten auf die Fragen unserer Kundinnen und Kunden.",
        collection_slug="erste-schritte",
        collection_title="Erste Schritte",
        collection_description="Was Sie in den ersten Tagen bei uns wissen sollten.",
        collection_intro="Beginnen Sie hier: die Fragen, die neue Kunden zuerst stellen.",
        article_slug="rueckerstattung-beantragen",
        article_title="Eine Rückerstattung beantragen",
        article_description=(
            "Wie lange Sie eine Rückerstattung beantragen können und an wen Sie schreiben."
        ),
        article_body=(
            "Dieser Beispielartikel zeigt, wie das Hilfe-Center einen Wert aus Ihren Regeln "
            "zitiert: Die Frist unten stammt aus `data/policies.yml`; wird sie dort geändert, "
            "ändert sie sich auf jeder Seite, die sie zitiert.\n\n"
            "## Wie viel Zeit habe ich?\n\n"
            "Sie haben nach dem Kauf {{ policy.refunds.window }} Zeit, eine Rückerstattung "
            "zu beantragen.\n\n"
            "## An wen wende ich mich?\n\n"
            "Schreiben Sie an {{ policy.contacts.support }} und nennen Sie Ihre Bestellnummer.\n"
        ),
        support_name="das Support-Team",
        team_name="Support-Team",
        site_name="Hilfe-Center",
    ),
}


def sample_for(lang: str) -> Sample | None:
    """The example in `lang`, or None when we have no text in that language yet."""
    return SAMPLES.get(lang.split("_")[0].split("-")[0])
