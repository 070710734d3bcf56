"""Site-wide files are written once, by the outermost build, after every language is built."""

from __future__ import annotations

import json

from conftest import build_project, write_project

# A second hook that runs after ours at the end of each language build and notes which
# site-wide files exist at that moment.
PROBE = """
import json, os
from mkdocs.plugins import event_priority

@event_priority(-300)
def on_post_build(config):
    # static-i18n points site_dir at site/<lang>/ while it builds another language.
    root = os.path.dirname(config.config_file_path)
    site = os.path.join(root, "site")
    seen = {name: os.path.exists(os.path.join(site, name))
            for name in ("feedback-manifest.json", "sitemap.xml", "pagefind")}
    with open(os.path.join(root, "probe.log"), "a") as out:
        out.write(json.dumps(seen) + "\\n")
"""


def test_site_wide_files_appear_only_when_every_language_is_built(tmp_path):
    root = write_project(tmp_path / "p")
    (root / "probe.py").write_text(PROBE, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - hooks/entry.py\n", "  - hooks/entry.py\n  - probe.py\n"))
    site = build_project(root)
    probes = [json.loads(line) for line in (root / "probe.log").read_text().splitlines()]
    nothing = {"feedback-manifest.json": False, "sitemap.xml": False, "pagefind": False}
    everything = dict.fromkeys(nothing, True)
    # English is built inside the French build: nothing site-wide exists when it ends;
    # everything does once the French build, the outermost, ends.
    assert probes == [nothing, everything]
    manifest = json.loads((site.site_dir / "feedback-manifest.json").read_text())
    assert manifest["articles"]["facturation/annulation.md"].keys() == {"fr", "en"}
