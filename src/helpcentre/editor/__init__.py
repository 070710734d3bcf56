"""The browser editor at /admin/ (Decap CMS): its configuration, its files, its local backend."""
