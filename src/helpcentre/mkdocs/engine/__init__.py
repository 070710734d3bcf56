"""The build engine: parallel parts, caches, the theme's files, what a dirty rebuild keeps."""
