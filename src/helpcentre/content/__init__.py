"""Articles as files: front matter, translations, collections and change dates."""
