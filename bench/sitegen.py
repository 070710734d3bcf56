"""Writes a synthetic bilingual help centre of N articles per language for the benchmark."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
COLLECTIONS = 10


def write_sources(root: Path, per_language: int, *, seed: int = 6) -> list[str]:
    """Write docs/fr + docs/en with `per_language` articles each; return the article ids.

    Both languages share paths (article ids), as the real help centre does. Every policy
    key of data/policies.yml is quoted somewhere in each language, so strict builds pass.
    """
    inline_keys, table_keys = _policy_keys(REPO / "data" / "policies.yml")
    plan = _plan(per_language, seed)
    for lang in LANGS:
        words = WORDS[lang]
        base = root / "docs" / lang
        _write(base / "index.md", _front(HOME_TITLE[lang], HOME_DESCRIPTION[lang]))
        for number, (slug, icon) in enumerate(COLLECTION_SLUGS[:COLLECTIONS], start=1):
            title = f"{COLLECTION_WORD[lang]} {number}"
            _write(
                base / slug / "index.md",
                _front(title, _sentence(random.Random(number), words, 14), icon=icon, order=number)
                + "\n"
                + _sentence(random.Random(number + 100), words, 30)
                + "\n",
            )
        for index, article in enumerate(plan):
            rng = random.Random(seed * 1_000_003 + index)
            text = _article(article, index, plan, lang, rng, inline_keys, table_keys)
            _write(base / article.article_id, text)
    return [a.article_id for a in plan]


def write_project(root: Path, kind: str, checkout: Path = REPO) -> Path:
    """Make `root` a project of `kind` ('ours', 'ours-nohooks' or 'stock') around the docs
    already there; return its mkdocs.yml. 'ours' takes the configuration, hooks, theme,
    interface text and data file of `checkout` (this one, or another for a baseline)."""
    config = root / "mkdocs.yml"
    if kind == "stock":
        config.write_text(STOCK_CONFIG, encoding="utf-8")
        return config
    for shared in ("hooks", "overrides", "locales"):
        _link(root / shared, checkout / shared)
    (root / "data").mkdir(exist_ok=True)
    shutil.copy(checkout / "data" / "policies.yml", root / "data" / "policies.yml")
    text = (checkout / "mkdocs.yml").read_text(encoding="utf-8")
    if kind == "ours-nohooks":
        text = re.sub(r"^hooks:\n(?:[ \t]+-.*\n)*", "hooks: []\n", text, flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")
    return config


def _link(link: Path, target: Path) -> None:
    """Point `link` at `target`, replacing a link left by a build of another checkout
    (no link when the checkout has no such folder: older ones have no locales/)."""
    if link.is_symlink() and link.resolve() == target.resolve():
        return
    if link.is_symlink():
        link.unlink()
    if target.is_dir():
        link.symlink_to(target, target_is_directory=True)


def commit_sources(root: Path) -> None:
    """Make `root` a git checkout with one commit, so 'Updated' dates come from git."""
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q"], ["add", "docs"], ["commit", "-q", "-m", "synthetic"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


@dataclass(frozen=True)
class PlannedArticle:
    article_id: str
    collection: str
    order: int


def _plan(per_language: int, seed: int) -> list[PlannedArticle]:
    slugs = [slug for slug, _ in COLLECTION_SLUGS[:COLLECTIONS]]
    return [
        PlannedArticle(
            f"{slugs[i % COLLECTIONS]}/article-{i:05d}.md",
            slugs[i % COLLECTIONS],
            i // COLLECTIONS + 1,
        )
        for i in range(per_language)
    ]


def _article(
    article: PlannedArticle,
    index: int,
    plan: list[PlannedArticle],
    lang: str,
    rng: random.Random,
    inline_keys: list[str],
    table_keys: list[str],
) -> str:
    """About 400 words: lede, four sections, lists, a table, an admonition, markers, links."""
    words = WORDS[lang]
    title = f"{_sentence(rng, words, 5).rstrip('.')} ({index + 1})"
    tags = sorted(rng.sample(TAGS, 2))
    out = [_front(title, _sentence(rng, words, 16), order=article.order, tags=tags)]
    out.append(_paragraph(rng, words, 3))
    key_a = inline_keys[index % len(inline_keys)]
    key_b = inline_keys[(index * 7 + 3) % len(inline_keys)]
    for section in range(4):
        out.append(f"## {_sentence(rng, words, 4).rstrip('.')}\n")
        out.append(_paragraph(rng, words, 3))
        if section == 0:
            out.append("\n".join(f"{n}. {_sentence(rng, words, 8)}" for n in range(1, 5)) + "\n")
            out.append(f"{MARKER_LEAD[lang]} {{{{ policy.{key_a} }}}}.\n")
        elif section == 1:
            header = " | ".join(_sentence(rng, words, 2).rstrip(".") for _ in range(3))
            rows = [
                " | ".join(_sentence(rng, words, 3).rstrip(".") for _ in range(3)) for _ in range(4)
            ]
            out.append(
                f"| {header} |\n| --- | --- | --- |\n" + "".join(f"| {row} |\n" for row in rows)
            )
            if table_keys and index % 10 == 0:
                out.append(f"{{{{ policy.{table_keys[(index // 10) % len(table_keys)]} }}}}\n")
        elif section == 2:
            out.append(
                f'!!! note "{NOTE_TITLE[lang]}"\n    {_sentence(rng, words, 18)} '
                f"{{{{ policy.{key_b} }}}}.\n"
            )
            out.append("\n".join(f"- {_sentence(rng, words, 6)}" for _ in range(4)) + "\n")
        else:
            targets = [plan[(index + step) % len(plan)] for step in (1, 11, 37)]
            links = ", ".join(
                f"[{_sentence(rng, words, 3).rstrip('.')}]({_relative(article, t)})"
                for t in targets
                if t.article_id != article.article_id
            )
            out.append(f"{SEE_ALSO[lang]} {links}.\n")
    return "\n".join(out)


def _relative(source: PlannedArticle, target: PlannedArticle) -> str:
    name = target.article_id.split("/")[1]
    return name if source.collection == target.collection else f"../{target.article_id}"


def _front(title: str, description: str, **extra: object) -> str:
    lines = ["---", f"title: {_quote(title)}", f"description: {_quote(description)}"]
    for key, value in extra.items():
        shown = f"[{', '.join(value)}]" if isinstance(value, list) else str(value)
        lines.append(f"{key}: {shown}")
    return "\n".join([*lines, "---", ""])


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = [rng.choice(words) for _ in range(length)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: list[str], sentences: int) -> str:
    return " ".join(_sentence(rng, words, rng.randint(10, 18)) for _ in range(sentences)) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _policy_keys(data_file: Path) -> tuple[list[str], list[str]]:
    """Marker keys of the real data file: (inline keys, table keys), in file order."""
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    inline: list[str] = []
    tables: list[str] = []
    for group, entries in data.items():
        for name, entry in entries.items():
            (tables if entry.get("type") == "table" else inline).append(f"{group}.{name}")
    return inline, tables


def _split(text: str) -> list[str]:
    return text.split()


LANGS = ("fr", "en")
HOME_TITLE = {"fr": "Centre d'aide", "en": "Help centre"}
HOME_DESCRIPTION = {
    "fr": "Trouvez des réponses sur votre traceur, votre compte et votre contrat.",
    "en": "Find answers about your tracker, your account and your contract.",
}
COLLECTION_WORD = {"fr": "Rubrique", "en": "Collection"}
NOTE_TITLE = {"fr": "À savoir", "en": "Good to know"}
MARKER_LEAD = {"fr": "La valeur applicable est", "en": "The value that applies is"}
SEE_ALSO = {"fr": "Voir aussi", "en": "See also"}
COLLECTION_SLUGS = [
    ("premiers-pas", "material/map-marker"),
    ("facturation", "material/credit-card-outline"),
    ("compte", "material/account-circle"),
    ("suivi", "material/chart-line"),
    ("depannage", "material/wrench"),
    ("confidentialite", "material/shield-lock"),
    ("alertes", "material/bell"),
    ("application", "material/cellphone"),
    ("flotte", "material/truck"),
    ("reglages", "material/cog"),
]
TAGS = [
    "account",
    "alerts",
    "billing",
    "contract",
    "data",
    "device",
    "fleet",
    "gps",
    "mobile",
    "payments",
    "privacy",
    "users",
]
WORDS = {
    "fr": _split(
        "traceur véhicule compte contrat facture paiement alerte trajet carte zone batterie "
        "signal application tableau bord utilisateur accès mot passe réglage option délai "
        "données historique position vitesse flotte conducteur installation boîtier câble "
        "connexion réseau mise jour notification courriel téléphone assistance équipe demande "
        "suivi client abonnement période préavis remise frais montant date durée vous pouvez "
        "devez ouvrez cliquez choisissez vérifiez confirmez enregistrez le la les un une des "
        "du de votre vos notre nos pour avec sans dans sur par puis ensuite chaque tout aussi "
        "toujours jamais rapidement simplement "
    ),
    "en": _split(
        "tracker vehicle account contract invoice payment alert journey map zone battery "
        "signal app dashboard user access password setting option delay data history position "
        "speed fleet driver installation unit cable connection network update notification "
        "email phone support team request tracking customer plan period notice discount fee "
        "amount date duration you can must open click choose check confirm save the a an of "
        "your our for with without in on by then next each every also always never quickly "
        "simply "
    ),
}
STOCK_CONFIG = """\
site_name: Centre d'aide
site_url: https://help.example/
docs_dir: docs
theme:
  name: material
  language: fr
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - locale: fr
          name: Français
          default: true
          build: true
        - locale: en
          name: English
          build: true
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
      slugify: !!python/name:helpcentre.content.slugs.slugify
  - pymdownx.details
  - pymdownx.superfences
"""
