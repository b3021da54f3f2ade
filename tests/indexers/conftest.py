"""Fixtures for these tests; their helpers live in indexer_support.py, imported by that unique name."""

from indexer_support import *  # noqa: F403
