"""What the import tests move in: an Intercom and a Zendesk help centre in the products'
documented shapes, a local image server (one address expired), and running the command."""

from __future__ import annotations

import contextlib
import http.server
import io
from dataclasses import dataclass
from pathlib import Path

from bench.import_responses import INTERCOM_HOST, ZENDESK_HOST, Item, Text
from helpcentre.cli import main

# A 1x1 PNG: the image server's answer to every address but the expired ones.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cf000000030101004f6d5a3c0000000049454e44ae426082"
)
POLICIES = """\
refunds:
  window:
    type: duration
    value: 14 days
delivery:
  delay:
    type: duration
    value: 30 days
returns:
  window:
    type: duration
    value: 30 days
contacts:
  support:
    type: contact
    value:
      name: {fr: "l'équipe Support", en: "the Support team"}
      email: support@example.com
"""


CALLOUT = "intercom-interblocks-callout"
# Markup, a marker and Markdown in a title the nested collection's overview lists.
CLOSE_EN = "Close the <i>account</i> {now} *[x]*"


class ImageHandler(http.server.BaseHTTPRequestHandler):
    """A CDN: signed addresses answer with the image, expired ones with 403."""

    def do_GET(self) -> None:
        if self.path.startswith("/expired/"):
            self.send_response(403)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Run:
    status: int
    out: list[str]
    err: list[str]


def run_command(root: Path, *args: str) -> Run:
    """`helpcentre ARGS` in the site's folder, with what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return Run(status, out.getvalue().splitlines(), err.getvalue().splitlines())


def every_block(lang: str, images: str, other_article: str, other_heading: str) -> str:
    """An Intercom body with each construct the import converts, in `lang`'s words;
    `other_heading`: a heading's id in the text of `other_article`'s address."""
    words = {
        "fr": ("Avant de commencer :", "Vous avez", "jours", "Étapes", "Et si je déménage ?"),
        "en": ("Before you start:", "You have", "days", "Steps", "And if I move?"),
    }[lang]
    start, you_have, days, steps, question = words
    return f"""
<h1 id="h_4a1b2c"><b>{start}</b></h1>
<p class="no-margin">{you_have} <b>14 {days}</b>, &lt;img src=x onerror=alert(1)&gt;
<a href="{other_article}">→ 1</a> <a href="102">→ 2</a>
<a href="{INTERCOM_HOST}/{lang}/articles/999-gone">→ 3</a> <a href="#h_9z">→ 4</a>
<a href="{other_article}#{other_heading}">→ 5</a> <a href="{other_article}#h_gone">→ 6</a>.
{{{{ name }}}} {{% if %}}</p>
<div class="{CALLOUT}" style="background-color: #feedaf80;"><p><b>!</b> 30 {days}.</p></div>
<div class="{CALLOUT}" style="background-color: #d7efdc80;"><p>+</p></div>
<div class="{CALLOUT}" style="background-color: #e3e7fa80;"><p>i</p></div>
<h3 id="h_9z">{steps}</h3>
<ol><li><p>1</p><ul><li>1.1</li></ul></li><li><p>2</p></li></ol>
<div class="intercom-interblocks-table-container"><table role="presentation"><tbody>
<tr><td><p>Plan</p></td><td><p>€</p></td></tr><tr><td><p>A|B</p></td><td><p>10</p></td></tr>
</tbody></table></div>
<details><summary>{question}</summary><p>OK</p></details>
<pre><code>address = "1"</code></pre>
<div class="intercom-interblocks-video"><iframe src="https://www.youtube.com/embed/yt1"></iframe></div>
<iframe src="https://player.vimeo.com/video/42"></iframe>
<iframe src="https://www.loom.com/embed/abc123"></iframe>
<iframe src="https://fast.wistia.net/embed/iframe/w1"></iframe>
<p><img src="{images}/i/o/1.png?expires=1&amp;signature=s" alt="{lang} screen"></p>
<p><img src="{images}/expired/2.png?signature=old" alt="{lang} old"></p>
<form action="https://forms.example/x"><input name="q"></form>
"""


def intercom_help_centre(images: str) -> tuple[list[Item], list[Item]]:
    """French source, English partly translated, a nested collection, a draft, every block,
    links across languages, markup in titles and descriptions."""
    collections = [
        Item(1, {"fr": Text("Compte et facturation", "", "Votre <b>compte</b>"),
                 "en": Text("Account and billing", "", "Your <b>account</b>")},
             icon="credit-card", order=1),
        Item(2, {"fr": Text("Sécurité", "", "Protéger le compte"),
                 "en": Text("Security", "", "Protect the account")}, parent=1, order=1),
        Item(3, {"fr": Text("Démarrer", "", "Les premiers pas")}, order=2),
    ]  # fmt: skip
    fr_link = f"{INTERCOM_HOST}/en/articles/102-close-the-account"  # the other language's
    en_link = f"{INTERCOM_HOST}/fr/articles/102-fermer-le-compte"
    fr_collection = f"{INTERCOM_HOST}/fr/collections/1-compte-et-facturation"
    en_collection = f"{INTERCOM_HOST}/en/collections/1-account-and-billing"
    articles = [
        Item(101, {"fr": Text("Changer d'adresse", every_block("fr", images, fr_link, "h_e2"),
                              "Changer l'adresse du compte"),
                   "en": Text("Change the address", every_block("en", images, en_link, "h_f2"),
                              "Change the account's address")}, parent=1),
        Item(102, {"fr": Text("Fermer le compte", f'<p>Voir <a href="{fr_collection}">1</a>.</p>'
                              '<h2 id="h_f1">Avant</h2><p>1</p><h2 id="h_f2">Données</h2><p>2</p>',
                              "Fermer"),
                   "en": Text(CLOSE_EN, f'<p>See <a href="{en_collection}">1</a>.</p>'
                              '<h2 id="h_e1">Before</h2><p>1</p><h2 id="h_e2">Your data</h2>'
                              "<p>2</p>", "Close")}, parent=2, parent_type="collection"),
        Item(103, {"fr": Text('Les balises <script>alert("t")</script>', "<p>Texte.</p>",
                              '"Guillemets" & <i>balises</i>')}, parent=3),
        Item(104, {"fr": Text("Brouillon", "<p>Pas prêt.</p>", state="draft")}, parent=3),
    ]  # fmt: skip
    return collections, articles


def zendesk_help_centre() -> tuple[list[Item], list[Item], list[Item]]:
    """A category, a section and a section nested in it; `en-us` for the site's `en`;
    one article's English text from the translations endpoint."""
    categories = [
        Item(10, {"fr": Text("Livraison", "", "Tout sur la livraison"),
                  "en-us": Text("Delivery", "", "All about delivery")}, order=3),
    ]  # fmt: skip
    sections = [
        Item(20, {"fr": Text("Suivi", "", "Suivre un colis"),
                  "en-us": Text("Tracking", "", "Track a parcel")},
             parent=10, parent_type="category"),
        Item(21, {"fr": Text("Retards", "", "Quand ça tarde"),
                  "en-us": Text("Delays", "", "When it is late")},
             parent=20, parent_type="section", extra={"category_id": 10}),
    ]  # fmt: skip
    # To a heading by its id: at the other language's address, and at the same language's
    # address with the article's id alone.
    late_in_english = f"{ZENDESK_HOST}/hc/en-us/articles/202-late-parcel#h_01HQ2"
    late_by_id = f"{ZENDESK_HOST}/hc/en-us/articles/202#h_01HQ2"
    warning = "callout callout--warning"
    articles = [
        Item(201, {"fr": Text("Suivre mon colis",
                              f'<p>Voir <a href="{late_in_english}">les retards</a>.</p>'
                              f'<p class="{warning}">Attention.</p>'),
                   "en-us": Text("Track my parcel",
                                 f'<p>See <a href="{late_by_id}">the delays</a>.</p>'
                                 f'<p class="{warning}">Careful.</p>')},
             parent=20, order=1),
        Item(202, {"fr": Text("Colis en retard",
                              '<p>Patientez.</p><h2 id="h_01HQ1">Combien de temps ?</h2><p>5</p>'),
                   "en-us": Text("Late parcel",
                                 '<p>Please wait.</p><h2 id="h_01HQ2">How long?</h2><p>5</p>')},
             parent=21, order=1),
    ]  # fmt: skip
    return categories, sections, articles
