"""Every use of MkDocs', Material's and static-i18n's internals, each tested per pinned version.

tests/test_compat.py checks each assumption below against the installed versions and
names the version in its failure: a pinned upgrade that changes one fails there, in one
place, rather than as a site that builds differently.
"""

from __future__ import annotations

from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig


def hook_modules(config: MkDocsConfig) -> list[ModuleType]:
    """The `hooks:` files of a loaded configuration, as modules. MkDocs loads each file
    once per process (its loader is cached) and keeps the modules in `config.hooks`, so
    every configuration loaded in a process hands its events to the same objects."""
    return [module for module in dict(config.hooks).values() if isinstance(module, ModuleType)]
