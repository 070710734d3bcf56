"""Search data the build ships beside the Pagefind index: words, synonyms, article titles."""
