"""Bundled data: the shipped form catalogue, the default config, icons and styles."""
