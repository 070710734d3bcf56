"""Files written once per site: 404s, redirects, sitemap, search files, manifest, build info."""
